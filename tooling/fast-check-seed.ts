import type { TestProject } from 'vitest/node';

/**
 * Picks one fast-check seed for the whole run, prints it, and hands it to every test file, so that a failure seen
 * in CI replays exactly with `FC_SEED=<seed> pnpm test`.
 */
export default function setup(project: TestProject): void {
  const fromEnvironment = process.env['FC_SEED'];
  const seed =
    fromEnvironment !== undefined && fromEnvironment !== ''
      ? Number.parseInt(fromEnvironment, 10)
      : (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got '${fromEnvironment}'`);
  const numRuns = Number.parseInt(process.env['FC_NUM_RUNS'] ?? '200', 10);
  console.log(`[${project.name || 'tests'}] fast-check seed ${seed}, ${numRuns} runs per property — replay with FC_SEED=${seed} pnpm test`);
  project.provide('fastCheckSeed', seed);
  project.provide('fastCheckNumRuns', numRuns);
}

declare module 'vitest' {
  export interface ProvidedContext {
    fastCheckSeed: number;
    fastCheckNumRuns: number;
  }
}
