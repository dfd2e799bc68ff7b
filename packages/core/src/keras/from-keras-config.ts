import { InvalidOptionError, KerasConfigError } from '../errors.js';
import { nearestKey } from '../internal/nearest-key.js';
import type { ConfiguredSchedule } from '../schedule.js';
import { KERAS_CLASSES, camelCase, snakeCase, type KerasScheduleClassName } from './keras-classes.js';

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
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new KerasConfigError('(root)', `expected an object with 'class_name' and 'config', got ${typeof config}`);
  }
  const record = config as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['module', 'class_name', 'config', 'registered_name'].includes(key)) {
      throw new KerasConfigError(key, "unknown key; a serialized schedule has 'module', 'class_name', 'config' and 'registered_name'");
    }
  }
  const className = record['class_name'];
  if (typeof className !== 'string') {
    throw new KerasConfigError('class_name', `must be a string, got ${JSON.stringify(className)}`);
  }
  const row = KERAS_CLASSES.find((candidate) => candidate.className === className);
  if (row === undefined) {
    const known = KERAS_CLASSES.map((candidate) => candidate.className);
    const suggestion = nearestKey(className, known);
    throw new KerasConfigError(
      'class_name',
      `unknown Keras schedule '${className}'${suggestion === undefined ? '' : ` — did you mean '${suggestion}'?`} (known: ${known.join(', ')})`,
    );
  }
  const module = record['module'];
  if (module !== undefined && (typeof module !== 'string' || !MODULES.includes(module))) {
    throw new KerasConfigError('module', `must be 'keras.optimizers.schedules' for a built-in schedule, got ${JSON.stringify(module)}`);
  }
  const registeredName = record['registered_name'];
  if (registeredName !== undefined && registeredName !== null && registeredName !== className) {
    throw new KerasConfigError(
      'registered_name',
      `'${String(registeredName)}' names a custom registered class; only Keras's built-in schedules can be read`,
    );
  }
  const body = record['config'];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new KerasConfigError('config', `must be an object of constructor arguments, got ${JSON.stringify(body)}`);
  }
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!row.kerasKeys.includes(key)) {
      const suggestion = nearestKey(key, row.kerasKeys);
      throw new KerasConfigError(
        `config.${key}`,
        `${className} has no argument '${key}'${suggestion === undefined ? '' : ` — did you mean '${suggestion}'?`}`,
      );
    }
    // Python's None stands for "use the default"; tf.keras 2 writes `name: null`.
    if (value !== null || key === 'warmup_target') options[camelCase(key)] = value;
  }
  try {
    return row.factory(options as never);
  } catch (error) {
    // Keys were checked above, so the factory can only object to a value: report it at its place in the config.
    if (error instanceof InvalidOptionError) {
      const key = snakeCase(error.option);
      throw new KerasConfigError(`config.${key}`, `${error.rule}, got ${JSON.stringify(error.value)}`);
    }
    throw error;
  }
}
