import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tooling/chromium.ts';

// The WebGPU execution provider runs in a real browser: Debian's Chromium, headless, WebGPU on SwiftShader.
export default defineConfig({
  test: {
    name: '@anneal/onnxruntime-web (chromium)',
    include: ['src/**/*.browser.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results.browser.json' }]],
    testTimeout: 120_000,
    browser: {
      enabled: true,
      headless: true,
      screenshotFailures: false,
      provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] } }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
