import { KEYS as COSINE_DECAY_RESTARTS_KEYS, cosineDecayRestarts } from '../schedules/cosine-decay-restarts.js';
import { KEYS as COSINE_DECAY_KEYS, cosineDecay } from '../schedules/cosine-decay.js';
import { KEYS as EXPONENTIAL_DECAY_KEYS, exponentialDecay } from '../schedules/exponential-decay.js';
import { KEYS as INVERSE_TIME_DECAY_KEYS, inverseTimeDecay } from '../schedules/inverse-time-decay.js';
import { KEYS as PIECEWISE_CONSTANT_DECAY_KEYS, piecewiseConstantDecay } from '../schedules/piecewise-constant-decay.js';
import { KEYS as POLYNOMIAL_DECAY_KEYS, polynomialDecay } from '../schedules/polynomial-decay.js';
import type { ConfiguredSchedule } from '../schedule.js';

/** One row of the Keras ⇄ anneal table. */
export interface KerasClass {
  /** Keras's class name. */
  readonly className: KerasScheduleClassName;
  /** anneal's factory name, the `config.name` of the schedules it builds. */
  readonly factoryName: string;
  /** Keras's `get_config()` keys, in Keras's order; each maps to the camelCase option of the same words. */
  readonly kerasKeys: readonly string[];
  readonly factory: (options: never) => ConfiguredSchedule;
}

/**
 * The class names of `keras.optimizers.schedules` that anneal reads and writes.
 *
 * @example
 * ```ts
 * import { cosineDecay, toKerasConfig, type KerasScheduleClassName } from '@anneal/core';
 * const className: KerasScheduleClassName = toKerasConfig(cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000 })).class_name;
 * className; // 'CosineDecay'
 * ```
 */
export type KerasScheduleClassName =
  | 'ExponentialDecay'
  | 'PiecewiseConstantDecay'
  | 'PolynomialDecay'
  | 'InverseTimeDecay'
  | 'CosineDecay'
  | 'CosineDecayRestarts';

// Keras's names follow from anneal's: the factory is the class name with a lower-case initial, and each Keras key is
// the snake_case of the option in the same place (the factories list their keys in Keras's order), so the table
// holds no second copy of either.
const kerasClass = (
  className: KerasScheduleClassName,
  keys: readonly string[],
  factory: (options: never) => ConfiguredSchedule,
): KerasClass => ({ className, factoryName: className[0]?.toLowerCase() + className.slice(1), kerasKeys: keys.map(snakeCase), factory });

/** The one table both directions of the Keras interop read. */
export const KERAS_CLASSES: readonly KerasClass[] = [
  /* @__PURE__ */ kerasClass('ExponentialDecay', EXPONENTIAL_DECAY_KEYS, exponentialDecay),
  /* @__PURE__ */ kerasClass('PiecewiseConstantDecay', PIECEWISE_CONSTANT_DECAY_KEYS, piecewiseConstantDecay),
  /* @__PURE__ */ kerasClass('PolynomialDecay', POLYNOMIAL_DECAY_KEYS, polynomialDecay),
  /* @__PURE__ */ kerasClass('InverseTimeDecay', INVERSE_TIME_DECAY_KEYS, inverseTimeDecay),
  /* @__PURE__ */ kerasClass('CosineDecay', COSINE_DECAY_KEYS, cosineDecay),
  /* @__PURE__ */ kerasClass('CosineDecayRestarts', COSINE_DECAY_RESTARTS_KEYS, cosineDecayRestarts),
];

/** `initialLearningRate` → `initial_learning_rate`, `tMul` → `t_mul`. */
export function snakeCase(camel: string): string {
  return camel.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** `initial_learning_rate` → `initialLearningRate`, `t_mul` → `tMul`. */
export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
