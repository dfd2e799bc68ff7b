import { FRACTION, RATE, STEP_COUNT, optionalBoolean, optionalString, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link exponentialDecay}; the names are Keras's `ExponentialDecay` arguments in camelCase.
 *
 * @example
 * ```ts
 * import { exponentialDecay, type ExponentialDecayOptions } from '@anneal/core';
 * const options: ExponentialDecayOptions = { initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.5, staircase: true };
 * const schedule = exponentialDecay(options);
 * schedule(1999); // 0.05
 * ```
 */
export interface ExponentialDecayOptions {
  /** The learning rate at step 0. Finite, >= 0. */
  readonly initialLearningRate: number;
  /** Steps over which the rate is multiplied by `decayRate` once. Finite, > 0. */
  readonly decaySteps: number;
  /** The factor applied every `decaySteps` steps, in [0, 1] (anneal rejects growth, which overflows). */
  readonly decayRate: number;
  /** Decay in whole intervals (`floor(step / decaySteps)`) instead of continuously. Default `false`. */
  readonly staircase?: boolean;
  /** The Keras object name, kept for round trips. Default `'ExponentialDecay'`. */
  readonly name?: string;
}

/**
 * The resolved options an {@link exponentialDecay} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { exponentialDecay, type ExponentialDecayConfig } from '@anneal/core';
 * const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.5 });
 * const options: ExponentialDecayConfig = schedule.config.options;
 * options.staircase; // false
 * options.name; // 'ExponentialDecay'
 * ```
 */
export type ExponentialDecayConfig = Required<ExponentialDecayOptions>;

/** The option keys, in the order of Keras's `get_config()`: the Keras interop table derives Keras's keys from them. */
export const KEYS = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name'] as const;

/**
 * Keras's `ExponentialDecay`: `initialLearningRate * decayRate ** (step / decaySteps)`, with the exponent floored
 * when `staircase` is set.
 *
 * @example
 * ```ts
 * import { exponentialDecay } from '@anneal/core';
 * // The seed article's schedule: 1e-2, times 0.96 every 10 000 steps.
 * const schedule = exponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10_000, decayRate: 0.96 });
 * schedule(0); // 0.01
 * schedule(10_000); // 0.0096
 * ```
 */
export function exponentialDecay(
  options: ExponentialDecayOptions,
): ConfiguredSchedule<'exponentialDecay', ExponentialDecayConfig> {
  const source = 'exponentialDecay';
  const input = readOptions(source, options, KEYS);
  const initialLearningRate = requiredNumber(input, 'initialLearningRate', RATE);
  const decaySteps = requiredNumber(input, 'decaySteps', STEP_COUNT);
  const decayRate = requiredNumber(input, 'decayRate', FRACTION);
  const staircase = optionalBoolean(input, 'staircase', false);
  const name = optionalString(input, 'name', 'ExponentialDecay');
  return withConfig((step: number): number => {
    checkStep(source, step);
    const done = step / decaySteps;
    return initialLearningRate * decayRate ** (staircase ? Math.floor(done) : done);
  }, input);
}
