import type { Callback, CheckpointRequest, JsonValue, Logs } from '../callbacks/callback.js';
import { configOf } from '../schedule.js';
import { InvalidOptionError } from '../errors.js';
import { defaultSink, readOptions } from '../internal/options.js';
import { fromSnapshot, toSnapshot, type ControllerSnapshot } from './snapshot.js';
import {
  createControllerMachine,
  type ControllerEffect,
  type ControllerEvent,
  type ControllerOptions,
  type ControllerState,
} from './transition.js';

/**
 * What the controller decided at an event; the adapter applies it.
 *
 * @example
 * ```ts
 * import { createController, earlyStopping, type Decision } from '@anneal/core';
 * const controller = createController({ learningRate: 0.01, callbacks: [earlyStopping({ monitor: 'loss' })] });
 * controller.trainBegin();
 * controller.epochBegin(0);
 * const decision: Decision = controller.epochEnd(0, { loss: 0.5 });
 * if (decision.stopTraining) console.log('stop');
 * ```
 */
export interface Decision {
  /** The rate the next optimizer step will use. */
  readonly learningRate: number;
  /** A callback asked to stop training. */
  readonly stopTraining: boolean;
  /** The first save request, or `null`; see `checkpoints` for all. */
  readonly checkpoint: CheckpointRequest | null;
  /** Every save request of this event, in callback order. */
  readonly checkpoints: readonly CheckpointRequest[];
  /** Keep a copy of the current weights (early stopping found a new best). */
  readonly rememberWeights: boolean;
  /** Put the remembered weights back (early stopping's `restoreBestWeights`, at `trainEnd`). */
  readonly restoreWeights: boolean;
}

/**
 * Options of {@link createController}: the machine's options plus where messages and warnings go.
 *
 * @example
 * ```ts
 * import { createController, type CreateControllerOptions } from '@anneal/core';
 * const options: CreateControllerOptions = { learningRate: 0.01, log: (line) => process.stdout.write(`${line}\n`) };
 * createController(options);
 * ```
 */
export interface CreateControllerOptions extends ControllerOptions {
  /** Receives verbose lines ("Epoch 5: ReduceLROnPlateau reducing learning rate to 0.001."). Default `console.log`. */
  readonly log?: (message: string) => void;
  /** Receives warnings (a monitored metric missing from the logs). Default `console.warn`. */
  readonly warn?: (message: string) => void;
}

/**
 * Where to start from: a snapshot taken by `controller.snapshot()`, possibly through JSON, to resume exactly; or
 * `callbacksFrom`, a controller of an earlier fit, whose callbacks that the new controller also drives (the same
 * objects) keep their state — as a Keras callback object keeps its state from one `fit` to the next, so
 * `modelCheckpoint`'s best value survives into the next fit. Nothing else carries over; the next `trainBegin` resets
 * what Keras resets.
 *
 * @example
 * ```ts
 * import { createController, modelCheckpoint, type RestoreOptions } from '@anneal/core';
 * const restore: RestoreOptions = { snapshot: JSON.parse(localStorage.getItem('controller') ?? 'null') };
 * const best = modelCheckpoint({ saveBestOnly: true, monitor: 'val_loss' });
 * const first = createController({ learningRate: 0.1, callbacks: [best] });
 * const second = createController({ learningRate: 0.05, callbacks: [best] }, { callbacksFrom: first });
 * ```
 */
export type RestoreOptions = { readonly snapshot: ControllerSnapshot } | { readonly callbacksFrom: Controller };

/**
 * The imperative controller: owns the counters and answers, for each optimizer step, which learning rate to use.
 * A thin wrapper over {@link createControllerMachine}: every method is one `transition`.
 *
 * @example
 * ```ts
 * import { createController } from '@anneal/core';
 * const controller = createController({ learningRate: 0.01 });
 * controller.trainBegin();
 * controller.epochBegin(0);
 * optimizer.learningRate = controller.batchBegin();
 * ```
 */
export interface Controller {
  /** The rate the next optimizer step will use. */
  readonly learningRate: number;
  /** Optimizer steps taken so far (the step the next `batchBegin` evaluates the schedule at). */
  readonly step: number;
  /** The current state, plain data. */
  readonly state: ControllerState;
  /** The callbacks it drives, in order: `state.callbacks` holds their states at the same indexes. */
  readonly callbacks: readonly Callback[];
  /**
   * Call once when training starts (Keras's `on_train_begin`): resets the callbacks for a new run; the step count
   * carries on. The first call after restoring a snapshot taken mid-run continues that run instead.
   */
  trainBegin(): Decision;
  /** Call at the start of every epoch (0-based), after `trainBegin` and after the previous epoch's `epochEnd`. */
  epochBegin(epoch: number): Decision;
  /**
   * Call before every optimizer step; returns the rate to apply to it. A runtime that counts its optimizer's
   * iterations passes the count as `step`, and the controller follows it (after a restore of optimizer weights, say).
   */
  batchBegin(step?: number): number;
  /** Call after every optimizer step, with the batch's metrics; batch-frequency callbacks (modelCheckpoint) read them. */
  batchEnd(logs?: Logs): Decision;
  /** Adds `learningRate` to `logs` (the object itself, so it lands in the history) and runs the callbacks. */
  epochEnd(epoch: number, logs?: Record<string, number>): Decision;
  /** Call once when training ends; its decision may ask to restore the best weights (early stopping). */
  trainEnd(logs?: Logs): Decision;
  /** Versioned, JSON-safe state for exact resume: `createController(options, { snapshot })`. */
  snapshot(): ControllerSnapshot;
}

