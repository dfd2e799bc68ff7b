import { defineConfig } from 'vitest/config';

// The built page in Debian's Chromium, driven by playwright-core: training on the four browser backends. Its report
// is the package's Chromium report, which scripts/summarize-tests.mjs adds to the workspace total.
export default defineConfig({
  test: {
    name: '@anneal/iris (chromium)',
    include: ['e2e/**/*.e2e.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results.browser.json' }]],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    // One browser, one page, the backends one after the other: SwiftShader shares the machine's cores.
    fileParallelism: false,
  },
});
