import { NotKerasSerializableError } from '../errors.js';
import type { Schedule, ScheduleConfig } from '../schedule.js';
import { KERAS_CLASSES, camelCase, type KerasScheduleClassName } from './keras-classes.js';

/**
 * The Keras 3 serialized form `toKerasConfig` writes: what `keras.optimizers.schedules.serialize` produces, and what
 * `keras.optimizers.schedules.deserialize` (or an optimizer's `learning_rate` config) reads.
 *
 * @example
 * ```ts
 * import { toKerasConfig, cosineDecay, type SerializedKerasSchedule } from '@anneal/core';
 * const json: SerializedKerasSchedule = toKerasConfig(cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000 }));
 * json.class_name; // 'CosineDecay'
 * ```
 */
export interface SerializedKerasSchedule {
  readonly module: 'keras.optimizers.schedules';
  readonly class_name: KerasScheduleClassName;
  readonly config: Readonly<Record<string, unknown>>;
  readonly registered_name: null;
}

/**
 * Writes a schedule built by one of the six Keras factories in Keras 3's serialized form, snake_case keys in Keras's
 * order, ready for `JSON.stringify` and `keras.optimizers.schedules.deserialize` in Python.
 * `fromKerasConfig(toKerasConfig(s))` rebuilds `s` exactly, and a Keras 3 config read by `fromKerasConfig` is written
 * back unchanged.
 *
 * @throws {NotKerasSerializableError} for a schedule with no Keras class (PyTorch families, combinators, plain functions).
 *
 * @example
 * ```ts
 * import { exponentialDecay, toKerasConfig } from '@anneal/core';
 * const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100_000, decayRate: 0.96, staircase: true });
 * JSON.stringify(toKerasConfig(schedule));
 * // {"module":"keras.optimizers.schedules","class_name":"ExponentialDecay","config":{"initial_learning_rate":0.1,...},"registered_name":null}
 * ```
 */
export function toKerasConfig(schedule: Schedule): SerializedKerasSchedule {
  const config = (schedule as { readonly config?: ScheduleConfig }).config;
  if (config === undefined || typeof config.name !== 'string') throw new NotKerasSerializableError(undefined);
  const row = KERAS_CLASSES.find((candidate) => candidate.factoryName === config.name);
  if (row === undefined) throw new NotKerasSerializableError(config.name);
  const options = config.options as Readonly<Record<string, unknown>>;
  const body: Record<string, unknown> = {};
  for (const key of row.kerasKeys) {
    const value = options[camelCase(key)];
    body[key] = Array.isArray(value) ? value.slice() : value;
  }
  return { module: 'keras.optimizers.schedules', class_name: row.className, config: body, registered_name: null };
}
