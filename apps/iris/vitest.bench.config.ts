import { defineConfig } from 'vitest/config';

// `pnpm bench`: bench/full-run.ts, the 200-epoch run on every backend (Node, then the built page in Chromium).
export default defineConfig({
  test: { name: '@anneal/iris (bench)', include: ['bench/full-run.ts'], testTimeout: 7_200_000, hookTimeout: 120_000 },
});
