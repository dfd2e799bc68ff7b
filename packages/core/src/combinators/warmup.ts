import { InvalidOptionError } from '../errors.js';
import { RATE, STEP_COUNT, optionalChoice, optionalNumber, readOptions, requiredNumber, requiredSchedule, isValidRate } from '../internal/options.js';
import { checkStep, withConfig, type ChildConfig, type ConfiguredSchedule, type Schedule } from '../schedule.js';

/**
 * How {@link warmup} fills its first steps.
 *
 * @example
 * ```ts
 * import { constant, warmup, type WarmupType } from '@anneal/core';
 * const type: WarmupType = 'constant';
 * const schedule = warmup({ schedule: constant({ learningRate: 0.1 }), warmupSteps: 5, initialLearningRate: 0.01, type });
 * [4, 5].map(schedule); // [0.01, 0.1]
 * ```
 */
export type WarmupType = 'linear' | 'constant';

/**
 * Options of {@link warmup}.
 *
 * @example
 * ```ts
 * import { cosineDecay, warmup, type WarmupOptions } from '@anneal/core';
 * const options: WarmupOptions = { schedule: cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000 }), warmupSteps: 100, initialLearningRate: 0.02 };
 * const schedule = warmup(options);
 * schedule(50); // 0.06, half way from 0.02 to cosineDecay's 0.1
 * ```
 */
export interface WarmupOptions {
  /** The schedule that runs after the warmup; it sees steps counted from the end of the warmup. */
  readonly schedule: Schedule;
  /** Length of the warmup. Finite, > 0. */
  readonly warmupSteps: number;
  /** The rate at step 0. Finite, >= 0. Default `0` for `'linear'`; required for `'constant'`. */
  readonly initialLearningRate?: number;
  /** `'linear'` (default) ramps from `initialLearningRate` to `schedule(0)`; `'constant'` holds `initialLearningRate` (PyTorch `ConstantLR`). */
  readonly type?: WarmupType;
}

/**
 * The resolved options a {@link warmup} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { constant, warmup, type WarmupConfig } from '@anneal/core';
 * const schedule = warmup({ schedule: constant({ learningRate: 0.1 }), warmupSteps: 10 });
 * const options: WarmupConfig = schedule.config.options;
 * options.schedule; // { name: 'constant', options: { learningRate: 0.1 } }
 * options.type; // 'linear'
 * ```
 */
export interface WarmupConfig {
  readonly schedule: ChildConfig;
  readonly warmupSteps: number;
  readonly initialLearningRate: number;
  readonly type: WarmupType;
}

/**
 * Puts a warmup in front of a schedule. `'linear'` climbs from `initialLearningRate` at step 0 to
 * `schedule(0)` at step `warmupSteps` (Hugging Face, optax `warmup_*`, Keras `cosineDecay` warmup); `'constant'`
 * holds `initialLearningRate` (PyTorch `ConstantLR` followed by the schedule in `SequentialLR`). From step
 * `warmupSteps` on, the wrapped schedule runs from its own step 0, like optax `join_schedules`.
 *
 * @example
 * ```ts
 * import { cosineDecay, warmup } from '@anneal/core';
 * const schedule = warmup({ schedule: cosineDecay({ initialLearningRate: 0.1, decaySteps: 900 }), warmupSteps: 100 });
 * schedule(50); // 0.05
 * schedule(100); // 0.1
 * ```
 */
export function warmup(options: WarmupOptions): ConfiguredSchedule<'warmup', WarmupConfig> {
  const source = 'warmup';
  const input = readOptions(source, options, ['schedule', 'warmupSteps', 'initialLearningRate', 'type']);
  const schedule = requiredSchedule(input, 'schedule');
  const warmupSteps = requiredNumber(input, 'warmupSteps', STEP_COUNT);
  const initialLearningRate = optionalNumber(input, 'initialLearningRate', RATE, 0);
  const type = optionalChoice(input, 'type', ['linear', 'constant'], 'linear');
  if (type === 'constant' && input.input['initialLearningRate'] === undefined) {
    throw new InvalidOptionError(source, 'initialLearningRate', undefined, "is required with type 'constant'");
  }
  const target = schedule(0);
  // The warmup climbs to schedule(0): a NaN or negative there would surface as a NaN rate mid-warmup.
  if (!isValidRate(target)) throw new InvalidOptionError(source, 'schedule', target, 'must give a finite rate >= 0 at step 0');
  const rise = target - initialLearningRate;
  const evaluate =
    type === 'linear'
      ? (step: number): number => {
          checkStep(source, step);
          return step < warmupSteps ? initialLearningRate + rise * (step / warmupSteps) : schedule(step - warmupSteps);
        }
      : (step: number): number => {
          checkStep(source, step);
          return step < warmupSteps ? initialLearningRate : schedule(step - warmupSteps);
        };
  return withConfig(evaluate, input);
}
