import { FRACTION, PERIOD_GROWTH, RATE, STEP_COUNT, optionalNumber, optionalString, readOptions, requiredNumber } from '../internal/options.js';
import { periodFraction, restartIndex } from '../internal/restarts.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link cosineDecayRestarts}; Keras's `CosineDecayRestarts` arguments in camelCase.
 *
 * @example
 * ```ts
 * import { cosineDecayRestarts, type CosineDecayRestartsOptions } from '@anneal/core';
 * const options: CosineDecayRestartsOptions = { initialLearningRate: 1, firstDecaySteps: 100, tMul: 1, mMul: 0.5 };
 * const schedule = cosineDecayRestarts(options);
 * schedule(100); // 0.5, the second period's lowered peak
 * schedule(150); // 0.25
 * ```
 */
export interface CosineDecayRestartsOptions {
  /** The learning rate at step 0 and at the first restart's peak reference. Finite, >= 0. */
  readonly initialLearningRate: number;
  /** Length of the first period. Finite, > 0. */
  readonly firstDecaySteps: number;
  /** Each period is `tMul` times longer than the one before. Finite, >= 1. Default `2`. */
  readonly tMul?: number;
  /** Each period starts `mMul` times lower than the one before. In [0, 1]. Default `1`. */
  readonly mMul?: number;
  /** The floor of every period, as a fraction of `initialLearningRate`. In [0, 1]. Default `0`. */
  readonly alpha?: number;
  /** The Keras object name, kept for round trips. Default `'SGDRDecay'` (Keras's default). */
  readonly name?: string;
}

/**
 * The resolved options a {@link cosineDecayRestarts} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { cosineDecayRestarts, type CosineDecayRestartsConfig } from '@anneal/core';
 * const schedule = cosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 100 });
 * const options: CosineDecayRestartsConfig = schedule.config.options;
 * options.tMul; // 2
 * options.name; // 'SGDRDecay'
 * ```
 */
export type CosineDecayRestartsConfig = Required<CosineDecayRestartsOptions>;

/** The option keys, in the order of Keras's `get_config()`: the Keras interop table derives Keras's keys from them. */
export const KEYS = ['initialLearningRate', 'firstDecaySteps', 'tMul', 'mMul', 'alpha', 'name'] as const;

/**
 * Keras's `CosineDecayRestarts` (SGDR, Loshchilov & Hutter): cosine periods of length `firstDecaySteps`,
 * `firstDecaySteps * tMul`, …, the i-th starting at `mMul ** i * initialLearningRate`; every period's floor is
 * `alpha * initialLearningRate` (Keras does not scale alpha by `mMul`). At the exact step of a restart the value is
 * the new period's peak.
 *
 * @example
 * ```ts
 * import { cosineDecayRestarts } from '@anneal/core';
 * const schedule = cosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 1000 });
 * schedule(500); // 0.5
 * schedule(1000); // 1, the first restart; the next period lasts 2000 steps
 * ```
 */
export function cosineDecayRestarts(
  options: CosineDecayRestartsOptions,
): ConfiguredSchedule<'cosineDecayRestarts', CosineDecayRestartsConfig> {
  const source = 'cosineDecayRestarts';
  const input = readOptions(source, options, KEYS);
  const initialLearningRate = requiredNumber(input, 'initialLearningRate', RATE);
  const firstDecaySteps = requiredNumber(input, 'firstDecaySteps', STEP_COUNT);
  const tMul = optionalNumber(input, 'tMul', PERIOD_GROWTH, 2);
  const mMul = optionalNumber(input, 'mMul', FRACTION, 1);
  const alpha = optionalNumber(input, 'alpha', FRACTION, 0);
  const name = optionalString(input, 'name', 'SGDRDecay');
  const floor = alpha * initialLearningRate;
  const height = (1 - alpha) * initialLearningRate * 0.5;
  const evaluate = (step: number): number => {
    checkStep(source, step);
    const periods = step / firstDecaySteps;
    const restart = restartIndex(periods, tMul);
    const fraction = periodFraction(periods, tMul, restart);
    return height * mMul ** restart * (1 + Math.cos(Math.PI * fraction)) + floor;
  };
  return withConfig(evaluate, input);
}
