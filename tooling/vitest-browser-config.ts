import { playwright } from '@vitest/browser-playwright';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

/**
 * The browser half of a package's tests: `*.browser.test.ts` in Debian's Chromium, headless, WebGL and WebGPU in
 * software, with its own JSON report for the workspace summary. (Failure screenshots would land in src/.)
 */
export function annealBrowserConfig(name: string): ViteUserConfig {
  return defineConfig({
    test: {
      name: `${name} (chromium)`,
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
}
