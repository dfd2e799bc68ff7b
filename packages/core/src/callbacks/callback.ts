/**
 * A value that survives `JSON.stringify` / `JSON.parse` unchanged: what callback state and snapshots are made of.
 *
 * @example
 * ```ts
 * import type { JsonValue } from '@anneal/core';
 * const state: JsonValue = { wait: 0, best: null, history: [0.5, 0.4] };
 * ```
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * Metrics reported by the training loop for an epoch or a batch, Keras-style: `loss`, `acc`, `val_loss`, ….
 * `epochEnd` adds `learningRate`.
 *
 * @example
 * ```ts
 * import type { Logs } from '@anneal/core';
 * const logs: Logs = { loss: 0.41, acc: 0.87, val_loss: 0.45, val_acc: 0.84 };
 * ```
 */
export type Logs = Readonly<Record<string, number>>;

/**
 * What a callback sees when the controller calls one of its hooks.
 *
 * @example
 * ```ts
 * import type { CallbackContext } from '@anneal/core';
 * const describe = (context: CallbackContext) => `epoch ${context.epoch}, step ${context.step}, lr ${context.learningRate}`;
 * ```
 */
export interface CallbackContext {
  /** The current epoch, 0-based; -1 before the first `epochBegin`. */
  readonly epoch: number;
  /** The 0-based index of the current (or last) batch in the epoch; -1 before its first batch. */
  readonly batch: number;
  /** Optimizer steps taken so far in this controller's life, across runs (the optimizer's iteration count). */
  readonly step: number;
  /** The learning rate the next optimizer step will use, as the callbacks before this one left it. */
  readonly learningRate: number;
  /** The logs of the event: epoch logs at `onEpochEnd`, batch logs at `onBatchEnd`, `{}` elsewhere. */
  readonly logs: Logs;
}

/**
 * A callback's request to save the model, performed by the adapter (anneal's core never touches files).
 *
 * @example
 * ```ts
 * import type { CheckpointRequest } from '@anneal/core';
 * const pathFor = (request: CheckpointRequest) => `weights-${request.epoch + 1}.json`;
 * ```
 */
export interface CheckpointRequest {
  /** The callback that asked, e.g. `'modelCheckpoint'`. */
  readonly source: string;
  /** The epoch the save belongs to (0-based). */
  readonly epoch: number;
  /** The batch within the epoch for batch-frequency saves; `null` for epoch-end saves. */
  readonly batch: number | null;
  /** The `filepath` given to the callback, unformatted (adapters expand `{epoch}` and log keys as Keras does). */
  readonly filepath: string | null;
  /** Save only the weights rather than the whole model. */
  readonly saveWeightsOnly: boolean;
  /** The monitored metric and its value, when the save was decided on it. */
  readonly monitor: string | null;
  readonly value: number | null;
  /** The logs of the event that triggered the save. */
  readonly logs: Logs;
}

/**
 * What a callback hook returns: its new state and the decisions it takes. Every field is optional; returning
 * nothing (or `undefined`) keeps the state and decides nothing.
 *
 * @example
 * ```ts
 * import type { CallbackOutcome } from '@anneal/core';
 * const stop: CallbackOutcome<{ seen: number }> = { state: { seen: 3 }, stopTraining: true, messages: ['Epoch 3: stopping'] };
 * ```
 */
export interface CallbackOutcome<State extends JsonValue = JsonValue> {
  /** The callback's next state; omitted means unchanged. */
  readonly state?: State;
  /** Set the learning rate (only callbacks declaring `setsLearningRate` may). */
  readonly learningRate?: number;
  /** The new rate is a reduction of the current one (a plateau): under `conflict: 'scale'` it scales the schedule. */
  readonly reduction?: boolean;
  /** Ask the training loop to stop after this epoch. */
  readonly stopTraining?: boolean;
  /** Ask the adapter to save the model now. */
  readonly checkpoint?: Omit<CheckpointRequest, 'epoch' | 'batch' | 'logs'>;
  /** Ask the adapter to keep a copy of the current weights (early stopping's best weights). */
  readonly rememberWeights?: boolean;
  /** Ask the adapter to put the remembered weights back. */
  readonly restoreWeights?: boolean;
  /** Lines for the user (Keras's `verbose` output). */
  readonly messages?: readonly string[];
  /** Warnings for the user, e.g. a monitored metric missing from the logs. */
  readonly warnings?: readonly string[];
}

