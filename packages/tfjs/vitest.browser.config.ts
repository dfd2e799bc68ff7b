import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tooling/chromium.ts';

// The GPU backends run in a real browser: Debian's Chromium, headless, WebGL and WebGPU in software.
export default defineConfig({
  test: {
    name: '@anneal/tfjs (chromium)',
    include: ['src/**/*.browser.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results.browser.json' }]],
    testTimeout: 120_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] } }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
