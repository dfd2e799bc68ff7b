import { FRACTION, RATE, STEP_COUNT, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link stepDecay}, the names of the seed article's `step_decay` function.
 *
 * @example
 * ```ts
 * import { stepDecay, type StepDecayOptions } from '@anneal/core';
 * const options: StepDecayOptions = { initialLearningRate: 0.1, drop: 0.5, epochsDrop: 10 };
 * const schedule = stepDecay(options);
 * [8, 9].map(schedule); // [0.1, 0.05]
 * ```
 */
export interface StepDecayOptions {
  /** The rate at epoch 0 (the article's `init_lr`). Finite, >= 0. */
  readonly initialLearningRate: number;
  /** The factor of each drop (the article's `drop`). In [0, 1]. */
  readonly drop: number;
  /** Epochs between two drops (the article's `epochs_drop`). Finite, > 0. */
  readonly epochsDrop: number;
}

/**
 * The resolved options a {@link stepDecay} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { stepDecay, type StepDecayConfig } from '@anneal/core';
 * const schedule = stepDecay({ initialLearningRate: 0.1, drop: 0.5, epochsDrop: 10 });
 * const options: StepDecayConfig = schedule.config.options;
 * options.epochsDrop; // 10
 * ```
 */
export type StepDecayConfig = Required<StepDecayOptions>;

/**
 * The classic Keras-blog step decay, as a function of the epoch: `initialLearningRate * drop ** floor((1 + epoch)
 * / epochsDrop)`. The seed article writes `pow(drop, floor(1 + epoch) / epochs_drop)`, which floors before
 * dividing and so decays continuously; this is the intended staircase. Note the `1 +`: the first drop comes at epoch
 * `epochsDrop - 1`. Meant for `learningRateScheduler`, which calls schedules with the epoch.
 *
 * @example
 * ```ts
 * import { delay, stepDecay } from '@anneal/core';
 * // The article: 0.1 for 100 epochs, then halve every 10 epochs.
 * const schedule = delay({ schedule: stepDecay({ initialLearningRate: 0.1, drop: 0.5, epochsDrop: 10 }), delaySteps: 100 });
 * schedule(99); // 0.1
 * schedule(109); // 0.05
 * ```
 */
export function stepDecay(options: StepDecayOptions): ConfiguredSchedule<'stepDecay', StepDecayConfig> {
  const source = 'stepDecay';
  const input = readOptions(source, options, ['initialLearningRate', 'drop', 'epochsDrop']);
  const initialLearningRate = requiredNumber(input, 'initialLearningRate', RATE);
  const drop = requiredNumber(input, 'drop', FRACTION);
  const epochsDrop = requiredNumber(input, 'epochsDrop', STEP_COUNT);
  return withConfig(
    (epoch: number): number => {
      checkStep(source, epoch);
      return initialLearningRate * drop ** Math.floor((1 + epoch) / epochsDrop);
    },
    input,
  );
}
