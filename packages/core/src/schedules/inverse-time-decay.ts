import { RATE, STEP_COUNT, optionalBoolean, optionalString, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link inverseTimeDecay}; Keras's `InverseTimeDecay` arguments in camelCase.
 *
 * @example
 * ```ts
 * import { inverseTimeDecay, type InverseTimeDecayOptions } from '@anneal/core';
 * const options: InverseTimeDecayOptions = { initialLearningRate: 0.1, decaySteps: 10, decayRate: 1, staircase: true };
 * const schedule = inverseTimeDecay(options);
 * schedule(19); // 0.05
 * ```
 */
export interface InverseTimeDecayOptions {
  /** The learning rate at step 0. Finite, >= 0. */
  readonly initialLearningRate: number;
  /** The step unit of the decay. Finite, > 0. */
  readonly decaySteps: number;
  /** How fast the rate falls: `1 + decayRate` is the divisor after `decaySteps` steps. Finite, >= 0. */
  readonly decayRate: number;
  /** Use `floor(step / decaySteps)` instead of the continuous ratio. Default `false`. */
  readonly staircase?: boolean;
  /** The Keras object name, kept for round trips. Default `'InverseTimeDecay'`. */
  readonly name?: string;
}

/**
 * The resolved options an {@link inverseTimeDecay} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { inverseTimeDecay, type InverseTimeDecayConfig } from '@anneal/core';
 * const schedule = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 1 });
 * const options: InverseTimeDecayConfig = schedule.config.options;
 * options.staircase; // false
 * options.name; // 'InverseTimeDecay'
 * ```
 */
export type InverseTimeDecayConfig = Required<InverseTimeDecayOptions>;

/** The option keys, in the order of Keras's `get_config()`: the Keras interop table derives Keras's keys from them. */
export const KEYS = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name'] as const;

/**
 * Keras's `InverseTimeDecay`: `initialLearningRate / (1 + decayRate * step / decaySteps)`, the ratio floored when
 * `staircase` is set. With `decaySteps: 1` it is Keras 2's optimizer `decay` argument.
 *
 * @example
 * ```ts
 * import { inverseTimeDecay } from '@anneal/core';
 * // The seed article's example: 0.1 / (1 + 0.5 * step).
 * const schedule = inverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
 * schedule(2); // 0.05
 * ```
 */
export function inverseTimeDecay(
  options: InverseTimeDecayOptions,
): ConfiguredSchedule<'inverseTimeDecay', InverseTimeDecayConfig> {
  const source = 'inverseTimeDecay';
  const input = readOptions(source, options, KEYS);
  const initialLearningRate = requiredNumber(input, 'initialLearningRate', RATE);
  const decaySteps = requiredNumber(input, 'decaySteps', STEP_COUNT);
  const decayRate = requiredNumber(input, 'decayRate', RATE);
  const staircase = optionalBoolean(input, 'staircase', false);
  const name = optionalString(input, 'name', 'InverseTimeDecay');
  // Keras's order of operations: the fraction of decaySteps done (floored with staircase), then the decay.
  return withConfig((step: number): number => {
    checkStep(source, step);
    const done = step / decaySteps;
    return initialLearningRate / (1 + decayRate * (staircase ? Math.floor(done) : done));
  }, input);
}
