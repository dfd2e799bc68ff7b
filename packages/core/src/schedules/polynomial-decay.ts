import { RATE, STEP_COUNT, optionalBoolean, optionalNumber, optionalString, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link polynomialDecay}; Keras's `PolynomialDecay` arguments in camelCase.
 *
 * @example
 * ```ts
 * import { polynomialDecay, type PolynomialDecayOptions } from '@anneal/core';
 * const options: PolynomialDecayOptions = { initialLearningRate: 0.1, decaySteps: 100, endLearningRate: 0.02, cycle: true };
 * const schedule = polynomialDecay(options);
 * schedule(50); // 0.06
 * schedule(150); // 0.04, on the second cycle's 200-step horizon
 * ```
 */
export interface PolynomialDecayOptions {
  /** The learning rate at step 0. Finite, >= 0. */
  readonly initialLearningRate: number;
  /** Steps to go from the initial to the end rate. Finite, > 0. */
  readonly decaySteps: number;
  /** The rate reached at `decaySteps`. Finite, >= 0. Default `0.0001` (Keras's default). */
  readonly endLearningRate?: number;
  /** The exponent of the curve: 1 is linear, 0.5 square root. Finite, >= 0. Default `1`. */
  readonly power?: number;
  /** Restart past `decaySteps`, stretching the horizon to the next multiple of `decaySteps`. Default `false`. */
  readonly cycle?: boolean;
  /** The Keras object name, kept for round trips. Default `'PolynomialDecay'`. */
  readonly name?: string;
}

/**
 * The resolved options a {@link polynomialDecay} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { polynomialDecay, type PolynomialDecayConfig } from '@anneal/core';
 * const schedule = polynomialDecay({ initialLearningRate: 0.1, decaySteps: 100 });
 * const options: PolynomialDecayConfig = schedule.config.options;
 * options.endLearningRate; // 0.0001
 * options.power; // 1
 * ```
 */
export type PolynomialDecayConfig = Required<PolynomialDecayOptions>;

/** The option keys, in the order of Keras's `get_config()`: the Keras interop table derives Keras's keys from them. */
export const KEYS = ['initialLearningRate', 'decaySteps', 'endLearningRate', 'power', 'cycle', 'name'] as const;

/**
 * Keras's `PolynomialDecay`: `(initial - end) * (1 - step / decaySteps) ** power + end`, holding `end` after
 * `decaySteps`. With `cycle`, the horizon becomes `decaySteps * ceil(step / decaySteps)` (1 at step 0, so step 0
 * gives the initial rate rather than Keras's 0/0).
 *
 * @example
 * ```ts
 * import { polynomialDecay } from '@anneal/core';
 * // The seed article: 0.1 to 0.001 over 10 000 steps along a square root.
 * const schedule = polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10_000, endLearningRate: 0.001, power: 0.5 });
 * schedule(10_000); // 0.001
 * ```
 */
export function polynomialDecay(
  options: PolynomialDecayOptions,
): ConfiguredSchedule<'polynomialDecay', PolynomialDecayConfig> {
  const source = 'polynomialDecay';
  const input = readOptions(source, options, KEYS);
  const initialLearningRate = requiredNumber(input, 'initialLearningRate', RATE);
  const decaySteps = requiredNumber(input, 'decaySteps', STEP_COUNT);
  const endLearningRate = optionalNumber(input, 'endLearningRate', RATE, 0.0001);
  const power = optionalNumber(input, 'power', { min: 0 }, 1);
  const cycle = optionalBoolean(input, 'cycle', false);
  const name = optionalString(input, 'name', 'PolynomialDecay');
  const span = initialLearningRate - endLearningRate;
  const evaluate = (step: number): number => {
    checkStep(source, step);
    // Keras's cycle forces the multiplier to 1 at step 0 (0/0 otherwise); max(1, …) does that and also covers tiny
    // steps whose ratio underflows to 0. Rounding in ceil(step / decaySteps) can leave step a hair past the horizon:
    // min(step, horizon) keeps the base at 0 there, where a negative base would turn a fractional power into NaN.
    const horizon = cycle ? decaySteps * Math.max(1, Math.ceil(step / decaySteps)) : decaySteps;
    return span * (1 - Math.min(step, horizon) / horizon) ** power + endLearningRate;
  };
  return withConfig(evaluate, input);
}
