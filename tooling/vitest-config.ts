import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/**
 * The test setup every anneal package shares: seeded fast-check, type tests, a JSON result for the summary.
 * `alias` maps package names to source files, for tests that must not wait for (or cycle through) a build.
 */
export function annealVitestConfig(name: string, alias: Record<string, string> = {}): ViteUserConfig {
  return defineConfig({
    resolve: { alias },
    test: {
      name,
      include: ['src/**/*.test.ts'],
      // *.browser.test.ts run in Chromium through a package's vitest.browser.config.ts.
      exclude: ['**/node_modules/**', 'src/**/*.browser.test.ts'],
      globalSetup: [here('./fast-check-seed.ts')],
      setupFiles: [here('./fast-check-setup.ts')],
      // A hang guard, not a speed check: real training runs (wasm sessions, tfjs fits) share CI's 2 cores with every
      // other package's tests, and vitest's 5 s default cut one short there.
      testTimeout: 60_000,
      reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
      typecheck: {
        enabled: true,
        include: ['src/**/*.test-d.ts'],
        tsconfig: './tsconfig.json',
      },
      benchmark: {
        include: ['src/**/*.bench.ts'],
      },
    },
  });
}
