/**
 * Stable, machine-readable codes carried by every anneal error. They never change between versions, so callers can
 * branch on `error.code` instead of parsing messages.
 *
 * @example
 * ```ts
 * import { AnnealError, cosineDecay, type AnnealErrorCode } from '@anneal/core';
 * let code: AnnealErrorCode | undefined;
 * try {
 *   cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000 })(Number.NaN);
 * } catch (error) {
 *   if (error instanceof AnnealError) code = error.code;
 * }
 * code; // 'ANNEAL_INVALID_STEP'
 * ```
 */
export type AnnealErrorCode =
  | 'ANNEAL_INVALID_OPTION'
  | 'ANNEAL_UNKNOWN_OPTION'
  | 'ANNEAL_INVALID_STEP'
  | 'ANNEAL_INVALID_LEARNING_RATE'
  | 'ANNEAL_KERAS_CONFIG'
  | 'ANNEAL_NOT_KERAS_SERIALIZABLE'
  | 'ANNEAL_LEARNING_RATE_CONFLICT'
  | 'ANNEAL_EVENT_ORDER'
  | 'ANNEAL_CALLBACK'
  | 'ANNEAL_SNAPSHOT';

/**
 * Base class of every error anneal throws on purpose.
 *
 * @example
 * ```ts
 * import { AnnealError, exponentialDecay } from '@anneal/core';
 * try {
 *   exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9 });
 * } catch (error) {
 *   if (error instanceof AnnealError) console.error(error.code, error.message);
 * }
 * ```
 */
export class AnnealError extends Error {
  /** Stable identifier of the failure, independent of the message wording. */
  declare readonly code: AnnealErrorCode;

  constructor(code: AnnealErrorCode, message: string) {
    super(message);
    this.name = 'AnnealError';
    this.code = code;
  }
}

/**
 * An option has a value that breaks a rule: wrong type, out of range, inconsistent with another option.
 * The message names the function, the option, the value and the rule.
 *
 * @example
 * ```ts
 * import { InvalidOptionError, polynomialDecay } from '@anneal/core';
 * try {
 *   polynomialDecay({ initialLearningRate: 0.1, decaySteps: 100, power: -1 });
 * } catch (error) {
 *   if (error instanceof InvalidOptionError) console.log(error.option, error.rule); // 'power', 'must be a finite number >= 0'
 * }
 * ```
 */
export class InvalidOptionError extends AnnealError {
  /** The function whose options were rejected, e.g. `'exponentialDecay'`. */
  declare readonly source: string;
  /** The rejected option, e.g. `'decaySteps'` or `'boundaries[2]'`. */
  declare readonly option: string;
  /** The rejected value, as given. */
  declare readonly value: unknown;
  /** The rule the value breaks, e.g. `'must be > 0'`. */
  declare readonly rule: string;

  constructor(source: string, option: string, value: unknown, rule: string) {
    super(codeOf('InvalidOptionError'), `${source}: option '${option}' ${rule}, got ${describeValue(value)}.`);
    this.name = 'InvalidOptionError';
    this.source = source;
    this.option = option;
    this.value = value;
    this.rule = rule;
  }
}

/**
 * An options object has a key the function does not know, usually a typo. The message suggests the nearest
 * valid key, so `berbose` points at `verbose` instead of being silently ignored.
 *
 * @example
 * ```ts
 * import { UnknownOptionError, exponentialDecay } from '@anneal/core';
 * try {
 *   exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, stairCase: true } as never);
 * } catch (error) {
 *   if (error instanceof UnknownOptionError) console.log(error.suggestion); // 'staircase'
 * }
 * ```
 */
export class UnknownOptionError extends AnnealError {
  /** The function whose options were rejected. */
  declare readonly source: string;
  /** The key that is not an option of `source`. */
  declare readonly option: string;
  /** The closest valid key, when one is close enough to be a likely typo. */
  declare readonly suggestion: string | undefined;
  /** Every key `source` accepts. */
  declare readonly validOptions: readonly string[];

  constructor(source: string, option: string, validOptions: readonly string[], suggestion: string | undefined) {
    const hint =
      suggestion === undefined
        ? `valid options are ${validOptions.map((key) => `'${key}'`).join(', ')}`
        : `did you mean '${suggestion}'?`;
    super(codeOf('UnknownOptionError'), `${source}: unknown option '${option}' — ${hint}`);
    this.name = 'UnknownOptionError';
    this.source = source;
    this.option = option;
    this.suggestion = suggestion;
    this.validOptions = validOptions;
  }
}

