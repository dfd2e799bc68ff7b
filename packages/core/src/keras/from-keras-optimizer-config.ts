import { chain } from '../combinators/chain.js';
import { describeValue, KerasConfigError } from '../errors.js';
import { RATE, defaultSink, describeRule, readOptions, satisfies, type NumberRule } from '../internal/options.js';
import { inverseTimeDecay } from '../schedules/inverse-time-decay.js';
import type { ConfiguredSchedule } from '../schedule.js';
import { fromKerasConfig, readKerasObject, type KerasScheduleConfig } from './from-keras-config.js';

/**
 * The Keras optimizer classes {@link fromKerasOptimizerConfig} reads.
 *
 * @example
 * ```ts
 * import type { KerasOptimizerClassName } from '@anneal/core';
 * const className: KerasOptimizerClassName = 'RMSprop';
 * ```
 */
export type KerasOptimizerClassName = 'SGD' | 'Adam' | 'RMSprop';

/**
 * A serialized Keras optimizer: Keras 3's `keras.optimizers.serialize` form, tf.keras 2's `{ class_name, config }`,
 * or standalone Keras 2's (with `lr`).
 *
 * @example
 * ```ts
 * import type { KerasOptimizerConfig } from '@anneal/core';
 * // The seed article's SGD(lr=0.01, momentum=0.9, decay=0.0, nesterov=False), as tf.keras 2 writes it.
 * const config: KerasOptimizerConfig = { class_name: 'SGD', config: { lr: 0.01, momentum: 0.9, decay: 0.0, nesterov: false } };
 * ```
 */
export interface KerasOptimizerConfig {
  readonly module?: string;
  readonly class_name: KerasOptimizerClassName | (string & {});
  readonly config: Readonly<Record<string, unknown>>;
  readonly registered_name?: string | null;
}

/**
 * Options of {@link fromKerasOptimizerConfig}.
 *
 * @example
 * ```ts
 * import type { FromKerasOptimizerConfigOptions } from '@anneal/core';
 * const warnings: string[] = [];
 * const options: FromKerasOptimizerConfigOptions = { config: { class_name: 'SGD', config: { lr: 0.1 } }, warn: (message) => warnings.push(message) };
 * ```
 */
export interface FromKerasOptimizerConfigOptions {
  readonly config: KerasOptimizerConfig;
  /** Receives the deprecation warning for `lr`. Default `console.warn`. */
  readonly warn?: (message: string) => void;
}

/**
 * An optimizer read from a Keras config: its class, its learning rate — Keras 2's `decay` folded in, so it is the
 * rate of every step — and its hyperparameters in camelCase with Keras's defaults filled in.
 *
 * @example
 * ```ts
 * import { fromKerasOptimizerConfig, type KerasOptimizer } from '@anneal/core';
 * const optimizer: KerasOptimizer = fromKerasOptimizerConfig({ config: { class_name: 'Adam', config: { learning_rate: 3e-4 } } });
 * if (optimizer.className === 'Adam') optimizer.beta2; // 0.999
 * ```
 */
export type KerasOptimizer =
  | { readonly className: 'SGD'; readonly learningRate: number | ConfiguredSchedule; readonly momentum: number; readonly nesterov: boolean }
  | {
      readonly className: 'Adam';
      readonly learningRate: number | ConfiguredSchedule;
      readonly beta1: number;
      readonly beta2: number;
      readonly epsilon: number;
      readonly amsgrad: boolean;
    }
  | {
      readonly className: 'RMSprop';
      readonly learningRate: number | ConfiguredSchedule;
      readonly rho: number;
      readonly momentum: number;
      readonly epsilon: number;
      readonly centered: boolean;
    };

const UNIT: NumberRule = { min: 0, max: 1 };
// A β of 1 makes Adam's bias correction 1 − βᵗ zero: NaN weights at the first step.
const BETA: NumberRule = { min: 0, below: 1 };
const POSITIVE: NumberRule = { above: 0 };
// Per class, every hyperparameter with Keras's default; a boolean default means "true or false".
const CLASSES: Record<KerasOptimizerClassName, Record<string, [number | boolean, NumberRule?]>> = {
  SGD: { learning_rate: [0.01], momentum: [0, UNIT], nesterov: [false] },
  Adam: { learning_rate: [0.001], beta_1: [0.9, BETA], beta_2: [0.999, BETA], epsilon: [1e-7, POSITIVE], amsgrad: [false] },
  RMSprop: { learning_rate: [0.001], rho: [0.9, UNIT], momentum: [0, UNIT], epsilon: [1e-7, POSITIVE], centered: [false] },
};
// Keys every optimizer config may hold. These change the update unless at their neutral value, which no anneal
// adapter implements, so anything else is refused rather than silently dropped.
const NEUTRAL: Record<string, unknown[]> = {
  clipnorm: [null],
  clipvalue: [null],
  global_clipnorm: [null],
  weight_decay: [null, 0],
  use_ema: [false],
  loss_scale_factor: [null],
  gradient_accumulation_steps: [null],
};
// Accepted by every class: tf.keras 2's `lr` and `decay`, the NEUTRAL keys, and bookkeeping with no effect on the update.
const COMMON = ['lr', 'decay', ...Object.keys(NEUTRAL), 'name', 'ema_momentum', 'ema_overwrite_frequency', 'jit_compile', 'is_legacy_optimizer'];

