import { InvalidOptionError } from '../errors.js';
import { STEP_OFFSET, readOptions, requiredNumberArray, requiredScheduleArray } from '../internal/options.js';
import { checkStep, withConfig, type ChildConfig, type ConfiguredSchedule, type Schedule } from '../schedule.js';

/**
 * Options of {@link join}.
 *
 * @example
 * ```ts
 * import { cosineDecay, join, linear, type JoinOptions } from '@anneal/core';
 * const options: JoinOptions = {
 *   schedules: [linear({ initialLearningRate: 0, endLearningRate: 0.1, transitionSteps: 10 }), cosineDecay({ initialLearningRate: 0.1, decaySteps: 90 })],
 *   boundaries: [10],
 * };
 * const schedule = join(options);
 * [10, 55].map(schedule); // [0.1, 0.05]
 * ```
 */
export interface JoinOptions {
  /** The schedules to run one after another; at least two. */
  readonly schedules: readonly Schedule[];
  /** The steps where each next schedule takes over: one fewer than `schedules`, finite, >= 0, strictly increasing. */
  readonly boundaries: readonly number[];
}

/**
 * The resolved options a {@link join} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { constant, cosineDecay, join, type JoinConfig } from '@anneal/core';
 * const schedule = join({ schedules: [constant({ learningRate: 0.1 }), cosineDecay({ initialLearningRate: 0.1, decaySteps: 90 })], boundaries: [10] });
 * const options: JoinConfig = schedule.config.options;
 * options.schedules.map((child) => child.name); // ['constant', 'cosineDecay']
 * ```
 */
export interface JoinConfig {
  readonly schedules: readonly ChildConfig[];
  readonly boundaries: readonly number[];
}

/**
 * Runs schedules in sequence (optax `join_schedules`, PyTorch `SequentialLR`): `schedules[i + 1]` takes over AT
 * `boundaries[i]` and sees `step - boundaries[i]`, so each piece starts from its own step 0.
 *
 * @example
 * ```ts
 * import { constant, exponentialDecay, join } from '@anneal/core';
 * const schedule = join({
 *   schedules: [constant({ learningRate: 0.1 }), exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 })],
 *   boundaries: [100],
 * });
 * schedule(99); // 0.1
 * schedule(110); // 0.05
 * ```
 */
export function join(options: JoinOptions): ConfiguredSchedule<'join', JoinConfig> {
  const source = 'join';
  const input = readOptions(source, options, ['schedules', 'boundaries']);
  const schedules = requiredScheduleArray(input, 'schedules', 2);
  const boundaries = requiredNumberArray(input, 'boundaries', STEP_OFFSET, { increasing: true, minLength: 1 });
  if (boundaries.length !== schedules.length - 1) {
    throw new InvalidOptionError(
      source,
      'boundaries',
      boundaries,
      `must hold one boundary fewer than schedules (${schedules.length - 1})`,
    );
  }
  if (schedules.length === 2) {
    // The common two-piece join gets its own closure: each piece sits at a call site of its own, which V8 can inline,
    // where an indexed call into an array of schedules is polymorphic and boxes every returned rate.
    const [first, second] = schedules as [Schedule, Schedule];
    const boundary = boundaries[0] as number;
    return withConfig(
      (step: number): number => {
        checkStep(source, step);
        return step < boundary ? first(step) : second(step - boundary);
      },
      input,
    );
  }
  const pieces = schedules.slice();
  const starts = Float64Array.from([0, ...boundaries]);
  const last = pieces.length - 1;
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      let index = last;
      while (index > 0 && step < (starts[index] as number)) index--;
      return (pieces[index] as Schedule)(step - (starts[index] as number));
    },
    input,
  );
}
