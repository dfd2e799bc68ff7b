import { InvalidOptionError } from '../errors.js';
import { formatFloat } from '../internal/format-float.js';
import { optionalNumber, readOptions } from '../internal/options.js';
import type { Callback } from './callback.js';

/**
 * The function {@link learningRateScheduler} calls at the start of every epoch: the epoch (0-based) and the current
 * rate in, the rate for this epoch out. A one-argument `(epoch) => rate` — any anneal schedule, such as `stepDecay` —
 * works too.
 *
 * @example
 * ```ts
 * import type { EpochSchedule } from '@anneal/core';
 * const halveAfterTen: EpochSchedule = (epoch, learningRate) => (epoch < 10 ? learningRate : learningRate * 0.5);
 * ```
 */
export type EpochSchedule = (epoch: number, learningRate: number) => number;

/**
 * Options of {@link learningRateScheduler}.
 *
 * @example
 * ```ts
 * import { learningRateScheduler, type LearningRateSchedulerOptions } from '@anneal/core';
 * const options: LearningRateSchedulerOptions = { verbose: 1 };
 * learningRateScheduler((epoch) => 0.1 * 0.9 ** epoch, options);
 * ```
 */
export interface LearningRateSchedulerOptions {
  /** 1 prints "Epoch N: LearningRateScheduler setting learning rate to X." at every epoch, as Keras. Default 0. */
  readonly verbose?: 0 | 1;
}

/**
 * Keras's `LearningRateScheduler`: at the start of every epoch, sets the learning rate to `schedule(epoch, lr)`.
 * It sets the rate at every epoch, so under the default conflict rule it drives every step, whatever schedule
 * the optimizer was given. A non-finite or negative result is an `InvalidLearningRateError` naming the epoch.
 *
 * @example
 * ```ts
 * import { createController, delay, learningRateScheduler, stepDecay } from '@anneal/core';
 * // The seed article's method two: 0.1 for 100 epochs, then halve every 10.
 * const articleDecay = delay({ schedule: stepDecay({ initialLearningRate: 0.1, drop: 0.5, epochsDrop: 10 }), delaySteps: 100 });
 * const controller = createController({ learningRate: 0.1, callbacks: [learningRateScheduler(articleDecay)] });
 * ```
 */
export function learningRateScheduler(schedule: EpochSchedule, options: LearningRateSchedulerOptions = {}): Callback<null> {
  const source = 'learningRateScheduler';
  if (typeof schedule !== 'function') {
    throw new InvalidOptionError(source, 'schedule', schedule, 'must be a function (epoch, lr) => number');
  }
  const input = readOptions(source, options, ['verbose']);
  const verbose = optionalNumber(input, 'verbose', { integer: true, min: 0, max: 1 }, 0);
  return {
    name: source,
    setsLearningRate: true,
    initialState: null,
    onEpochBegin: (_state, { epoch, learningRate }) => {
      // JavaScript passes extra arguments silently, so one call serves both of Keras's signatures.
      // A value that is not a finite rate >= 0 is refused by the controller, as an InvalidLearningRateError naming this
      // callback and the epoch, before anything else of the outcome is used.
      const value = schedule(epoch, learningRate);
      return {
        learningRate: value,
        messages: verbose > 0 ? [`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${formatFloat(value)}.`] : [],
      };
    },
  };
}