/**
 * Reads a serialized Keras optimizer (SGD, Adam, RMSprop; Keras 3, tf.keras 2 or standalone Keras 2) into its class,
 * hyperparameters and learning rate. tf.keras 2's per-iteration `decay` becomes part of the learning rate:
 * `lr / (1 + decay · step)` is `inverseTimeDecay({ initialLearningRate: lr, decaySteps: 1, decayRate: decay })`, and
 * a schedule with `decay` is `chain` of the schedule and that factor, as tf.keras 2 divides the schedule's value.
 * `lr`, tf.keras 2's deprecated alias of `learning_rate`, is read with a warning. The learning rate may be a number
 * or a serialized schedule (read by `fromKerasConfig`).
 *
 * @throws {KerasConfigError} for an unknown class or key (with the nearest valid key), a value out of range, `lr`
 * together with `learning_rate`, or gradient clipping, weight decay, EMA, loss scaling or gradient accumulation,
 * which the adapters do not implement.
 *
 * @example
 * ```ts
 * import { fromKerasOptimizerConfig } from '@anneal/core';
 * // SGD(lr=0.1, momentum=0.9, decay=0.01) from tf.keras 2: step t trains at 0.1 / (1 + 0.01 t).
 * const optimizer = fromKerasOptimizerConfig({ config: { class_name: 'SGD', config: { lr: 0.1, momentum: 0.9, decay: 0.01 } }, warn: () => {} });
 * const rate = optimizer.learningRate;
 * typeof rate === 'number' ? rate : rate(100); // 0.05
 * ```
 */
export function fromKerasOptimizerConfig(options: FromKerasOptimizerConfigOptions): KerasOptimizer {
  const { config, warn = defaultSink('warn') } = readOptions('fromKerasOptimizerConfig', options, ['config', 'warn']).input as Partial<FromKerasOptimizerConfigOptions>;
  const hyper = (className: string): string[] => [...Object.keys(CLASSES[className as KerasOptimizerClassName]), ...COMMON];
  const [className, body] = readKerasObject(config, 'optimizer', { SGD: hyper('SGD'), Adam: hyper('Adam'), RMSprop: hyper('RMSprop') });
  const read = (key: string, [fallback, rule = RATE]: [number | boolean, NumberRule?]): unknown => {
    const value = body[key] ?? fallback;
    if (typeof fallback === 'boolean' ? typeof value !== 'boolean' : typeof value !== 'number' || !satisfies(value, rule)) {
      throw new KerasConfigError(`config.${key}`, `${typeof fallback === 'boolean' ? 'must be true or false' : describeRule(rule)}, got ${describeValue(value)}`);
    }
    return value;
  };
  for (const key of Object.keys(NEUTRAL)) {
    if (key in body && !(NEUTRAL[key] as unknown[]).includes(body[key])) {
      throw new KerasConfigError(`config.${key}`, `is unsupported unless in ${JSON.stringify(NEUTRAL[key])}, got ${describeValue(body[key])}`);
    }
  }
  const result: Record<string, unknown> = { className };
  const { learning_rate: rateRule, ...rest } = CLASSES[className as KerasOptimizerClassName];
  // beta_1 → beta1; the other hyperparameters are one word.
  for (const [key, rule] of Object.entries(rest)) result[key.replace('_', '')] = read(key, rule);
  let key = 'learning_rate';
  if ('lr' in body) {
    if (key in body) throw new KerasConfigError('config.lr', "must not be given with 'learning_rate'");
    key = 'lr';
    warn(`fromKerasOptimizerConfig: 'lr' is deprecated and read as 'learning_rate'.`);
  }
  const given = body[key];
  // A float in Python, or a serialized schedule.
  let learningRate: number | ConfiguredSchedule;
  if (typeof given === 'object' && given !== null) {
    try {
      learningRate = fromKerasConfig(given as KerasScheduleConfig);
    } catch (error) {
      if (!(error instanceof KerasConfigError)) throw error;
      // Re-rooted at its place in the optimizer config: 'fromKerasConfig: <path>: <message>' → 'config.lr.<path>'.
      throw new KerasConfigError(`config.${key}.${error.path}`, error.message.slice(`fromKerasConfig: ${error.path}: `.length));
    }
  } else {
    learningRate = read(key, rateRule as [number]) as number;
  }
  const decay = read('decay', [0]) as number;
  if (decay > 0) {
    learningRate =
      typeof learningRate === 'number'
        ? inverseTimeDecay({ initialLearningRate: learningRate, decaySteps: 1, decayRate: decay })
        : chain({ schedules: [learningRate, inverseTimeDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: decay })] });
  }
  result['learningRate'] = learningRate;
  return result as KerasOptimizer;
}
