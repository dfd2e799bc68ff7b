import { RATE, STEP_COUNT, STEP_OFFSET, optionalNumber, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link polynomial}; optax `polynomial_schedule`'s arguments.
 *
 * @example
 * ```ts
 * import { polynomial, type PolynomialOptions } from '@anneal/core';
 * const options: PolynomialOptions = { initialLearningRate: 1, transitionSteps: 100, power: 2 };
 * const schedule = polynomial(options);
 * schedule(50); // 0.25
 * ```
 */
export interface PolynomialOptions {
  /** The rate until `transitionBegin`. Finite, >= 0. */
  readonly initialLearningRate: number;
  /** The rate reached after `transitionSteps` and held. Finite, >= 0. Default `0` (PyTorch `PolynomialLR`). */
  readonly endLearningRate?: number;
  /** The exponent of the curve. Finite, >= 0. Default `1`. */
  readonly power?: number;
  /** Length of the transition. Finite, > 0. */
  readonly transitionSteps: number;
  /** Steps to hold `initialLearningRate` first. Finite, >= 0. Default `0`. */
  readonly transitionBegin?: number;
}

/**
 * The resolved options a {@link polynomial} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { polynomial, type PolynomialConfig } from '@anneal/core';
 * const schedule = polynomial({ initialLearningRate: 1, transitionSteps: 100 });
 * const options: PolynomialConfig = schedule.config.options;
 * options.endLearningRate; // 0
 * options.power; // 1
 * ```
 */
export type PolynomialConfig = Required<PolynomialOptions>;

/**
 * Polynomial decay with a delayed start, as optax computes it: `(initial - end) * (1 - c / transitionSteps) **
 * power + end` with `c = clamp(step - transitionBegin, 0, transitionSteps)`. PyTorch `PolynomialLR(total_iters,
 * power)` is `polynomial({ initialLearningRate, transitionSteps: total_iters, power })`.
 *
 * @example
 * ```ts
 * import { polynomial } from '@anneal/core';
 * const schedule = polynomial({ initialLearningRate: 1, endLearningRate: 0.01, power: 2, transitionSteps: 100, transitionBegin: 5 });
 * schedule(5); // 1
 * schedule(105); // 0.01
 * ```
 */
export function polynomial(options: PolynomialOptions): ConfiguredSchedule<'polynomial', PolynomialConfig> {
  const source = 'polynomial';
  const input = readOptions(source, options, ['initialLearningRate', 'endLearningRate', 'power', 'transitionSteps', 'transitionBegin']);
  const initialLearningRate = requiredNumber(input, 'initialLearningRate', RATE);
  const endLearningRate = optionalNumber(input, 'endLearningRate', RATE, 0);
  const power = optionalNumber(input, 'power', { min: 0 }, 1);
  const transitionSteps = requiredNumber(input, 'transitionSteps', STEP_COUNT);
  const transitionBegin = optionalNumber(input, 'transitionBegin', STEP_OFFSET, 0);
  return withConfig(
    polynomialRamp(source, initialLearningRate, endLearningRate, power, transitionSteps, transitionBegin), input
  );
}

/** The optax polynomial curve, shared by {@link polynomial} and `linear` (power 1). */
export function polynomialRamp(
  source: string,
  initial: number,
  end: number,
  power: number,
  transitionSteps: number,
  transitionBegin: number,
): (step: number) => number {
  const span = initial - end;
  return (step: number): number => {
    checkStep(source, step);
    const progress = Math.min(Math.max(step - transitionBegin, 0), transitionSteps) / transitionSteps;
    return span * (1 - progress) ** power + end;
  };
}
