import { RATE, STEP_COUNT, optionalNumber, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link cosineAnnealing}; PyTorch `CosineAnnealingLR`'s arguments with the base rate explicit.
 *
 * @example
 * ```ts
 * import { cosineAnnealing, type CosineAnnealingOptions } from '@anneal/core';
 * const options: CosineAnnealingOptions = { initialLearningRate: 0.1, tMax: 100 };
 * const schedule = cosineAnnealing(options);
 * schedule(50); // 0.05
 * schedule(200); // 0.1, back up: PyTorch's curve does not hold at tMax
 * ```
 */
export interface CosineAnnealingOptions {
  /** The rate at step 0 (PyTorch's base lr). Finite, >= 0. */
  readonly initialLearningRate: number;
  /** Half period: steps from the initial rate down to `etaMin` (PyTorch `T_max`). Finite, > 0. */
  readonly tMax: number;
  /** The minimum rate (PyTorch `eta_min`). Finite, >= 0. Default `0`. */
  readonly etaMin?: number;
}

/**
 * The resolved options a {@link cosineAnnealing} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { cosineAnnealing, type CosineAnnealingConfig } from '@anneal/core';
 * const schedule = cosineAnnealing({ initialLearningRate: 0.1, tMax: 100 });
 * const options: CosineAnnealingConfig = schedule.config.options;
 * options.etaMin; // 0
 * ```
 */
export type CosineAnnealingConfig = Required<CosineAnnealingOptions>;

/**
 * PyTorch's `CosineAnnealingLR` in its closed form: `etaMin + (initial - etaMin) * (1 + cos(pi * step / tMax)) / 2`.
 * Like PyTorch (and unlike Keras's {@link cosineDecay} or optax), it does NOT hold at `tMax`: past it the rate
 * climbs back, with period `2 * tMax`. Set `tMax` to the length of training, or use `cosineDecay` to hold the floor.
 *
 * @example
 * ```ts
 * import { cosineAnnealing } from '@anneal/core';
 * const schedule = cosineAnnealing({ initialLearningRate: 0.1, tMax: 100, etaMin: 0.001 });
 * schedule(100); // 0.001
 * ```
 */
export function cosineAnnealing(
  options: CosineAnnealingOptions,
): ConfiguredSchedule<'cosineAnnealing', CosineAnnealingConfig> {
  const source = 'cosineAnnealing';
  const input = readOptions(source, options, ['initialLearningRate', 'tMax', 'etaMin']);
  const initialLearningRate = requiredNumber(input, 'initialLearningRate', RATE);
  const tMax = requiredNumber(input, 'tMax', STEP_COUNT);
  const etaMin = optionalNumber(input, 'etaMin', RATE, 0);
  const amplitude = initialLearningRate - etaMin;
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      // Reduce modulo the period first so that step 1e12 loses no precision inside cos().
      const phase = (step % (2 * tMax)) / tMax;
      return etaMin + amplitude * 0.5 * (1 + Math.cos(Math.PI * phase));
    },
    input,
  );
}
