import { FRACTION, RATE, STEP_COUNT, STEP_OFFSET, optionalNullableNumber, optionalNumber, optionalString, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link cosineDecay}; Keras's `CosineDecay` arguments in camelCase.
 *
 * @example
 * ```ts
 * import { cosineDecay, type CosineDecayOptions } from '@anneal/core';
 * const options: CosineDecayOptions = { initialLearningRate: 0.1, decaySteps: 1000, alpha: 0.5 };
 * const schedule = cosineDecay(options);
 * schedule(5000); // 0.05, the floor alpha * initialLearningRate
 * ```
 */
export interface CosineDecayOptions {
  /** The learning rate at step 0 (the warmup's start when `warmupTarget` is set). Finite, >= 0. */
  readonly initialLearningRate: number;
  /** Length of the cosine, after the warmup. Finite, > 0. */
  readonly decaySteps: number;
  /** The floor, as a fraction of the rate the decay starts from. In [0, 1]. Default `0`. */
  readonly alpha?: number;
  /** The Keras object name, kept for round trips. Default `'CosineDecay'`. */
  readonly name?: string;
  /** The rate the linear warmup reaches; `null` (the default) means no warmup. Finite, >= 0. */
  readonly warmupTarget?: number | null;
  /** Length of the linear warmup. Without `warmupTarget` it has no effect — Keras accepts and ignores it, and so does anneal, so Keras files load unchanged. Finite, >= 0. Default `0`. */
  readonly warmupSteps?: number;
}

/**
 * The resolved options a {@link cosineDecay} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { cosineDecay, type CosineDecayConfig } from '@anneal/core';
 * const schedule = cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000 });
 * const options: CosineDecayConfig = schedule.config.options;
 * options.warmupTarget; // null
 * options.alpha; // 0
 * ```
 */
export interface CosineDecayConfig {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly name: string;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;
}

/** The option keys, in the order of Keras's `get_config()`: the Keras interop table derives Keras's keys from them. */
export const KEYS = ['initialLearningRate', 'decaySteps', 'alpha', 'name', 'warmupTarget', 'warmupSteps'] as const;

/**
 * Keras's `CosineDecay`, with its optional linear warmup. Without warmup:
 * `initial * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decaySteps) / decaySteps)) + alpha)`.
 * With `warmupTarget`, the rate climbs linearly from `initialLearningRate` to `warmupTarget` over `warmupSteps`,
 * then decays from `warmupTarget` over `decaySteps` and holds `alpha * warmupTarget`.
 *
 * @example
 * ```ts
 * import { cosineDecay } from '@anneal/core';
 * const schedule = cosineDecay({ initialLearningRate: 0, warmupTarget: 0.1, warmupSteps: 100, decaySteps: 1000 });
 * schedule(50); // 0.05, half way up
 * schedule(600); // 0.05, half way down
 * ```
 */
export function cosineDecay(options: CosineDecayOptions): ConfiguredSchedule<'cosineDecay', CosineDecayConfig> {
  const source = 'cosineDecay';
  const input = readOptions(source, options, KEYS);
  const initialLearningRate = requiredNumber(input, 'initialLearningRate', RATE);
  const decaySteps = requiredNumber(input, 'decaySteps', STEP_COUNT);
  const alpha = optionalNumber(input, 'alpha', FRACTION, 0);
  const name = optionalString(input, 'name', 'CosineDecay');
  const warmupTarget = optionalNullableNumber(input, 'warmupTarget', RATE);
  const warmupSteps = optionalNumber(input, 'warmupSteps', STEP_OFFSET, 0);
  if (warmupTarget === null) {
    return withConfig(
      (step: number): number => {
        checkStep(source, step);
        return initialLearningRate * cosineFactor(Math.min(step, decaySteps) / decaySteps, alpha);
      },
      input,
    );
  }
  const rise = warmupTarget - initialLearningRate;
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      if (step < warmupSteps) return initialLearningRate + rise * (step / warmupSteps);
      return warmupTarget * cosineFactor(Math.min(step - warmupSteps, decaySteps) / decaySteps, alpha);
    },
    input,
  );
}

/** `(1 - alpha) * half-cosine + alpha` at a fraction of the decay, Keras's `decayed` factor. */
function cosineFactor(fraction: number, alpha: number): number {
  return (1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * fraction)) + alpha;
}
