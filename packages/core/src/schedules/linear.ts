import { RATE, STEP_COUNT, STEP_OFFSET, optionalNumber, readOptions, requiredNumber } from '../internal/options.js';
import { withConfig, type ConfiguredSchedule } from '../schedule.js';
import { polynomialRamp } from './polynomial.js';

/**
 * Options of {@link linear}; optax `linear_schedule`'s arguments.
 *
 * @example
 * ```ts
 * import { linear, type LinearOptions } from '@anneal/core';
 * const options: LinearOptions = { initialLearningRate: 0, endLearningRate: 0.1, transitionSteps: 100, transitionBegin: 10 };
 * const schedule = linear(options);
 * [10, 60, 200].map(schedule); // [0, 0.05, 0.1]
 * ```
 */
export interface LinearOptions {
  /** The rate until `transitionBegin`. Finite, >= 0. */
  readonly initialLearningRate: number;
  /** The rate reached after `transitionSteps` and held; may be above the initial rate (a ramp up). Finite, >= 0. */
  readonly endLearningRate: number;
  /** Length of the ramp. Finite, > 0. */
  readonly transitionSteps: number;
  /** Steps to hold `initialLearningRate` first. Finite, >= 0. Default `0`. */
  readonly transitionBegin?: number;
}

/**
 * The resolved options a {@link linear} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { linear, type LinearConfig } from '@anneal/core';
 * const schedule = linear({ initialLearningRate: 0, endLearningRate: 0.1, transitionSteps: 100 });
 * const options: LinearConfig = schedule.config.options;
 * options.transitionBegin; // 0
 * ```
 */
export type LinearConfig = Required<LinearOptions>;

/**
 * A straight line from `initialLearningRate` to `endLearningRate` over `transitionSteps`, then held (optax
 * `linear_schedule`). PyTorch `LinearLR(start_factor, end_factor, total_iters)` on base rate `lr` is
 * `linear({ initialLearningRate: lr * start_factor, endLearningRate: lr * end_factor, transitionSteps: total_iters })`.
 *
 * @example
 * ```ts
 * import { linear } from '@anneal/core';
 * const schedule = linear({ initialLearningRate: 0.025, endLearningRate: 0.05, transitionSteps: 4 });
 * [0, 1, 4, 10].map(schedule); // [0.025, 0.03125, 0.05, 0.05]
 * ```
 */
export function linear(options: LinearOptions): ConfiguredSchedule<'linear', LinearConfig> {
  const source = 'linear';
  const input = readOptions(source, options, ['initialLearningRate', 'endLearningRate', 'transitionSteps', 'transitionBegin']);
  const initialLearningRate = requiredNumber(input, 'initialLearningRate', RATE);
  const endLearningRate = requiredNumber(input, 'endLearningRate', RATE);
  const transitionSteps = requiredNumber(input, 'transitionSteps', STEP_COUNT);
  const transitionBegin = optionalNumber(input, 'transitionBegin', STEP_OFFSET, 0);
  return withConfig(
    polynomialRamp(source, initialLearningRate, endLearningRate, 1, transitionSteps, transitionBegin), input
  );
}
