import type { Callback, CallbackContext, CheckpointRequest, JsonValue, Logs } from '../callbacks/callback.js';
import {
  CallbackError,
  EventOrderError,
  InvalidLearningRateError,
  InvalidOptionError,
  LearningRateConflictError,
} from '../errors.js';
import { RATE, checkNumber, isValidRate, optionalChoice, readOptions, type NumberRule } from '../internal/options.js';
import type { Schedule } from '../schedule.js';

/**
 * Who sets the learning rate when a schedule and an LR-setting callback are both used.
 * - `'callback-wins'` (default, the seed article's rule): once a callback sets the rate, the schedule is ignored and
 *   the callback's value holds until a callback sets it again.
 * - `'error'`: Keras 3's behaviour — combining a schedule with an LR-setting callback is refused at construction.
 * - `'scale'`: plateau reductions multiply the schedule instead of replacing it (optax `reduce_on_plateau`);
 *   callbacks that set an absolute rate still win.
 *
 * @example
 * ```ts
 * import { createController, exponentialDecay, reduceLROnPlateau } from '@anneal/core';
 * const controller = createController({
 *   learningRate: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.5 }),
 *   callbacks: [reduceLROnPlateau({ monitor: 'val_loss' })],
 *   conflict: 'scale',
 * });
 * ```
 */
export type ConflictPolicy = 'callback-wins' | 'error' | 'scale';

/**
 * Options of {@link createController} and {@link createControllerMachine}.
 *
 * @example
 * ```ts
 * import { cosineDecay, earlyStopping, type ControllerOptions } from '@anneal/core';
 * const options: ControllerOptions = {
 *   learningRate: cosineDecay({ initialLearningRate: 0.1, decaySteps: 10_000 }),
 *   callbacks: [earlyStopping({ monitor: 'val_loss', patience: 5 })],
 * };
 * ```
 */
export interface ControllerOptions {
  /** A fixed rate, or a schedule of the optimizer step ("method one": the schedule in the optimizer). */
  readonly learningRate: number | Schedule;
  /** Callbacks, run in order at every event ("method two"). Default none. */
  readonly callbacks?: readonly Callback[];
  /** The conflict rule. Default `'callback-wins'`. */
  readonly conflict?: ConflictPolicy;
}

/**
 * The controller's whole state: plain, readonly, JSON-safe data.
 *
 * @example
 * ```ts
 * import { createControllerMachine, type ControllerState } from '@anneal/core';
 * const machine = createControllerMachine({ learningRate: 0.01 });
 * const state: ControllerState = machine.initialState; // { step: 0, epoch: -1, ... }
 * ```
 */
export interface ControllerState {
  /** Between `trainBegin` and `trainEnd`. */
  readonly running: boolean;
  /** The current (or last) epoch, 0-based; -1 before the first. */
  readonly epoch: number;
  /** An `epochBegin` awaits its `epochEnd`. */
  readonly epochOpen: boolean;
  /** Index of the current batch in the epoch; -1 before the first. */
  readonly batch: number;
  /** A `batchBegin` awaits its `batchEnd`. */
  readonly batchOpen: boolean;
  /** Optimizer steps taken: the step the next `batchBegin` evaluates the schedule at. */
  readonly step: number;
  /** The rate a callback set, which holds until another sets one; `null` while the schedule drives. */
  readonly override: number | null;
  /** Product of plateau reductions applied to the schedule under `conflict: 'scale'`; 1 otherwise. */
  readonly scale: number;
  /** Each callback's state, in the order of `options.callbacks`. */
  readonly callbacks: readonly JsonValue[];
}

/**
 * The training events the controller takes, in Keras's order: `trainBegin`, then per epoch `epochBegin`,
 * per optimizer step `batchBegin` (and `batchEnd`), `epochEnd`, and finally `trainEnd`.
 *
 * @example
 * ```ts
 * import type { ControllerEvent } from '@anneal/core';
 * const events: ControllerEvent[] = [{ type: 'trainBegin' }, { type: 'epochBegin', epoch: 0 }, { type: 'batchBegin' }];
 * ```
 */
export type ControllerEvent =
  | { readonly type: 'trainBegin' }
  | { readonly type: 'epochBegin'; readonly epoch: number }
  | { readonly type: 'batchBegin'; readonly step?: number }
  | { readonly type: 'batchEnd'; readonly logs: Logs }
  | { readonly type: 'epochEnd'; readonly epoch: number; readonly logs: Logs }
  | { readonly type: 'trainEnd'; readonly logs: Logs };

/**
 * What a transition asks the outside world to do. The pure form returns them; `createController` turns them into
 * return values and calls to `log` / `warn`.
 *
 * @example
 * ```ts
 * import type { ControllerEffect } from '@anneal/core';
 * const describe = (effect: ControllerEffect): string => (effect.type === 'applyLearningRate' ? `lr ${effect.learningRate}` : effect.type);
 * ```
 */
