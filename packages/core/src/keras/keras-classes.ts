import { cosineDecayRestarts } from '../schedules/cosine-decay-restarts.js';
import { cosineDecay } from '../schedules/cosine-decay.js';
import { exponentialDecay } from '../schedules/exponential-decay.js';
import { inverseTimeDecay } from '../schedules/inverse-time-decay.js';
import { piecewiseConstantDecay } from '../schedules/piecewise-constant-decay.js';
import { polynomialDecay } from '../schedules/polynomial-decay.js';
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

/** The one table both directions of the Keras interop read. */
export const KERAS_CLASSES: readonly KerasClass[] = [
  {
    className: 'ExponentialDecay',
    factoryName: 'exponentialDecay',
    kerasKeys: ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase', 'name'],
    factory: exponentialDecay,
  },
  {
    className: 'PiecewiseConstantDecay',
    factoryName: 'piecewiseConstantDecay',
    kerasKeys: ['boundaries', 'values', 'name'],
    factory: piecewiseConstantDecay,
  },
  {
    className: 'PolynomialDecay',
    factoryName: 'polynomialDecay',
    kerasKeys: ['initial_learning_rate', 'decay_steps', 'end_learning_rate', 'power', 'cycle', 'name'],
    factory: polynomialDecay,
  },
  {
    className: 'InverseTimeDecay',
    factoryName: 'inverseTimeDecay',
    kerasKeys: ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase', 'name'],
    factory: inverseTimeDecay,
  },
  {
    className: 'CosineDecay',
    factoryName: 'cosineDecay',
    kerasKeys: ['initial_learning_rate', 'decay_steps', 'alpha', 'name', 'warmup_target', 'warmup_steps'],
    factory: cosineDecay,
  },
  {
    className: 'CosineDecayRestarts',
    factoryName: 'cosineDecayRestarts',
    kerasKeys: ['initial_learning_rate', 'first_decay_steps', 't_mul', 'm_mul', 'alpha', 'name'],
    factory: cosineDecayRestarts,
  },
];

/** `initial_learning_rate` → `initialLearningRate`, `t_mul` → `tMul`. */
export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
