import { InvalidOptionError } from '../errors.js';
import { RATE, STEP_COUNT, optionalChoice, optionalNumber, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * The amplitude policies of {@link cyclic}, PyTorch `CyclicLR`'s `mode`.
 *
 * @example
 * ```ts
 * import { cyclic, type CyclicMode } from '@anneal/core';
 * const mode: CyclicMode = 'triangular2';
 * const schedule = cyclic({ baseLearningRate: 1, maxLearningRate: 5, stepSizeUp: 4, mode });
 * schedule(4); // 5, the first peak
 * schedule(12); // 3, the second peak at half the amplitude
 * ```
 */
export type CyclicMode = 'triangular' | 'triangular2' | 'exp_range';

/**
 * Options of {@link cyclic}; PyTorch `CyclicLR`'s arguments in camelCase.
 *
 * @example
 * ```ts
 * import { cyclic, type CyclicOptions } from '@anneal/core';
 * const options: CyclicOptions = { baseLearningRate: 1, maxLearningRate: 3, stepSizeUp: 2, stepSizeDown: 6 };
 * const schedule = cyclic(options);
 * [0, 2, 5, 8].map(schedule); // [1, 3, 2, 1]
 * ```
 */
export interface CyclicOptions {
  /** The bottom of every cycle (PyTorch `base_lr`). Finite, >= 0. */
  readonly baseLearningRate: number;
  /** The top of the first cycle (PyTorch `max_lr`). Finite, >= `baseLearningRate`. */
  readonly maxLearningRate: number;
  /** Steps from bottom to top. Finite, > 0. Default `2000`. */
  readonly stepSizeUp?: number;
  /** Steps from top to bottom. Finite, > 0. Default: `stepSizeUp`. */
  readonly stepSizeDown?: number;
  /** `'triangular'` keeps the amplitude, `'triangular2'` halves it every cycle, `'exp_range'` scales it by `gamma ** step`. Default `'triangular'`. */
  readonly mode?: CyclicMode;
  /** The per-step amplitude factor of `'exp_range'`. In (0, 1]. Default `1`. */
  readonly gamma?: number;
}

/**
 * The resolved options a {@link cyclic} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { cyclic, type CyclicConfig } from '@anneal/core';
 * const schedule = cyclic({ baseLearningRate: 0.001, maxLearningRate: 0.006 });
 * const options: CyclicConfig = schedule.config.options;
 * options.stepSizeDown; // 2000, stepSizeUp's default
 * options.mode; // 'triangular'
 * ```
 */
export type CyclicConfig = Required<CyclicOptions>;

/**
 * PyTorch's `CyclicLR` (Smith's cyclical learning rates): a triangle wave between `baseLearningRate` and
 * `maxLearningRate`, rising for `stepSizeUp` steps and falling for `stepSizeDown`, its amplitude shaped by `mode`.
 * Step 0 is the base rate. The schedule is periodic with period `stepSizeUp + stepSizeDown` in `'triangular'` mode.
 *
 * @example
 * ```ts
 * import { cyclic } from '@anneal/core';
 * const schedule = cyclic({ baseLearningRate: 1, maxLearningRate: 5, stepSizeUp: 4 });
 * [0, 2, 4, 6, 8].map(schedule); // [1, 3, 5, 3, 1]
 * ```
 */
export function cyclic(options: CyclicOptions): ConfiguredSchedule<'cyclic', CyclicConfig> {
  const source = 'cyclic';
  const input = readOptions(source, options, ['baseLearningRate', 'maxLearningRate', 'stepSizeUp', 'stepSizeDown', 'mode', 'gamma']);
  const baseLearningRate = requiredNumber(input, 'baseLearningRate', RATE);
  const maxLearningRate = requiredNumber(input, 'maxLearningRate', RATE);
  if (maxLearningRate < baseLearningRate) {
    throw new InvalidOptionError(source, 'maxLearningRate', maxLearningRate, `must be >= baseLearningRate (${baseLearningRate})`);
  }
  const stepSizeUp = optionalNumber(input, 'stepSizeUp', STEP_COUNT, 2000);
  const stepSizeDown = optionalNumber(input, 'stepSizeDown', STEP_COUNT, stepSizeUp);
  const mode = optionalChoice(input, 'mode', ['triangular', 'triangular2', 'exp_range'], 'triangular');
  const gamma = optionalNumber(input, 'gamma', { above: 0, max: 1 }, 1);
  const cycleLength = stepSizeUp + stepSizeDown;
  const upRatio = stepSizeUp / cycleLength;
  const amplitude = maxLearningRate - baseLearningRate;
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      const cycle = Math.floor(1 + step / cycleLength);
      const position = 1 + step / cycleLength - cycle;
      const height = position <= upRatio ? position / upRatio : (position - 1) / (upRatio - 1);
      const scale = mode === 'triangular' ? 1 : mode === 'triangular2' ? 1 / 2 ** (cycle - 1) : gamma ** step;
      return baseLearningRate + amplitude * height * scale;
    },
    input,
  );
}
