import { chain } from '../combinators/chain.js';
import { KerasConfigError } from '../errors.js';
import { nearestKey } from '../internal/nearest-key.js';
import { describeRule, readOptions, satisfies, type NumberRule } from '../internal/options.js';
import { inverseTimeDecay } from '../schedules/inverse-time-decay.js';
import type { ConfiguredSchedule } from '../schedule.js';
import { fromKerasConfig, type KerasScheduleConfig } from './from-keras-config.js';

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
const POSITIVE: NumberRule = { above: 0 };
// Per class, every hyperparameter with Keras's default; a boolean default means "true or false".
const CLASSES: Record<KerasOptimizerClassName, Record<string, [number | boolean, NumberRule?]>> = {
  SGD: { learning_rate: [0.01], momentum: [0, UNIT], nesterov: [false] },
  Adam: { learning_rate: [0.001], beta_1: [0.9, UNIT], beta_2: [0.999, UNIT], epsilon: [1e-7, POSITIVE], amsgrad: [false] },
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
// Bookkeeping keys with no effect on the update.
const IGNORED = ['name', 'ema_momentum', 'ema_overwrite_frequency', 'jit_compile', 'is_legacy_optimizer'];

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
  const { config, warn } = readOptions('fromKerasOptimizerConfig', options, ['config', 'warn']) as Partial<FromKerasOptimizerConfigOptions>;
  const record = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  const unknownRoot = Object.keys(record).find((key) => !['module', 'class_name', 'config', 'registered_name'].includes(key));
  if (unknownRoot !== undefined) throw new KerasConfigError(unknownRoot, "unknown key; a serialized optimizer has 'module', 'class_name', 'config' and 'registered_name'");
  const className = record['class_name'] as string;
  const hyper = CLASSES[className as KerasOptimizerClassName] as (typeof CLASSES)['SGD'] | undefined;
  if (typeof className !== 'string' || !Object.hasOwn(CLASSES, className) || hyper === undefined) {
    throw new KerasConfigError('class_name', `unknown Keras optimizer ${JSON.stringify(className)}${hint(String(className), Object.keys(CLASSES))} (known: ${Object.keys(CLASSES).join(', ')})`);
  }
  const registered = record['registered_name'];
  if (registered != null && registered !== className) throw new KerasConfigError('registered_name', `'${String(registered)}' names a custom registered class; only Keras's built-in optimizers can be read`);
  const body = record['config'];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new KerasConfigError('config', `must be an object of constructor arguments, got ${JSON.stringify(body)}`);
  const valid = [...Object.keys(hyper), 'lr', 'decay', ...Object.keys(NEUTRAL), ...IGNORED];
  const result: Record<string, unknown> = { className };
  const read = (key: string, [fallback, rule = { min: 0 }]: [number | boolean, NumberRule?]): unknown => {
    const value = (body as Record<string, unknown>)[key] ?? fallback;
    if (typeof fallback === 'boolean' ? typeof value !== 'boolean' : typeof value !== 'number' || !satisfies(value, rule)) {
      throw new KerasConfigError(`config.${key}`, `${typeof fallback === 'boolean' ? 'must be true or false' : describeRule(rule)}, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  for (const [key, value] of Object.entries(body)) {
    if (!valid.includes(key)) throw new KerasConfigError(`config.${key}`, `${className} has no argument '${key}'${hint(key, valid)}`);
    if (Object.hasOwn(NEUTRAL, key) && !(NEUTRAL[key] as unknown[]).includes(value)) {
      throw new KerasConfigError(`config.${key}`, `is not supported by anneal (only ${(NEUTRAL[key] as unknown[]).map((neutral) => JSON.stringify(neutral)).join(' or ')}), got ${JSON.stringify(value)}`);
    }
  }
  // beta_1 → beta1; the other hyperparameters are one word.
  for (const [key, rule] of Object.entries(hyper)) if (key !== 'learning_rate') result[key.replace('_', '')] = read(key, rule);
  let key = 'learning_rate';
  if ('lr' in body) {
    if ('learning_rate' in body) throw new KerasConfigError('config.lr', "is tf.keras 2's deprecated alias of 'learning_rate'; give one of them, not both");
    key = 'lr';
    const sink = warn ?? ((message: string) => (globalThis as { console?: { warn?: (message: string) => void } }).console?.warn?.(message));
    sink(`fromKerasOptimizerConfig: 'lr' is deprecated (tf.keras 2 renamed it 'learning_rate'; Keras 3 refuses it); read as 'learning_rate'.`);
  }
  const given = (body as Record<string, unknown>)[key];
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
    learningRate = read(key, hyper['learning_rate'] as [number]) as number;
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

function hint(key: string, candidates: readonly string[]): string {
  const suggestion = nearestKey(key, candidates);
  return suggestion === undefined ? '' : ` — did you mean '${suggestion}'?`;
}
