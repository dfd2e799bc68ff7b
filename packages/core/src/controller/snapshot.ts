import type { JsonValue } from '../callbacks/callback.js';
import { describeValue, SnapshotError } from '../errors.js';
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
    const problem = jsonProblem(callbackState, 'state');
    if (problem !== undefined) {
      throw new SnapshotError(`callback '${machine.callbacks[index]?.name}' state is not JSON: ${problem}`);
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
  const record = Object(snapshot) as Partial<ControllerSnapshot>;
  const fail = (problem: string | undefined): void => {
    if (problem !== undefined) throw new SnapshotError(problem);
  };
  const check = (what: string, found: unknown, ok: boolean, rule: string): void =>
    fail(ok ? undefined : `${what} ${rule}, got ${describeValue(found)}`);
  check('format', record.format, record.format === 'anneal/controller', "must be 'anneal/controller'");
  const version = record.version as number;
  check('version', version, Number.isInteger(version) && version >= 1 && version <= SNAPSHOT_VERSION, `must be an integer from 1 to ${SNAPSHOT_VERSION}`);
  // What the controller was built with must match what the snapshot was taken with.
  const built = { callbacks: machine.callbacks.map((callback) => callback.name), ...setup };
  for (const [key, wanted] of Object.entries(built)) {
    const found = record[key as keyof typeof built];
    check(key, found, JSON.stringify(found) === JSON.stringify(wanted), `must be the controller's ${JSON.stringify(wanted)}`);
  }
  // The state must have the shape of the initial state, and each callback's state that of its initial state (same keys,
  // same kinds of values), so corrupt or foreign state is refused here rather than misread later.
  const state = record.state as ControllerState;
  fail(shapeProblem(machine.initialState as unknown as JsonValue, state as unknown as JsonValue, 'state'));
  for (const [key, min] of [['step', 0], ['epoch', -1], ['batch', -1]] as const) {
    check(`state.${key}`, state[key], Number.isInteger(state[key]) && state[key] >= min, `must be an integer >= ${min}`);
  }
  check('state.override', state.override, state.override === null || isValidRate(state.override), 'must be null or a finite number >= 0');
  check('state.scale', state.scale, isValidRate(state.scale), 'must be a finite number >= 0');
  check('state.callbacks', state.callbacks.length, state.callbacks.length === built.callbacks.length, `must hold one state per callback (${built.callbacks.length})`);
  machine.callbacks.forEach((callback, index) =>
    fail(shapeProblem(callback.initialState, state.callbacks[index], `callback '${callback.name}': state`)),
  );
  return state;
}

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Where `actual` departs from the shape of `reference`: an object must have the same keys, each with a value of the
 * same kind. `null` in the reference stands for "none yet", so it matches anything; numbers also match `null` and the
 * strings 'NaN', 'Infinity' and '-Infinity' (how a best value JSON cannot carry is stored).
 */
function shapeProblem(reference: JsonValue, actual: JsonValue | undefined, path: string): string | undefined {
  const expected = kind(reference);
  const found = kind(actual);
  if (reference === null || (expected === 'number' && (found === 'number' || actual === null || /^(NaN|-?Infinity)$/.test(String(actual))))) return undefined;
  if (expected !== found) return `${path} should be ${expected}, got ${found}`;
  if (expected === 'object') {
    const keys = Object.keys(reference as object).sort();
    const [wanted, given] = [keys, Object.keys(actual as object).sort()].map((list) => JSON.stringify(list));
    if (wanted !== given) return `${path} has keys ${given}, expected ${wanted}`;
    for (const key of keys) {
      const problem = shapeProblem((reference as Record<string, JsonValue>)[key] as JsonValue, (actual as Record<string, JsonValue>)[key], `${path}.${key}`);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/** Where `value` holds something JSON would not carry exactly: a non-finite number, undefined, a function, a class instance. */
function jsonProblem(value: unknown, path: string): string | undefined {
  const type = kind(value);
  if (type === 'number' ? !Number.isFinite(value) : !['null', 'string', 'boolean', 'array', 'object'].includes(type) || (type === 'object' && Object.getPrototypeOf(value) !== Object.prototype)) {
    return `${path} is ${type === 'number' ? value : type}`;
  }
  if (type === 'array' || type === 'object') {
    // Spread so that an array's holes (which JSON writes as null) are seen as undefined.
    for (const [key, item] of Object.entries(type === 'array' ? [...(value as unknown[])] : (value as object))) {
      const problem = jsonProblem(item, type === 'array' ? `${path}[${key}]` : `${path}.${key}`);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}