/**
 * A schedule was called with a step it cannot evaluate: not a number, NaN, negative or infinite.
 * Fractional steps are valid (Keras evaluates schedules on float steps).
 *
 * @example
 * ```ts
 * import { InvalidStepError, cosineDecay } from '@anneal/core';
 * const schedule = cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000 });
 * try {
 *   schedule(-1);
 * } catch (error) {
 *   if (error instanceof InvalidStepError) console.log(error.step); // -1
 * }
 * ```
 */
export class InvalidStepError extends AnnealError {
  /** The schedule that was called. */
  declare readonly source: string;
  /** The step it was called with. */
  declare readonly step: unknown;

  constructor(source: string, step: unknown) {
    super(
      codeOf('InvalidStepError'),
      `${source}: step must be a finite number >= 0, got ${describeValue(step)}.`,
    );
    this.name = 'InvalidStepError';
    this.source = source;
    this.step = step;
  }
}

/**
 * A user-supplied schedule or callback produced a learning rate that is not a finite number >= 0. anneal stops
 * there instead of handing NaN to an optimizer.
 *
 * @example
 * ```ts
 * import { InvalidLearningRateError, sample } from '@anneal/core';
 * try {
 *   sample((step) => 1 / (10 - step), { steps: 20 });
 * } catch (error) {
 *   if (error instanceof InvalidLearningRateError) console.log(error.step); // 10
 * }
 * ```
 */
export class InvalidLearningRateError extends AnnealError {
  /** What produced the value, e.g. `'sample'`. */
  declare readonly source: string;
  /** The step (or epoch, see `unit`) the value was produced for. */
  declare readonly step: number;
  /** Whether `step` counts optimizer steps or epochs. */
  declare readonly unit: 'step' | 'epoch';
  /** The offending value. */
  declare readonly value: unknown;

  constructor(source: string, step: number, value: unknown, unit: 'step' | 'epoch' = 'step') {
    super(
      codeOf('InvalidLearningRateError'),
      `${source} returned ${describeValue(value)} at ${unit} ${step}, not a finite rate >= 0.`,
    );
    this.unit = unit;
    this.name = 'InvalidLearningRateError';
    this.source = source;
    this.step = step;
    this.value = value;
  }
}

/**
 * A Keras configuration could not be read: unknown `class_name`, wrong shape, a key of the wrong type.
 *
 * @example
 * ```ts
 * import { KerasConfigError, fromKerasConfig } from '@anneal/core';
 * try {
 *   fromKerasConfig({ class_name: 'MyDecay', config: {} });
 * } catch (error) {
 *   if (error instanceof KerasConfigError) console.log(error.path); // 'class_name'
 * }
 * ```
 */
export class KerasConfigError extends AnnealError {
  /** Where in the config the problem is, e.g. `'class_name'` or `'config.decay_steps'`. */
  declare readonly path: string;

  constructor(path: string, message: string) {
    super(codeOf('KerasConfigError'), `fromKerasConfig: ${path}: ${message}`);
    this.name = 'KerasConfigError';
    this.path = path;
  }
}

/**
 * `toKerasConfig` was given a schedule Keras has no class for (a PyTorch-family schedule, a combinator,
 * or a plain function).
 *
 * @example
 * ```ts
 * import { NotKerasSerializableError, oneCycle, toKerasConfig } from '@anneal/core';
 * try {
 *   toKerasConfig(oneCycle({ maxLearningRate: 0.1, totalSteps: 100 }));
 * } catch (error) {
 *   if (error instanceof NotKerasSerializableError) console.log(error.scheduleName); // 'oneCycle'
 * }
 * ```
 */
export class NotKerasSerializableError extends AnnealError {
  /** The anneal name of the schedule, or `undefined` for a plain function. */
  declare readonly scheduleName: string | undefined;

  constructor(scheduleName: string | undefined) {
    super(
      codeOf('NotKerasSerializableError'),
      `toKerasConfig: ${scheduleName === undefined ? 'a plain function' : `'${scheduleName}'`} has no Keras class (only the six Keras factories have one).`,
    );
    this.name = 'NotKerasSerializableError';
    this.scheduleName = scheduleName;
  }
}