export type ControllerEffect =
  | { readonly type: 'applyLearningRate'; readonly learningRate: number; readonly step: number }
  | { readonly type: 'learningRateSet'; readonly learningRate: number; readonly source: string }
  | { readonly type: 'epochLogs'; readonly logs: Logs }
  | { readonly type: 'stopTraining'; readonly source: string }
  | { readonly type: 'checkpoint'; readonly request: CheckpointRequest }
  | { readonly type: 'rememberWeights'; readonly source: string }
  | { readonly type: 'restoreWeights'; readonly source: string }
  | { readonly type: 'message'; readonly text: string; readonly source: string }
  | { readonly type: 'warning'; readonly text: string; readonly source: string };

/**
 * The controller as a pure machine: `transition(state, event)` returns the next state and the effects, touching
 * nothing. `createController` is a thin imperative wrapper around it.
 *
 * @example
 * ```ts
 * import { createControllerMachine, exponentialDecay } from '@anneal/core';
 * const machine = createControllerMachine({ learningRate: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 }) });
 * let state = machine.initialState;
 * [state] = machine.transition(state, { type: 'trainBegin' });
 * const [next, effects] = machine.transition(state, { type: 'batchBegin' });
 * effects; // [{ type: 'applyLearningRate', learningRate: 0.1, step: 0 }]
 * machine.learningRate(next); // 0.05
 * ```
 */
export interface ControllerMachine {
  /** The state before any event. */
  readonly initialState: ControllerState;
  /** The callbacks, in order, as given. */
  readonly callbacks: readonly Callback[];
  /** The rate the next optimizer step will use in `state`. */
  learningRate(state: ControllerState): number;
  /** The next state and the effects of `event`. Throws `EventOrderError` for an event out of order. */
  transition(state: ControllerState, event: ControllerEvent): readonly [ControllerState, readonly ControllerEffect[]];
}

const SOURCE = 'createController';

type Hook = 'onTrainBegin' | 'onEpochBegin' | 'onBatchEnd' | 'onEpochEnd' | 'onTrainEnd';

/**
 * Builds the pure controller machine. Validates the options (the conflict rule included) at construction.
 *
 * @example
 * ```ts
 * import { createControllerMachine, learningRateScheduler } from '@anneal/core';
 * const machine = createControllerMachine({ learningRate: 0.1, callbacks: [learningRateScheduler((epoch) => 0.1 / (1 + epoch))] });
 * ```
 */
