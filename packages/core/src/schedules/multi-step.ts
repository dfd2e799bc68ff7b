import { RATE, STEP_BOUNDARY, optionalNumber, readOptions, requiredNumber, requiredNumberArray } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link multiStep}; PyTorch `MultiStepLR`'s arguments with the base rate made explicit.
 *
 * @example
 * ```ts
 * import { multiStep, type MultiStepOptions } from '@anneal/core';
 * const options: MultiStepOptions = { initialLearningRate: 1, milestones: [30, 80], gamma: 0.5 };
 * const schedule = multiStep(options);
 * [29, 30, 80].map(schedule); // [1, 0.5, 0.25]
 * ```
 */
export interface MultiStepOptions {
  /** The rate before the first milestone. Finite, >= 0. */
  readonly initialLearningRate: number;
  /** Steps at which the rate is multiplied by `gamma`: finite, >= 0, strictly increasing, at least one. */
  readonly milestones: readonly number[];
  /** The factor applied at each milestone. In [0, 1]. Default `0.1`. */
  readonly gamma?: number;
}

/**
 * The resolved options a {@link multiStep} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { multiStep, type MultiStepConfig } from '@anneal/core';
 * const schedule = multiStep({ initialLearningRate: 1, milestones: [30, 80] });
 * const options: MultiStepConfig = schedule.config.options;
 * options.gamma; // 0.1
 * ```
 */
export type MultiStepConfig = Required<MultiStepOptions>;

/**
 * PyTorch's `MultiStepLR`: `initialLearningRate * gamma ** (number of milestones <= step)`. At a milestone the NEW
 * value already applies — the opposite side from Keras's {@link piecewiseConstantDecay}, where a step equal to a
 * boundary keeps the old value.
 *
 * @example
 * ```ts
 * import { multiStep } from '@anneal/core';
 * const schedule = multiStep({ initialLearningRate: 0.05, milestones: [2, 5, 9] });
 * [1, 2, 5, 9].map(schedule); // ≈ [0.05, 0.005, 0.0005, 0.00005], up to float rounding
 * ```
 */
export function multiStep(options: MultiStepOptions): ConfiguredSchedule<'multiStep', MultiStepConfig> {
  const source = 'multiStep';
  const input = readOptions(source, options, ['initialLearningRate', 'milestones', 'gamma']);
  const initialLearningRate = requiredNumber(input, 'initialLearningRate', RATE);
  const milestones = requiredNumberArray(input, 'milestones', STEP_BOUNDARY, { increasing: true, minLength: 1 });
  const gamma = optionalNumber(input, 'gamma', { min: 0, max: 1 }, 0.1);
  const table = Float64Array.from(milestones);
  const levels = Float64Array.from({ length: table.length + 1 }, (_, passed) => initialLearningRate * gamma ** passed);
  const count = table.length;
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      let passed = 0;
      while (passed < count && step >= (table[passed] as number)) passed++;
      return levels[passed] as number;
    },
    input,
  );
}
