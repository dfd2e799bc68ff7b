import { InvalidOptionError } from '../errors.js';
import { RATE, STEP_BOUNDARY, optionalString, readOptions, requiredNumberArray } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link piecewiseConstantDecay}; Keras's `PiecewiseConstantDecay` arguments.
 *
 * @example
 * ```ts
 * import { piecewiseConstantDecay, type PiecewiseConstantDecayOptions } from '@anneal/core';
 * const options: PiecewiseConstantDecayOptions = { boundaries: [100, 200], values: [0.1, 0.01, 0.001] };
 * const schedule = piecewiseConstantDecay(options);
 * schedule(150); // 0.01
 * ```
 */
export interface PiecewiseConstantDecayOptions {
  /** Steps where the value changes: finite, >= 0, strictly increasing, at least one. */
  readonly boundaries: readonly number[];
  /** One more value than boundaries; each finite and >= 0. */
  readonly values: readonly number[];
  /** The Keras object name, kept for round trips. Default `'PiecewiseConstant'` (Keras's default). */
  readonly name?: string;
}

/**
 * The resolved options a {@link piecewiseConstantDecay} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { piecewiseConstantDecay, type PiecewiseConstantDecayConfig } from '@anneal/core';
 * const schedule = piecewiseConstantDecay({ boundaries: [100], values: [0.1, 0.01] });
 * const options: PiecewiseConstantDecayConfig = schedule.config.options;
 * options.name; // 'PiecewiseConstant'
 * ```
 */
export type PiecewiseConstantDecayConfig = Required<PiecewiseConstantDecayOptions>;

/** The option keys, in the order of Keras's `get_config()`: the Keras interop table derives Keras's keys from them. */
export const KEYS = ['boundaries', 'values', 'name'] as const;

/**
 * Keras's `PiecewiseConstantDecay`: `values[0]` up to and including `boundaries[0]`, then `values[i]` for
 * `boundaries[i-1] < step <= boundaries[i]`, and the last value after the last boundary. A step equal to a
 * boundary stays in the LEFT piece (PyTorch's `multiStep` switches at the milestone instead).
 *
 * @example
 * ```ts
 * import { piecewiseConstantDecay } from '@anneal/core';
 * const schedule = piecewiseConstantDecay({ boundaries: [1000, 10_000], values: [1.0, 0.5, 0.1] });
 * schedule(1000); // 1.0
 * schedule(1001); // 0.5
 * schedule(20_000); // 0.1
 * ```
 */
export function piecewiseConstantDecay(
  options: PiecewiseConstantDecayOptions,
): ConfiguredSchedule<'piecewiseConstantDecay', PiecewiseConstantDecayConfig> {
  const source = 'piecewiseConstantDecay';
  const input = readOptions(source, options, KEYS);
  const boundaries = requiredNumberArray(input, 'boundaries', STEP_BOUNDARY, { increasing: true, minLength: 1 });
  const values = requiredNumberArray(input, 'values', RATE, { increasing: false, minLength: 2 });
  if (values.length !== boundaries.length + 1) {
    throw new InvalidOptionError(
      source,
      'values',
      values,
      `must hold one more value than boundaries (${boundaries.length + 1})`,
    );
  }
  const name = optionalString(input, 'name', 'PiecewiseConstant');
  const table = Float64Array.from(boundaries);
  const levels = Float64Array.from(values);
  const count = table.length;
  const evaluate = (step: number): number => {
    checkStep(source, step);
    // A linear scan beats binary search for the handful of boundaries schedules have, and allocates nothing.
    let index = 0;
    while (index < count && step > (table[index] as number)) index++;
    return levels[index] as number;
  };
  return withConfig(evaluate, input);
}
