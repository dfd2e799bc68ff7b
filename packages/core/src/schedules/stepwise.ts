import { RATE, STEP_COUNT, optionalNumber, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link stepwise}; PyTorch `StepLR`'s arguments with the base rate made explicit.
 *
 * @example
 * ```ts
 * import { stepwise, type StepwiseOptions } from '@anneal/core';
 * const options: StepwiseOptions = { initialLearningRate: 1, stepSize: 30, gamma: 0.5 };
 * const schedule = stepwise(options);
 * [29, 30, 60].map(schedule); // [1, 0.5, 0.25]
 * ```
 */
export interface StepwiseOptions {
  /** The rate before the first drop. Finite, >= 0. */
  readonly initialLearningRate: number;
  /** Steps between two drops (PyTorch `step_size`). Finite, > 0. */
  readonly stepSize: number;
  /** The factor of each drop. In [0, 1]. Default `0.1` (PyTorch's default). */
  readonly gamma?: number;
}

/**
 * The resolved options a {@link stepwise} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { stepwise, type StepwiseConfig } from '@anneal/core';
 * const schedule = stepwise({ initialLearningRate: 1, stepSize: 30 });
 * const options: StepwiseConfig = schedule.config.options;
 * options.gamma; // 0.1
 * ```
 */
export type StepwiseConfig = Required<StepwiseOptions>;

/**
 * PyTorch's `StepLR`: `initialLearningRate * gamma ** floor(step / stepSize)`. The drop happens AT the multiple
 * of `stepSize` (step 30 of `stepSize: 30` already has the new rate), like Keras's staircase `exponentialDecay`.
 *
 * @example
 * ```ts
 * import { stepwise } from '@anneal/core';
 * const schedule = stepwise({ initialLearningRate: 0.05, stepSize: 3, gamma: 0.1 });
 * [0, 2, 3, 6].map(schedule); // ≈ [0.05, 0.05, 0.005, 0.0005], up to float rounding
 * ```
 */
export function stepwise(options: StepwiseOptions): ConfiguredSchedule<'stepwise', StepwiseConfig> {
  const source = 'stepwise';
  const input = readOptions(source, options, ['initialLearningRate', 'stepSize', 'gamma']);
  const initialLearningRate = requiredNumber(input, 'initialLearningRate', RATE);
  const stepSize = requiredNumber(input, 'stepSize', STEP_COUNT);
  const gamma = optionalNumber(input, 'gamma', { min: 0, max: 1 }, 0.1);
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      return initialLearningRate * gamma ** Math.floor(step / stepSize);
    },
    input,
  );
}