/**
 * A training callback as anneal runs it: a plain object with a JSON-safe state and pure hooks, so the controller can
 * snapshot and restore it exactly. Write your own by implementing this interface; the built-ins
 * (`learningRateScheduler`, `reduceLROnPlateau`, `modelCheckpoint`, `earlyStopping`) are made the same way.
 *
 * @example
 * ```ts
 * import { createController, type Callback } from '@anneal/core';
 * // Stops once the training loss drops below 0.05.
 * const stopWhenGoodEnough: Callback<null> = {
 *   name: 'stopWhenGoodEnough',
 *   setsLearningRate: false,
 *   initialState: null,
 *   onEpochEnd: (state, { logs }) => ((logs['loss'] ?? Infinity) < 0.05 ? { stopTraining: true } : undefined),
 * };
 * const controller = createController({ learningRate: 0.01, callbacks: [stopWhenGoodEnough] });
 * ```
 */
export interface Callback<State extends JsonValue = JsonValue> {
  /** A name for messages, errors and snapshots, e.g. `'reduceLROnPlateau'`. */
  readonly name: string;
  /** Whether this callback may set the learning rate; decides the conflict rule. */
  readonly setsLearningRate: boolean;
  /** The state before training. */
  readonly initialState: State;
  // Hooks are pure: from the state and the context to an outcome. Method syntax keeps a Callback<SpecificState>
  // assignable to Callback, as the controller stores them.
  /**
   * Called by `controller.trainBegin()`, once per run, before the first epoch; `context.logs` is `{}`. The
   * controller keeps each callback's state from one run to the next, so this is where to reset what must not carry
   * over (`reduceLROnPlateau` and `earlyStopping` reset theirs here, as Keras's `on_train_begin` does). Not called
   * when the first `trainBegin()` after restoring a snapshot taken mid-run resumes that run.
   */
  onTrainBegin?(state: State, context: CallbackContext): CallbackOutcome<State> | undefined;
  /**
   * Called by `controller.epochBegin(epoch)` at the start of every epoch, with `context.epoch` the new epoch,
   * `context.batch` -1 and `context.logs` `{}`. A rate returned here is used from the epoch's first step:
   * `learningRateScheduler` acts here.
   */
  onEpochBegin?(state: State, context: CallbackContext): CallbackOutcome<State> | undefined;
  /**
   * Called by `controller.batchEnd(logs)` after every optimizer step, with `context.batch` the step's 0-based index
   * in the epoch, `context.step` counting it, and the batch's logs (`loss` and metrics). A rate returned here is used
   * from the next step; a `checkpoint` requested here records the batch (`modelCheckpoint`'s `saveFreq: N`). Define
   * it only when needed: `@anneal/tfjs` reads batch logs (a GPU→CPU transfer per batch on GPU backends) only when a
   * callback has this hook.
   */
  onBatchEnd?(state: State, context: CallbackContext): CallbackOutcome<State> | undefined;
  /**
   * Called by `controller.epochEnd(epoch, logs)` after the epoch's last step and its validation, with the epoch's
   * logs (`val_*` included, and `learningRate` as the history records it). Where epoch-level decisions are taken:
   * a plateau reduction (return `learningRate` with `reduction: true`), a checkpoint, `rememberWeights`, and
   * `stopTraining`, which ends training after this epoch.
   */
  onEpochEnd?(state: State, context: CallbackContext): CallbackOutcome<State> | undefined;
  /**
   * Called by `controller.trainEnd(logs)` once the run is over: after its last epoch, or after a callback stopped
   * training. `context.logs` holds what the adapter passed (`{}` from anneal's adapters). The place for
   * `restoreWeights` (early stopping's `restoreBestWeights`). A fit that throws ends without it.
   */
  onTrainEnd?(state: State, context: CallbackContext): CallbackOutcome<State> | undefined;
}
