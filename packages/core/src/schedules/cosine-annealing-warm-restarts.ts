import { PERIOD_GROWTH, RATE, STEP_COUNT, optionalNumber, readOptions, requiredNumber } from '../internal/options.js';
import { periodFraction, restartIndex } from '../internal/restarts.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link cosineAnnealingWarmRestarts}; PyTorch `CosineAnnealingWarmRestarts`'s arguments.
 *
 * @example
 * ```ts
 * import { cosineAnnealingWarmRestarts, type CosineAnnealingWarmRestartsOptions } from '@anneal/core';
 * const options: CosineAnnealingWarmRestartsOptions = { initialLearningRate: 0.1, t0: 100, etaMin: 0.02 };
 * const schedule = cosineAnnealingWarmRestarts(options);
 * schedule(50); // 0.06
 * schedule(100); // 0.1, the first restart
 * ```
 */
export interface CosineAnnealingWarmRestartsOptions {
  /** The rate at step 0 and at every restart (PyTorch's base lr). Finite, >= 0. */
  readonly initialLearningRate: number;
  /** Length of the first period (PyTorch `T_0`). Finite, > 0. */
  readonly t0: number;
  /** Growth factor of the period length (PyTorch `T_mult`). Finite, >= 1. Default `1`. */
  readonly tMult?: number;
  /** The minimum rate (PyTorch `eta_min`). Finite, >= 0. Default `0`. */
  readonly etaMin?: number;
}

/**
 * The resolved options a {@link cosineAnnealingWarmRestarts} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { cosineAnnealingWarmRestarts, type CosineAnnealingWarmRestartsConfig } from '@anneal/core';
 * const schedule = cosineAnnealingWarmRestarts({ initialLearningRate: 0.1, t0: 100 });
 * const options: CosineAnnealingWarmRestartsConfig = schedule.config.options;
 * options.tMult; // 1
 * options.etaMin; // 0
 * ```
 */
export type CosineAnnealingWarmRestartsConfig = Required<CosineAnnealingWarmRestartsOptions>;

/**
 * PyTorch's `CosineAnnealingWarmRestarts` (SGDR) in closed form, fractional steps included as PyTorch's
 * `step(epoch)` allows: within period i of length `t0 * tMult ** i`, `etaMin + (initial - etaMin) *
 * (1 + cos(pi * tCur / tI)) / 2`. Every restart returns to `initialLearningRate`; the floor is the absolute `etaMin`
 * (Keras's {@link cosineDecayRestarts} uses a relative `alpha` and can lower each peak with `mMul`).
 *
 * @example
 * ```ts
 * import { cosineAnnealingWarmRestarts } from '@anneal/core';
 * const schedule = cosineAnnealingWarmRestarts({ initialLearningRate: 0.1, t0: 10, tMult: 2 });
 * schedule(10); // 0.1, the first restart
 * schedule(20); // 0.05, half of the 20-step second period
 * ```
 */
export function cosineAnnealingWarmRestarts(
  options: CosineAnnealingWarmRestartsOptions,
): ConfiguredSchedule<'cosineAnnealingWarmRestarts', CosineAnnealingWarmRestartsConfig> {
  const source = 'cosineAnnealingWarmRestarts';
  const input = readOptions(source, options, ['initialLearningRate', 't0', 'tMult', 'etaMin']);
  const initialLearningRate = requiredNumber(input, 'initialLearningRate', RATE);
  const t0 = requiredNumber(input, 't0', STEP_COUNT);
  const tMult = optionalNumber(input, 'tMult', PERIOD_GROWTH, 1);
  const etaMin = optionalNumber(input, 'etaMin', RATE, 0);
  const amplitude = initialLearningRate - etaMin;
  const half = amplitude * 0.5;
  // restartIndex and periodFraction take tMult 1 (equal periods) without a logarithm.
  const evaluate = (step: number): number => {
    checkStep(source, step);
    const periods = step / t0;
    return etaMin + half * (1 + Math.cos(Math.PI * periodFraction(periods, tMult, restartIndex(periods, tMult))));
  };
  return withConfig(evaluate, input);
}
