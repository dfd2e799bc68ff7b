import type { JsonValue } from '../callbacks/callback.js';
import { SnapshotError } from '../errors.js';
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
  if (typeof record.version !== 'number' || !Number.isInteger(record.version) || record.version < 1) {
    throw new SnapshotError(`unknown snapshot version ${JSON.stringify(record.version)}`);
  }
  if (record.version > SNAPSHOT_VERSION) {
    throw new SnapshotError(`snapshot version ${record.version} is newer than this @anneal/core reads (${SNAPSHOT_VERSION}); upgrade @anneal/core`);
  }
  const expected = machine.callbacks.map((callback) => callback.name);
  if (!Array.isArray(record.callbacks) || JSON.stringify(record.callbacks) !== JSON.stringify(expected)) {
    throw new SnapshotError(
      `the snapshot was taken with callbacks ${JSON.stringify(record.callbacks)}, but the controller has ${JSON.stringify(expected)}; restore with the same callbacks in the same order`,
    );
  }
  if (JSON.stringify(record.learningRate) !== JSON.stringify(setup.learningRate)) {
    throw new SnapshotError(
      `the snapshot was taken with learningRate ${JSON.stringify(record.learningRate)}, but the controller has ${JSON.stringify(setup.learningRate)}; restore with the same schedule`,
    );
  }
  if (record.conflict !== setup.conflict) {
    throw new SnapshotError(`the snapshot was taken with conflict '${String(record.conflict)}', but the controller has '${setup.conflict}'`);
  }
  const state = record.state as Partial<ControllerState> | undefined;
  if (typeof state !== 'object' || state === null) throw new SnapshotError('the snapshot has no state');
  const integer = (key: keyof ControllerState, min: number): void => {
    const value = state[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new SnapshotError(`state.${key} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  };
  const flag = (key: keyof ControllerState): void => {
    if (typeof state[key] !== 'boolean') throw new SnapshotError(`state.${key} must be true or false, got ${JSON.stringify(state[key])}`);
  };
  integer('step', 0);
  integer('epoch', -1);
  integer('batch', -1);
  flag('running');
  flag('epochOpen');
  flag('batchOpen');
  if (state.override !== null && !(typeof state.override === 'number' && state.override >= 0 && Number.isFinite(state.override))) {
    throw new SnapshotError(`state.override must be null or a finite rate >= 0, got ${JSON.stringify(state.override)}`);
  }
  if (!(typeof state.scale === 'number' && state.scale >= 0 && Number.isFinite(state.scale))) {
    throw new SnapshotError(`state.scale must be a finite number >= 0, got ${JSON.stringify(state.scale)}`);
  }
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
