import { describeValue, InvalidOptionError, KerasConfigError } from '../errors.js';
import { didYouMean } from '../internal/nearest-key.js';
import type { ConfiguredSchedule } from '../schedule.js';
import { KERAS_CLASSES, camelCase, snakeCase, type KerasClass, type KerasScheduleClassName } from './keras-classes.js';

/**
 * A serialized Keras learning-rate schedule: Keras 3's `keras.optimizers.schedules.serialize` form
 * (`module`, `class_name`, `config`, `registered_name`) or tf.keras 2's (`class_name`, `config`).
 *
 * @example
 * ```ts
 * import type { KerasScheduleConfig } from '@anneal/core';
 * const config: KerasScheduleConfig = {
 *   module: 'keras.optimizers.schedules',
 *   class_name: 'ExponentialDecay',
 *   config: { initial_learning_rate: 0.1, decay_steps: 1000, decay_rate: 0.96, staircase: false, name: 'ExponentialDecay' },
 *   registered_name: null,
 * };
 * ```
 */
export interface KerasScheduleConfig {
  readonly module?: string;
  readonly class_name: KerasScheduleClassName | (string & {});
  readonly config: Readonly<Record<string, unknown>>;
  readonly registered_name?: string | null;
}

const MODULES = ['keras.optimizers.schedules', 'keras.src.optimizers.schedules.learning_rate_schedule'];

/**
 * Builds a schedule from a serialized Keras schedule, Keras 3 or tf.keras 2, exactly as Keras would: snake_case keys,
 * Keras's defaults for missing keys, `null` (Python `None`) for a key meaning its default. The result is an ordinary
 * anneal schedule, callable as `schedule(step)`.
 *
 * @throws {KerasConfigError} for an unknown `class_name`, an unknown or mistyped key, or a value anneal rejects;
 * the error's `path` points into the config (e.g. `'config.decay_steps'`).
 *
 * @example
 * ```ts
 * import { fromKerasConfig } from '@anneal/core';
 * // JSON written in Python by keras.optimizers.schedules.serialize(schedule)
 * const schedule = fromKerasConfig(JSON.parse(text));
 * schedule(1000);
 * ```
 */
export function fromKerasConfig(config: KerasScheduleConfig): ConfiguredSchedule {
  const [className, body] = readKerasObject(
    config,
    'schedule',
    Object.fromEntries(KERAS_CLASSES.map((row) => [row.className, row.kerasKeys])),
    MODULES,
  );
  const options: Record<string, unknown> = {};
  // Python's None stands for "use the default"; tf.keras 2 writes `name: null`.
  for (const [key, value] of Object.entries(body)) if (value !== null || key === 'warmup_target') options[camelCase(key)] = value;
  try {
    return (KERAS_CLASSES.find((row) => row.className === className) as KerasClass).factory(options as never);
  } catch (error) {
    // Keys were checked above, so the factory can only object to a value: report it at its place in the config.
    if (error instanceof InvalidOptionError) {
      throw new KerasConfigError(`config.${snakeCase(error.option)}`, `${error.rule}, got ${describeValue(error.value)}`);
    }
    throw error;
  }
}

/**
 * Reads the envelope Keras serializes schedules and optimizers in (`module`, `class_name`, `config`,
 * `registered_name`): the class must be one of `classes` (built in, not a registered custom one) and every key of
 * `config` one of its class's, so a typo gets the nearest valid key. Returns the class name and `config`.
 */
export function readKerasObject(
  config: unknown,
  what: string,
  classes: Readonly<Record<string, readonly string[]>>,
  modules?: readonly string[],
): [string, Record<string, unknown>] {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new KerasConfigError('(root)', `must be an object, got ${describeValue(config)}`);
  }
  const { module, class_name: className, config: body, registered_name: registered, ...rest } = config as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw new KerasConfigError(extra, 'unknown key');
  const known = Object.keys(classes);
  if (typeof className !== 'string' || !Object.hasOwn(classes, className)) {
    throw new KerasConfigError('class_name', `must be a Keras ${what} class (${known.join(', ')}), got ${describeValue(className)}${didYouMean(String(className), known)}`);
  }
  if (modules !== undefined && module !== undefined && !modules.includes(module as string)) {
    throw new KerasConfigError('module', `must be '${modules[0]}', got ${describeValue(module)}`);
  }
  if (registered != null && registered !== className) {
    throw new KerasConfigError('registered_name', `names a custom registered class, got ${describeValue(registered)}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new KerasConfigError('config', `must be an object, got ${describeValue(body)}`);
  }
  const valid = classes[className] as readonly string[];
  for (const key of Object.keys(body)) {
    if (!valid.includes(key)) throw new KerasConfigError(`config.${key}`, `${className} has no argument '${key}'${didYouMean(key, valid)}`);
  }
  return [className, body as Record<string, unknown>];
}
