import type { JsonValue } from '../callbacks/callback.js';
import { SnapshotError } from '../errors.js';
import { isValidRate } from '../internal/options.js';
import type { ControllerMachine, ControllerState } from './transition.js';

/**
 * The snapshot format version this release writes (and the newest it reads).
 *
 * @example
 * ```ts
 * import { SNAPSHOT_VERSION, createController } from '@anneal/core';
 * createController({ learningRate: 0.01 }).snapshot().version === SNAPSHOT_VERSION; // true
 * ```
 */
export const SNAPSHOT_VERSION = 1;

/**
 * The controller's state as versioned, JSON-safe data: `JSON.parse(JSON.stringify(snapshot))` restores exactly.
 *
 * @example
 * ```ts
 * import { createController, type ControllerSnapshot } from '@anneal/core';
 * const controller = createController({ learningRate: 0.01 });
 * const saved: string = JSON.stringify(controller.snapshot());
 * const snapshot: ControllerSnapshot = JSON.parse(saved);
 * const resumed = createController({ learningRate: 0.01 }, { snapshot });
 * ```
 */
export interface ControllerSnapshot {
  readonly format: 'anneal/controller';
  readonly version: number;
  /** The callbacks' names, in order: a restore with different callbacks is refused. */
  readonly callbacks: readonly string[];
  /** The learning rate the controller was built with: a number, or the schedule's config (`{ name: 'function' }` for a plain function). */
  readonly learningRate: JsonValue;
  /** The conflict rule the controller was built with. */
  readonly conflict: string;
  readonly state: ControllerState;
}

/** What identifies the setup a snapshot belongs to, beyond its callbacks. */
export interface SnapshotSetup {
  readonly learningRate: JsonValue;
  readonly conflict: string;
}

/** Captures a machine's state; refuses state that JSON would not carry exactly (NaN, Infinity, functions…). */
export function toSnapshot(machine: ControllerMachine, state: ControllerState, setup: SnapshotSetup): ControllerSnapshot {
  state.callbacks.forEach((callbackState, index) => {
    const problem = jsonProblem(callbackState);
    if (problem !== undefined) {
      throw new SnapshotError(`callback '${machine.callbacks[index]?.name}' holds state JSON cannot carry exactly: ${problem}`);
    }
  });
  return {
    format: 'anneal/controller',
    version: SNAPSHOT_VERSION,
    callbacks: machine.callbacks.map((callback) => callback.name),
    learningRate: setup.learningRate,
    conflict: setup.conflict,
    state: JSON.parse(JSON.stringify(state)) as ControllerState,
  };
}

/** Validates a snapshot against a machine and its setup, and returns the state it holds. */
export function fromSnapshot(machine: ControllerMachine, snapshot: unknown, setup: SnapshotSetup): ControllerState {
  if (typeof snapshot !== 'object' || snapshot === null) throw new SnapshotError(`expected a snapshot object, got ${typeof snapshot}`);
  const record = snapshot as Partial<ControllerSnapshot>;
  if (record.format !== 'anneal/controller') throw new SnapshotError(`not an anneal controller snapshot (format ${JSON.stringify(record.format)})`);
  const version = record.version as number;
  if (!(Number.isInteger(version) && version >= 1)) {
    throw new SnapshotError(`unknown snapshot version ${JSON.stringify(record.version)}`);
  }
  if (version > SNAPSHOT_VERSION) {
    throw new SnapshotError(`snapshot version ${version} is newer than this @anneal/core reads (${SNAPSHOT_VERSION}); upgrade @anneal/core`);
  }
  const expected = machine.callbacks.map((callback) => callback.name);
  const differs = (what: string, found: unknown, wanted: unknown, fix: string): void => {
    if (JSON.stringify(found) !== JSON.stringify(wanted)) {
      throw new SnapshotError(
        `the snapshot was taken with ${what} ${JSON.stringify(found)}, but the controller has ${JSON.stringify(wanted)}; restore with the same ${fix}`,
      );
    }
  };
  differs('callbacks', record.callbacks, expected, 'callbacks in the same order');
  differs('learningRate', record.learningRate, setup.learningRate, 'schedule');
  if (record.conflict !== setup.conflict) {
    throw new SnapshotError(`the snapshot was taken with conflict '${String(record.conflict)}', but the controller has '${setup.conflict}'`);
  }
  const state = record.state as Partial<ControllerState> | undefined;
  if (typeof state !== 'object' || state === null) throw new SnapshotError('the snapshot has no state');
  const check = (key: keyof ControllerState, ok: boolean, rule: string): void => {
    if (!ok) throw new SnapshotError(`state.${key} ${rule}, got ${JSON.stringify(state[key])}`);
  };
  const integer = (key: keyof ControllerState, min: number): void =>
    check(key, Number.isInteger(state[key]) && (state[key] as number) >= min, `must be an integer >= ${min}`);
  const flag = (key: keyof ControllerState): void => check(key, typeof state[key] === 'boolean', 'must be true or false');
  integer('step', 0);
  integer('epoch', -1);
  integer('batch', -1);
  flag('running');
  flag('epochOpen');
  flag('batchOpen');
  check('override', state.override === null || isValidRate(state.override), 'must be null or a finite rate >= 0');
  check('scale', isValidRate(state.scale), 'must be a finite number >= 0');
  if (!Array.isArray(state.callbacks) || state.callbacks.length !== expected.length) {
    throw new SnapshotError(`state.callbacks must hold one state per callback (${expected.length})`);
  }
  // Each callback's state must have the shape of its initial state (same keys, same kinds of values), so corrupt or
  // foreign state is refused here rather than misread later.
  state.callbacks.forEach((callbackState, index) => {
    const callback = machine.callbacks[index];
    if (callback === undefined) return;
    const problem = shapeProblem(callback.initialState, callbackState as JsonValue, 'state');
    if (problem !== undefined) throw new SnapshotError(`callback '${callback.name}': ${problem}`);
  });
  return state as ControllerState;
}

function kind(value: JsonValue | undefined): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Where `actual` departs from the shape of `reference`: an object must have the same keys, each with a value of the
 * same kind. `null` in the reference stands for "none yet", so it matches anything; numbers also match the string
 * 'NaN' and vice versa (a NaN best value is stored as 'NaN').
 */
function shapeProblem(reference: JsonValue, actual: JsonValue | undefined, path: string): string | undefined {
  if (reference === null) return undefined;
  const expected = kind(reference);
  const found = kind(actual);
  const numberLike = (k: string, v: JsonValue | undefined): boolean => k === 'number' || v === 'NaN' || v === null;
  if (expected === 'number' && numberLike(found, actual)) return undefined;
  if (expected !== found) return `${path} should be ${expected}, got ${found}`;
  if (expected === 'object') {
    const referenceKeys = Object.keys(reference as object).sort();
    const actualKeys = Object.keys(actual as object).sort();
    if (JSON.stringify(referenceKeys) !== JSON.stringify(actualKeys)) {
      return `${path} has keys ${JSON.stringify(actualKeys)}, expected ${JSON.stringify(referenceKeys)}`;
    }
    for (const key of referenceKeys) {
      const problem = shapeProblem((reference as Record<string, JsonValue>)[key] as JsonValue, (actual as Record<string, JsonValue>)[key], `${path}.${key}`);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

function jsonProblem(value: JsonValue | undefined, path = 'state'): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}`;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const problem = jsonProblem(value[index] as JsonValue, `${path}[${index}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      const problem = jsonProblem(item as JsonValue, `${path}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  return `${path} is ${value === undefined ? 'undefined' : typeof value}`;
}
