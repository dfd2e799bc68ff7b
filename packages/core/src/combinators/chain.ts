import { readOptions, requiredScheduleArray } from '../internal/options.js';
import { checkStep, withConfig, type ChildConfig, type ConfiguredSchedule, type Schedule } from '../schedule.js';

/**
 * Options of {@link chain}.
 *
 * @example
 * ```ts
 * import { chain, constant, stepwise, type ChainOptions } from '@anneal/core';
 * // A base rate of 0.1 times a factor that halves every 10 steps.
 * const options: ChainOptions = { schedules: [constant({ learningRate: 0.1 }), stepwise({ initialLearningRate: 1, stepSize: 10, gamma: 0.5 })] };
 * const schedule = chain(options);
 * schedule(10); // 0.05
 * ```
 */
export interface ChainOptions {
  /** A learning-rate schedule followed by factor schedules (value 1 means "unchanged"); at least one. */
  readonly schedules: readonly Schedule[];
}

/**
 * The resolved options a {@link chain} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { chain, constant, type ChainConfig } from '@anneal/core';
 * const schedule = chain({ schedules: [constant({ learningRate: 0.1 }), (step) => 0.5 ** step] });
 * const options: ChainConfig = schedule.config.options;
 * options.schedules; // [{ name: 'constant', options: { learningRate: 0.1 } }, { name: 'function', options: {} }]
 * ```
 */
export interface ChainConfig {
  readonly schedules: readonly ChildConfig[];
}

/**
 * Multiplies schedules step by step (PyTorch `ChainedScheduler`, where every scheduler multiplies the rate by its
 * own factor). Give the base rate as the first schedule and factors as the others, e.g. a schedule built with
 * `initialLearningRate: 1`.
 *
 * @example
 * ```ts
 * import { chain, constant, cyclic, exponential } from '@anneal/core';
 * // A cyclic rate whose envelope decays by 1% per step.
 * const schedule = chain({
 *   schedules: [cyclic({ baseLearningRate: 0.01, maxLearningRate: 0.1, stepSizeUp: 50 }), exponential({ initialLearningRate: 1, decayRate: 0.99 })],
 * });
 * schedule(0); // 0.01
 * ```
 */
export function chain(options: ChainOptions): ConfiguredSchedule<'chain', ChainConfig> {
  const source = 'chain';
  const input = readOptions(source, options, ['schedules']);
  const schedules = requiredScheduleArray(input, 'schedules', 1);
  if (schedules.length === 2) {
    // Two call sites of their own stay inlinable; see join.
    const [rate, factor] = schedules as [Schedule, Schedule];
    return withConfig(
      (step: number): number => {
        checkStep(source, step);
        return rate(step) * factor(step);
      },
      input,
    );
  }
  const factors = schedules.slice();
  const count = factors.length;
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      let product = 1;
      for (let index = 0; index < count; index++) product *= (factors[index] as Schedule)(step);
      return product;
    },
    input,
  );
}