export function createControllerMachine(options: ControllerOptions): ControllerMachine {
  const input = readOptions(SOURCE, options, ['learningRate', 'callbacks', 'conflict']);
  const learningRate = input.input['learningRate'];
  const schedule: Schedule | null = typeof learningRate === 'function' ? (learningRate as Schedule) : null;
  const fixedRate = schedule === null ? checkNumber(SOURCE, 'learningRate', learningRate, RATE) : 0;
  const conflict = optionalChoice(input, 'conflict', ['callback-wins', 'error', 'scale'], 'callback-wins');
  const callbacks = readCallbacks(input.input['callbacks']);
  if (conflict === 'error' && schedule !== null) {
    const setter = callbacks.find((callback) => callback.setsLearningRate);
    if (setter !== undefined) throw new LearningRateConflictError(setter.name);
  }

  const rateOf = (state: ControllerState): number => {
    if (state.override !== null) return state.override;
    if (schedule === null) return fixedRate * state.scale;
    const value = schedule(state.step);
    if (!isValidRate(value)) throw new InvalidLearningRateError('learningRate schedule', state.step, value);
    return value * state.scale;
  };

  const initialState: ControllerState = {
    running: false,
    epoch: -1,
    epochOpen: false,
    batch: -1,
    batchOpen: false,
    step: 0,
    override: null,
    scale: 1,
    callbacks: callbacks.map((callback) => callback.initialState),
  };

  /** Runs one hook of every callback in order; each sees the rate the ones before it left. */
  const runHooks = (hook: Hook, start: ControllerState, logs: Logs, effects: ControllerEffect[]): ControllerState => {
    let state = start;
    callbacks.forEach((callback, index) => {
      const run = callback[hook];
      if (run === undefined) return;
      const source = callback.name;
      const context: CallbackContext = { epoch: state.epoch, batch: state.batch, step: state.step, learningRate: rateOf(state), logs };
      const outcome = run.call(callback, state.callbacks[index] as JsonValue, context);
      if (outcome === undefined) return;
      if (typeof outcome !== 'object' || outcome === null) {
        throw new CallbackError(source, `must return an object or undefined, got ${typeof outcome}`);
      }
      if (outcome.state !== undefined) {
        const states = state.callbacks.slice();
        states[index] = outcome.state;
        state = { ...state, callbacks: states };
      }
      for (const text of outcome.warnings ?? []) effects.push({ type: 'warning', text, source });
      for (const text of outcome.messages ?? []) effects.push({ type: 'message', text, source });
      const value = outcome.learningRate;
      if (value !== undefined) {
        if (!callback.setsLearningRate) throw new CallbackError(source, 'returned a learningRate without setsLearningRate: true');
        if (!isValidRate(value)) throw new InvalidLearningRateError(source, context.epoch, value, 'epoch');
        const current = rateOf(state);
        if (conflict === 'scale' && outcome.reduction === true && state.override === null) {
          // Under 'scale' a reduction becomes a factor on the schedule; a zero rate has nothing left to scale.
          if (current > 0) state = { ...state, scale: state.scale * (value / current) };
        } else {
          state = { ...state, override: value };
        }
        effects.push({ type: 'learningRateSet', learningRate: rateOf(state), source });
      }
      if (outcome.stopTraining === true) effects.push({ type: 'stopTraining', source });
      if (outcome.checkpoint !== undefined) {
        effects.push({
          type: 'checkpoint',
          request: { ...outcome.checkpoint, epoch: context.epoch, batch: hook === 'onBatchEnd' ? context.batch : null, logs },
        });
      }
      if (outcome.rememberWeights === true) effects.push({ type: 'rememberWeights', source });
      if (outcome.restoreWeights === true) effects.push({ type: 'restoreWeights', source });
    });
    return state;
  };

  const transition = (state: ControllerState, event: ControllerEvent): readonly [ControllerState, readonly ControllerEffect[]] => {
    const effects: ControllerEffect[] = [];
    const type = event.type;
    let next: ControllerState;
    let logs: Logs = {};
    if (type === 'batchBegin') {
      // A runtime that counts its own optimizer iterations (tfjs's `optimizer.iterations`, restored with its
      // weights) passes the count, so the schedule follows the optimizer rather than a second counter.
      const at = event.step === undefined ? state : { ...state, step: checkNumber(type, 'step', event.step, COUNT) };
      effects.push({ type: 'applyLearningRate', learningRate: rateOf(at), step: at.step });
      return [{ ...at, step: at.step + 1, batch: at.batch + 1, batchOpen: true }, effects];
    }
    if (type === 'trainBegin') {
      // Every run resets the callbacks, as Keras's on_train_begin does — also after a run that was abandoned without
      // trainEnd. The step count carries on, like the optimizer's iteration count. (Resuming a snapshot taken
      // mid-run skips this event; see createController.)
      next = { ...state, running: true, epochOpen: false, batchOpen: false, batch: -1 };
    } else if (type === 'epochBegin') {
      const epoch = checkNumber(type, 'epoch', event.epoch, COUNT);
      inOrder(type, state.running, 'trainBegin()');
      inOrder(type, !state.epochOpen, `epochEnd(${state.epoch})`);
      next = { ...state, epoch, epochOpen: true, batch: -1, batchOpen: false };
    } else if (type === 'batchEnd') {
      inOrder(type, state.batchOpen, 'batchBegin()');
      next = { ...state, batchOpen: false };
      logs = checkLogs(type, event.logs);
    } else if (type === 'epochEnd') {
      inOrder(type, state.epochOpen && state.epoch === event.epoch, state.epochOpen ? `epochEnd(${state.epoch})` : `epochBegin(${event.epoch})`);
      next = { ...state, epochOpen: false, batchOpen: false };
      logs = { ...checkLogs(type, event.logs), learningRate: rateOf(next) };
      effects.push({ type: 'epochLogs', logs });
    } else if (type === 'trainEnd') {
      inOrder(type, state.running, 'trainBegin()');
      next = { ...state, running: false, epochOpen: false, batchOpen: false };
      logs = checkLogs(type, event.logs);
    } else {
      throw new InvalidOptionError('transition', 'event', event, 'must be a ControllerEvent');
    }
    // The hook of an event is its name after 'on': 'epochEnd' runs onEpochEnd.
    return [runHooks(`on${type[0]?.toUpperCase()}${type.slice(1)}` as Hook, next, logs, effects), effects];
  };

  return { initialState, callbacks, learningRate: rateOf, transition };
}

function readCallbacks(value: unknown): readonly Callback[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidOptionError(SOURCE, 'callbacks', value, 'must be an array of callbacks');
  value.forEach((callback: Partial<Callback> | null, index) => {
    if (typeof callback !== 'object' || typeof callback?.name !== 'string' || typeof callback.setsLearningRate !== 'boolean' || !('initialState' in callback)) {
      throw new InvalidOptionError(SOURCE, `callbacks[${index}]`, callback, 'must be a Callback');
    }
  });
  return value.slice() as Callback[];
}

const COUNT: NumberRule = { integer: true, min: 0 };

/** An event out of order names the call that should have come before it. */
function inOrder(event: string, ok: boolean, first: string): void {
  if (!ok) throw new EventOrderError(event, `call ${first} first`);
}

function checkLogs(source: string, logs: unknown): Logs {
  if (logs === undefined) return {};
  if (typeof logs !== 'object' || logs === null || Array.isArray(logs)) {
    throw new InvalidOptionError(source, 'logs', logs, 'must be an object');
  }
  return logs as Logs;
}
