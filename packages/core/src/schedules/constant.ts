import { RATE, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * Options of {@link constant}.
 *
 * @example
 * ```ts
 * import { constant, type ConstantOptions } from '@anneal/core';
 * const options: ConstantOptions = { learningRate: 0.01 };
 * const schedule = constant(options);
 * schedule(5000); // 0.01
 * ```
 */
export interface ConstantOptions {
  /** The rate at every step. Finite, >= 0. */
  readonly learningRate: number;
}

/**
 * The resolved options a {@link constant} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { constant, type ConstantConfig } from '@anneal/core';
 * const schedule = constant({ learningRate: 0.01 });
 * const options: ConstantConfig = schedule.config.options;
 * options.learningRate; // 0.01
 * ```
 */
export type ConstantConfig = Required<ConstantOptions>;

/**
 * The same learning rate at every step (optax `constant_schedule`, Hugging Face `get_constant_schedule`). Useful as
 * a piece of {@link join} or the body of a {@link warmup}.
 *
 * @example
 * ```ts
 * import { constant } from '@anneal/core';
 * const schedule = constant({ learningRate: 3e-4 });
 * schedule(123_456); // 0.0003
 * ```
 */
export function constant(options: ConstantOptions): ConfiguredSchedule<'constant', ConstantConfig> {
  const source = 'constant';
  const input = readOptions(source, options, ['learningRate']);
  const learningRate = requiredNumber(input, 'learningRate', RATE);
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      return learningRate;
    },
    input,
  );
}