/**
 * Creates the controller that decides the learning rate of every optimizer step from a schedule ("method one") and
 * callbacks ("method two"), with the conflict rule between them, and takes Keras's training events. The first
 * `batchBegin()` evaluates the schedule at step 0; epochs are 0-based.
 *
 * @example
 * ```ts
 * import { createController, exponentialDecay, reduceLROnPlateau } from '@anneal/core';
 * const controller = createController({
 *   learningRate: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 }),
 *   callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, minDelta: 0 })],
 * });
 * controller.trainBegin();
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   controller.epochBegin(epoch);
 *   for (let batch = 0; batch < 2; batch++) controller.batchBegin(); // 0.1, 0.05 | 0.025, 0.0125 | 0.003125, 0.003125
 *   controller.epochEnd(epoch, { loss: 1 });
 * }
 * controller.trainEnd();
 * ```
 */
export function createController(options: CreateControllerOptions, restore?: RestoreOptions): Controller {
  // Checked here as well as in the machine, so a typo is matched against log and warn too; readOptions also refuses
  // a non-object.
  readOptions('createController', options, ['learningRate', 'callbacks', 'conflict', 'log', 'warn']);
  const { log = defaultSink('log'), warn = defaultSink('warn'), ...machineOptions } = options;
  for (const [key, sink] of [['log', log], ['warn', warn]] as const) {
    if (typeof sink !== 'function') throw new InvalidOptionError('createController', key, sink, 'must be a function');
  }
  const machine = createControllerMachine(machineOptions);
  // What a snapshot records of the setup; a restore must match it.
  const learningRate = machineOptions.learningRate;
  const setup = {
    learningRate: (typeof learningRate === 'number' ? learningRate : configOf(learningRate)) as JsonValue,
    conflict: machineOptions.conflict ?? 'callback-wins',
  };
  let state: ControllerState = machine.initialState;
  if (restore !== undefined) {
    const { snapshot, callbacksFrom: from } = Object(restore) as Partial<{ snapshot: ControllerSnapshot; callbacksFrom: Controller }>;
    if (Array.isArray(from?.callbacks)) {
      const carried = state.callbacks.map((initial, index) => {
        const at = from.callbacks.indexOf(machine.callbacks[index] as Callback);
        return at < 0 ? initial : (from.state.callbacks[at] as JsonValue);
      });
      state = { ...state, callbacks: carried };
    } else if (snapshot !== undefined) state = fromSnapshot(machine, snapshot, setup);
    else throw new InvalidOptionError('createController', 'restore', restore, 'must be { snapshot } or { callbacksFrom: a controller }');
  }
  // A snapshot taken mid-run resumes that run: a trainBegin right after the restore continues it instead of resetting
  // the callbacks. Any other event first means the caller resumed without one, so a later trainBegin is a new run.
  let resumeRun = state.running;
  let effects: readonly ControllerEffect[] = [];

  const decide = (): Decision => {
    const has = (type: ControllerEffect['type']): boolean => effects.some((effect) => effect.type === type);
    const checkpoints: CheckpointRequest[] = [];
    for (const effect of effects) {
      if (effect.type === 'message') log(effect.text);
      else if (effect.type === 'warning') warn(effect.text);
      else if (effect.type === 'checkpoint') checkpoints.push(effect.request);
    }
    return {
      learningRate: machine.learningRate(state),
      stopTraining: has('stopTraining'),
      checkpoint: checkpoints[0] ?? null,
      checkpoints,
      rememberWeights: has('rememberWeights'),
      restoreWeights: has('restoreWeights'),
    };
  };
  const apply = (event: ControllerEvent): void => {
    resumeRun = false;
    [state, effects] = machine.transition(state, event);
  };
  const send = (event: ControllerEvent): Decision => {
    apply(event);
    return decide();
  };
  const find = <Type extends ControllerEffect['type']>(type: Type) =>
    effects.find((effect) => effect.type === type) as Extract<ControllerEffect, { type: Type }> | undefined;

  return {
    get learningRate() {
      return machine.learningRate(state);
    },
    get step() {
      return state.step;
    },
    get state() {
      return state;
    },
    trainBegin: () => {
      if (!resumeRun) return send({ type: 'trainBegin' });
      resumeRun = false;
      effects = [];
      return decide();
    },
    epochBegin: (epoch) => send({ type: 'epochBegin', epoch }),
    batchBegin: (step) => {
      apply(step === undefined ? { type: 'batchBegin' } : { type: 'batchBegin', step });
      return (find('applyLearningRate') as { learningRate: number }).learningRate;
    },
    batchEnd: (logs = {}) => send({ type: 'batchEnd', logs }),
    epochEnd: (epoch, logs = {}) => {
      apply({ type: 'epochEnd', epoch, logs });
      const written = find('epochLogs');
      // Keras writes the rate into the very logs object the history keeps; do the same when the caller gave one.
      if (written !== undefined && Object.isExtensible(logs)) logs['learningRate'] = written.logs['learningRate'] as number;
      return decide();
    },
    trainEnd: (logs = {}) => send({ type: 'trainEnd', logs }),
    callbacks: machine.callbacks,
    snapshot: () => toSnapshot(machine, state, setup),
  };
}
