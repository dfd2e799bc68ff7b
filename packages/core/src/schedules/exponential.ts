import { InvalidOptionError } from '../errors.js';
import { RATE, STEP_COUNT, STEP_OFFSET, optionalBoolean, optionalNullableNumber, optionalNumber, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link exponential}; optax `exponential_decay`'s arguments (PyTorch `ExponentialLR` is a special case).
 *
 * @example
 * ```ts
 * import { exponential, type ExponentialOptions } from '@anneal/core';
 * const options: ExponentialOptions = { initialLearningRate: 1, decayRate: 0.5, transitionSteps: 10, transitionBegin: 100, endLearningRate: 0.125 };
 * const schedule = exponential(options);
 * [100, 110, 1000].map(schedule); // [1, 0.5, 0.125]
 * ```
 */
export interface ExponentialOptions {
  /** The rate until `transitionBegin`. Finite, >= 0. */
  readonly initialLearningRate: number;
  /** The factor applied every `transitionSteps` steps (PyTorch `gamma`). In [0, 1]. */
  readonly decayRate: number;
  /** Steps per application of `decayRate`. Finite, > 0. Default `1` (PyTorch's per-step `gamma`). */
  readonly transitionSteps?: number;
  /** Steps to hold `initialLearningRate` before decaying. Finite, >= 0. Default `0`. */
  readonly transitionBegin?: number;
  /** Floor the exponent, decaying in whole intervals. Default `false`. */
  readonly staircase?: boolean;
  /** A floor the rate never goes below; `null` (default) for none. Finite, >= 0, <= `initialLearningRate`. */
  readonly endLearningRate?: number | null;
}

/**
 * The resolved options an {@link exponential} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { exponential, type ExponentialConfig } from '@anneal/core';
 * const schedule = exponential({ initialLearningRate: 1, decayRate: 0.9 });
 * const options: ExponentialConfig = schedule.config.options;
 * options.transitionSteps; // 1
 * options.endLearningRate; // null
 * ```
 */
export interface ExponentialConfig {
  readonly initialLearningRate: number;
  readonly decayRate: number;
  readonly transitionSteps: number;
  readonly transitionBegin: number;
  readonly staircase: boolean;
  readonly endLearningRate: number | null;
}

const KEYS = ['initialLearningRate', 'decayRate', 'transitionSteps', 'transitionBegin', 'staircase', 'endLearningRate'] as const;

/**
 * Exponential decay as optax and PyTorch define it: `initial * decayRate ** ((step - transitionBegin) /
 * transitionSteps)` after `transitionBegin` (the exponent floored with `staircase`), never below `endLearningRate`.
 * PyTorch `ExponentialLR(gamma)` is `exponential({ initialLearningRate, decayRate: gamma })`.
 *
 * @example
 * ```ts
 * import { exponential } from '@anneal/core';
 * const schedule = exponential({ initialLearningRate: 0.05, decayRate: 0.9 });
 * schedule(2); // ≈ 0.0405, that is 0.05 * 0.9 ** 2
 * ```
 */
export function exponential(options: ExponentialOptions): ConfiguredSchedule<'exponential', ExponentialConfig> {
  const source = 'exponential';
  const input = readOptions(source, options, KEYS);
  const initialLearningRate = requiredNumber(input, 'initialLearningRate', RATE);
  const decayRate = requiredNumber(input, 'decayRate', { min: 0, max: 1 });
  const transitionSteps = optionalNumber(input, 'transitionSteps', STEP_COUNT, 1);
  const transitionBegin = optionalNumber(input, 'transitionBegin', STEP_OFFSET, 0);
  const staircase = optionalBoolean(input, 'staircase', false);
  const endLearningRate = optionalNullableNumber(input, 'endLearningRate', RATE);
  if (endLearningRate !== null && endLearningRate > initialLearningRate) {
    throw new InvalidOptionError(source, 'endLearningRate', endLearningRate, `must be <= initialLearningRate (${initialLearningRate})`);
  }
  const floor = endLearningRate ?? 0;
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      if (step <= transitionBegin) return initialLearningRate;
      const exponent = (step - transitionBegin) / transitionSteps;
      return Math.max(floor, initialLearningRate * decayRate ** (staircase ? Math.floor(exponent) : exponent));
    },
    input,
  );
}
