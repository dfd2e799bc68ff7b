import { InvalidOptionError } from '../errors.js';
import { RATE, STEP_OFFSET, optionalNumber, readOptions, requiredNumber, requiredSchedule, isValidRate } from '../internal/options.js';
import { checkStep, withConfig, type ChildConfig, type ConfiguredSchedule, type Schedule } from '../schedule.js';

/**
 * Options of {@link delay}.
 *
 * @example
 * ```ts
 * import { cosineDecay, delay, type DelayOptions } from '@anneal/core';
 * const options: DelayOptions = { schedule: cosineDecay({ initialLearningRate: 0.1, decaySteps: 100 }), delaySteps: 20, learningRate: 0.01 };
 * const schedule = delay(options);
 * [0, 20].map(schedule); // [0.01, 0.1]
 * ```
 */
export interface DelayOptions {
  /** The schedule that starts after the delay; it sees steps counted from the end of the delay. */
  readonly schedule: Schedule;
  /** Steps to hold before the schedule starts. Finite, >= 0. */
  readonly delaySteps: number;
  /** The rate held during the delay. Finite, >= 0. Default: `schedule(0)`, so the curve is continuous. */
  readonly learningRate?: number;
}

/**
 * The resolved options a {@link delay} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { delay, exponentialDecay, type DelayConfig } from '@anneal/core';
 * const schedule = delay({ schedule: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }), delaySteps: 100 });
 * const options: DelayConfig = schedule.config.options;
 * options.learningRate; // 0.1, the inner schedule's step 0
 * ```
 */
export interface DelayConfig {
  readonly schedule: ChildConfig;
  readonly delaySteps: number;
  readonly learningRate: number;
}

/**
 * Holds a rate for `delaySteps`, then starts the schedule from its own step 0: the seed article's "keep the rate for
 * 100 epochs, then decay". Equivalent to optax `join_schedules([constant, schedule], [delaySteps])`.
 *
 * @example
 * ```ts
 * import { delay, exponentialDecay } from '@anneal/core';
 * const schedule = delay({ schedule: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }), delaySteps: 100 });
 * schedule(100); // 0.1
 * schedule(110); // 0.05
 * ```
 */
export function delay(options: DelayOptions): ConfiguredSchedule<'delay', DelayConfig> {
  const source = 'delay';
  const input = readOptions(source, options, ['schedule', 'delaySteps', 'learningRate']);
  const schedule = requiredSchedule(input, 'schedule');
  const delaySteps = requiredNumber(input, 'delaySteps', STEP_OFFSET);
  const start = schedule(0);
  if (input.input['learningRate'] === undefined && !isValidRate(start)) {
    throw new InvalidOptionError(source, 'schedule', start, 'must give a finite rate >= 0 at step 0');
  }
  const learningRate = optionalNumber(input, 'learningRate', RATE, start);
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      return step < delaySteps ? learningRate : schedule(step - delaySteps);
    },
    input,
  );
}
