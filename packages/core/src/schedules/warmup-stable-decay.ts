import { FRACTION, RATE, STEP_OFFSET, optionalChoice, optionalNumber, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Curve shapes of {@link warmupStableDecay}'s warmup and decay, Hugging Face's `warmup_type` / `decay_type`.
 *
 * @example
 * ```ts
 * import { warmupStableDecay, type WarmupStableDecayShape } from '@anneal/core';
 * const decayType: WarmupStableDecayShape = '1-sqrt';
 * const schedule = warmupStableDecay({ peakLearningRate: 1, warmupSteps: 0, stableSteps: 0, decaySteps: 100, decayType });
 * schedule(25); // 0.5, that is 1 - sqrt(25 / 100)
 * ```
 */
export type WarmupStableDecayShape = 'linear' | 'cosine' | '1-sqrt';

/**
 * Options of {@link warmupStableDecay}; Hugging Face `get_wsd_schedule`'s arguments with the peak rate explicit.
 *
 * @example
 * ```ts
 * import { warmupStableDecay, type WarmupStableDecayOptions } from '@anneal/core';
 * const options: WarmupStableDecayOptions = { peakLearningRate: 1, warmupSteps: 100, stableSteps: 800, decaySteps: 100, minLearningRateRatio: 0.5 };
 * const schedule = warmupStableDecay(options);
 * [0, 500, 2000].map(schedule); // [0.5, 1, 0.5]
 * ```
 */
export interface WarmupStableDecayOptions {
  /** The rate of the stable phase (the optimizer's lr in Hugging Face). Finite, >= 0. */
  readonly peakLearningRate: number;
  /** Steps rising from `minLearningRateRatio * peak` to the peak. Finite, >= 0. */
  readonly warmupSteps: number;
  /** Steps at the peak. Finite, >= 0. */
  readonly stableSteps: number;
  /** Steps falling back to `minLearningRateRatio * peak`, held afterwards. Finite, >= 0. */
  readonly decaySteps: number;
  /** Start and end of the schedule as a fraction of the peak. In [0, 1]. Default `0`. */
  readonly minLearningRateRatio?: number;
  /** Shape of the warmup. Default `'linear'`. */
  readonly warmupType?: WarmupStableDecayShape;
  /** Shape of the decay. Default `'cosine'`. */
  readonly decayType?: WarmupStableDecayShape;
}

/**
 * The resolved options a {@link warmupStableDecay} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { warmupStableDecay, type WarmupStableDecayConfig } from '@anneal/core';
 * const schedule = warmupStableDecay({ peakLearningRate: 1, warmupSteps: 100, stableSteps: 800, decaySteps: 100 });
 * const options: WarmupStableDecayConfig = schedule.config.options;
 * options.warmupType; // 'linear'
 * options.decayType; // 'cosine'
 * ```
 */
export type WarmupStableDecayConfig = Required<WarmupStableDecayOptions>;

const KEYS = ['peakLearningRate', 'warmupSteps', 'stableSteps', 'decaySteps', 'minLearningRateRatio', 'warmupType', 'decayType'] as const;
const SHAPES = ['linear', 'cosine', '1-sqrt'] as const;

/**
 * Warmup–stable–decay ("trapezoidal", Hugging Face `get_wsd_schedule`): up from `minLearningRateRatio * peak` over
 * `warmupSteps`, flat at `peakLearningRate` for `stableSteps`, down over `decaySteps` along `decayType`, then held
 * at `minLearningRateRatio * peak`. Each phase begins AT its first step (step `warmupSteps` is already the peak).
 *
 * @example
 * ```ts
 * import { warmupStableDecay } from '@anneal/core';
 * const schedule = warmupStableDecay({ peakLearningRate: 10, warmupSteps: 2, stableSteps: 4, decaySteps: 4, decayType: 'linear' });
 * [0, 1, 2, 6, 7, 10].map(schedule); // [0, 5, 10, 10, 7.5, 0]
 * ```
 */
export function warmupStableDecay(
  options: WarmupStableDecayOptions,
): ConfiguredSchedule<'warmupStableDecay', WarmupStableDecayConfig> {
  const source = 'warmupStableDecay';
  const input = readOptions(source, options, KEYS);
  const peakLearningRate = requiredNumber(input, 'peakLearningRate', RATE);
  const warmupSteps = requiredNumber(input, 'warmupSteps', STEP_OFFSET);
  const stableSteps = requiredNumber(input, 'stableSteps', STEP_OFFSET);
  const decaySteps = requiredNumber(input, 'decaySteps', STEP_OFFSET);
  const minLearningRateRatio = optionalNumber(input, 'minLearningRateRatio', FRACTION, 0);
  const warmupType = optionalChoice(input, 'warmupType', SHAPES, 'linear');
  const decayType = optionalChoice(input, 'decayType', SHAPES, 'cosine');
  const decayBegin = warmupSteps + stableSteps;
  const decayEnd = decayBegin + decaySteps;
  const floor = minLearningRateRatio;
  const toRate = (factor: number): number => peakLearningRate * (factor * (1 - floor) + floor);
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      if (step < warmupSteps) return toRate(rise(warmupType, step / warmupSteps));
      if (step < decayBegin) return peakLearningRate;
      if (step < decayEnd) return toRate(rise(decayType, 1 - (step - decayBegin) / decaySteps));
      return peakLearningRate * floor;
    },
    input,
  );
}

/**
 * The shape's height at `progress` in [0, 1], rising from 0 to 1. The decay reads it backwards, which reproduces
 * Hugging Face's decay curves: cosine is symmetric, and `1 - sqrt(p)` read backwards is the `'1-sqrt'` decay.
 */
function rise(shape: WarmupStableDecayShape, progress: number): number {
  if (shape === 'linear') return progress;
  if (shape === 'cosine') return 0.5 * (1 - Math.cos(Math.PI * progress));
  return 1 - Math.sqrt(1 - progress);
}
