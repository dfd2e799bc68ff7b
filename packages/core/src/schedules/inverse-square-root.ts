import { RATE, STEP_COUNT, STEP_OFFSET, optionalNumber, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link inverseSquareRoot}; Hugging Face `get_inverse_sqrt_schedule`'s arguments.
 *
 * @example
 * ```ts
 * import { inverseSquareRoot, type InverseSquareRootOptions } from '@anneal/core';
 * const options: InverseSquareRootOptions = { peakLearningRate: 1, warmupSteps: 100, timescale: 25 };
 * const schedule = inverseSquareRoot(options);
 * [50, 100, 175].map(schedule); // [0.5, 1, 0.5]
 * ```
 */
export interface InverseSquareRootOptions {
  /** The rate at the end of the warmup (the optimizer's lr in Hugging Face). Finite, >= 0. */
  readonly peakLearningRate: number;
  /** Steps of linear warmup from 0. Finite, >= 0. Default `0`. */
  readonly warmupSteps?: number;
  /** Steps over which the decay acts: after the warmup the rate is `peak / sqrt((step - warmupSteps + timescale) / timescale)`. Finite, > 0. Default: `warmupSteps`, or 10 000 without warmup. */
  readonly timescale?: number;
}

/**
 * The resolved options an {@link inverseSquareRoot} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { inverseSquareRoot, type InverseSquareRootConfig } from '@anneal/core';
 * const schedule = inverseSquareRoot({ peakLearningRate: 0.001 });
 * const options: InverseSquareRootConfig = schedule.config.options;
 * options.timescale; // 10000, the default without warmup
 * ```
 */
export type InverseSquareRootConfig = Required<InverseSquareRootOptions>;

/**
 * The inverse square-root decay of the Transformer paper, as Hugging Face computes it: linear warmup from 0 to
 * `peakLearningRate` over `warmupSteps`, then `peak / sqrt((step - warmupSteps + timescale) / timescale)`. With the
 * default timescale this is `peak * sqrt(warmupSteps / step)`.
 *
 * @example
 * ```ts
 * import { inverseSquareRoot } from '@anneal/core';
 * const schedule = inverseSquareRoot({ peakLearningRate: 10, warmupSteps: 2 });
 * [0, 1, 2, 8].map(schedule); // [0, 5, 10, 5]
 * ```
 */
export function inverseSquareRoot(
  options: InverseSquareRootOptions,
): ConfiguredSchedule<'inverseSquareRoot', InverseSquareRootConfig> {
  const source = 'inverseSquareRoot';
  const input = readOptions(source, options, ['peakLearningRate', 'warmupSteps', 'timescale']);
  const peakLearningRate = requiredNumber(input, 'peakLearningRate', RATE);
  const warmupSteps = optionalNumber(input, 'warmupSteps', STEP_OFFSET, 0);
  const timescale = optionalNumber(input, 'timescale', STEP_COUNT, warmupSteps > 0 ? warmupSteps : 10_000);
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      if (step < warmupSteps) return peakLearningRate * (step / warmupSteps);
      // (step - warmupSteps) first: adding a large warmup and a small timescale first could round to 0.
      return peakLearningRate / Math.sqrt((step - warmupSteps) / timescale + 1);
    },
    input,
  );
}