/**
 * A schedule was combined with a callback that sets the learning rate under `conflict: 'error'` — Keras 3's rule,
 * where setting the rate of an optimizer built with a `LearningRateSchedule` raises a `TypeError`.
 *
 * @example
 * ```ts
 * import { LearningRateConflictError, createController, exponentialDecay, learningRateScheduler } from '@anneal/core';
 * try {
 *   createController({
 *     learningRate: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }),
 *     callbacks: [learningRateScheduler((epoch, lr) => lr / 2)],
 *     conflict: 'error',
 *   });
 * } catch (error) {
 *   if (error instanceof LearningRateConflictError) console.log(error.callback); // 'learningRateScheduler'
 * }
 * ```
 */
export class LearningRateConflictError extends AnnealError {
  /** The callback that would set the rate. */
  declare readonly callback: string;

  constructor(callback: string) {
    super(
      codeOf('LearningRateConflictError'),
      `createController: conflict: 'error' refuses callback '${callback}', which sets the rate of a schedule; use 'callback-wins', 'scale' or a fixed learningRate.`,
    );
    this.name = 'LearningRateConflictError';
    this.callback = callback;
  }
}

/**
 * A training event arrived out of order: `epochEnd` for an epoch that is not open, `batchEnd` without
 * `batchBegin`, `epochBegin` before `trainBegin`….
 *
 * @example
 * ```ts
 * import { EventOrderError, createController } from '@anneal/core';
 * const controller = createController({ learningRate: 0.01 });
 * try {
 *   controller.epochBegin(0);
 * } catch (error) {
 *   if (error instanceof EventOrderError) console.log(error.event); // 'epochBegin'
 * }
 * ```
 */
export class EventOrderError extends AnnealError {
  /** The event that came out of order. */
  declare readonly event: string;

  constructor(event: string, rule: string) {
    super(codeOf('EventOrderError'), `${event}: out of order — ${rule}.`);
    this.name = 'EventOrderError';
    this.event = event;
  }
}

/**
 * A callback broke the `Callback` contract: set the learning rate without declaring `setsLearningRate`, or returned
 * something that is not an outcome.
 *
 * @example
 * ```ts
 * import { CallbackError, createController } from '@anneal/core';
 * const sneaky = { name: 'sneaky', setsLearningRate: false, initialState: null, onEpochBegin: () => ({ learningRate: 1 }) };
 * const controller = createController({ learningRate: 0.01, callbacks: [sneaky] });
 * controller.trainBegin();
 * try {
 *   controller.epochBegin(0);
 * } catch (error) {
 *   if (error instanceof CallbackError) console.log(error.callback); // 'sneaky'
 * }
 * ```
 */
export class CallbackError extends AnnealError {
  /** The callback's name. */
  declare readonly callback: string;

  constructor(callback: string, problem: string) {
    super(codeOf('CallbackError'), `callback '${callback}' ${problem}.`);
    this.name = 'CallbackError';
    this.callback = callback;
  }
}

/**
 * A controller snapshot cannot be taken or restored: state JSON cannot carry, a foreign or newer format, callbacks
 * that differ from the snapshot's.
 *
 * @example
 * ```ts
 * import { SnapshotError, createController } from '@anneal/core';
 * try {
 *   createController({ learningRate: 0.01 }, { snapshot: { format: 'anneal/controller', version: 99, callbacks: [], state: {} as never } });
 * } catch (error) {
 *   if (error instanceof SnapshotError) console.log(error.message); // 'controller snapshot: version must be an integer from 1 to 1, got 99.'
 * }
 * ```
 */
export class SnapshotError extends AnnealError {
  constructor(problem: string) {
    super(codeOf('SnapshotError'), `controller snapshot: ${problem}.`);
    this.name = 'SnapshotError';
  }
}

// A subclass's code is its name in capitals ('InvalidOptionError' → 'ANNEAL_INVALID_OPTION'), so they cannot drift
// apart and the codes need not be spelled out a second time.
function codeOf(name: string): AnnealErrorCode {
  return `ANNEAL${name.slice(0, -5).replace(/[A-Z]/g, '_$&').toUpperCase()}` as AnnealErrorCode;
}

/** A value as error messages show it: short, and never a second error (a cycle, a BigInt) while reporting the first. */
export function describeValue(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object' || value === null) return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'bigint' ? `${value}n` : String(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
