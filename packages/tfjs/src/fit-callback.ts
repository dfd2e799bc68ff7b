import {
  checkOptionKeys,
  checkProgressListener,
  createController,
  createControllerMachine,
  InvalidOptionError,
  type Callback as AnnealCallback,
  type CheckpointRequest,
  type ConflictPolicy,
  type Controller,
  type ControllerSnapshot,
  type Logs,
  type ProgressListener,
  type Schedule,
} from '@anneal/core';
import * as tf from '@tensorflow/tfjs';
import { formatFilepath } from './format-filepath.js';
import { attachController, attachedTo, currentLearningRate } from './optimizer-bridge.js';

/**
 * Options of {@link fitCallback}.
 *
 * @example
 * ```ts
 * import { earlyStopping, reduceLROnPlateau } from '@anneal/core';
 * import type { FitCallbackOptions } from '@anneal/tfjs';
 * const options: FitCallbackOptions = {
 *   callbacks: [reduceLROnPlateau({ monitor: 'val_loss', patience: 5 }), earlyStopping({ monitor: 'val_loss', patience: 10 })],
 * };
 * ```
 */
export interface FitCallbackOptions {
  /** The anneal callbacks to run ("method two"). Default none. */
  readonly callbacks?: readonly AnnealCallback[];
  /**
   * The "in the optimizer" rate: a number or a schedule. Default: the schedule `withSchedule` gave the optimizer, or
   * the optimizer's own rate — so `model.compile({ optimizer: 'sgd' })` works too.
   */
  readonly learningRate?: number | Schedule;
  /** The conflict rule between the schedule and LR-setting callbacks. Default `'callback-wins'`. */
  readonly conflict?: ConflictPolicy;
  /**
   * Where a checkpoint goes: a URL `model.save` understands (`indexeddb://…`, `localstorage://…`, `downloads://…`)
   * or an IO handler (in Node, `fileSystemHandler` from `@anneal/tfjs/node`). Default: the callback's `filepath`, with
   * `{epoch}`, `{batch}` and log keys filled in as Keras does (`weights.{epoch:02d}-{val_loss:.2f}`).
   */
  readonly checkpointHandler?: (request: CheckpointRequest) => string | tf.io.IOHandler;
  /**
   * Verbose lines of the callbacks ("Epoch 5: ReduceLROnPlateau reducing learning rate to 0.001."). Default: the
   * `progress` listener's `log` when it has one, else `console.log`. Given explicitly, it wins over `progress.log`.
   */
  readonly log?: (message: string) => void;
  /**
   * Warnings (a monitored metric missing from the logs). Default: the `progress` listener's `log` when it has one, so
   * a progress display prints them without tearing its output, else `console.warn`. Given explicitly, it wins.
   */
  readonly warn?: (message: string) => void;
  /**
   * Training progress for a display (`progressBar()` from `@anneal/progress`): `onTrainBegin` (at the first epoch, when
   * the first epoch is known), per epoch `onEpochBegin`, `onBatchEnd` per batch, `onEpochEnd` with the epoch's logs
   * (`val_*` included), and `onTrainEnd`. Batch logs are read from the backend (a GPU→CPU transfer per batch on GPU
   * backends) only when the listener has `onBatchEnd`.
   */
  readonly progress?: ProgressListener;
  /**
   * Resume from a controller snapshot (see `snapshot()`), with the same callbacks, in a `model.fit` given the next
   * epoch as `initialEpoch`, on the model saved with its optimizer at the same moment. Refused: a snapshot taken
   * mid-epoch (tfjs restarts at epoch boundaries), and an optimizer whose step count is not the snapshot's.
   */
  readonly snapshot?: ControllerSnapshot;
}

const KEYS = ['callbacks', 'learningRate', 'conflict', 'checkpointHandler', 'log', 'warn', 'progress', 'snapshot'];
/** tfjs's own bookkeeping in batch logs; the listener gets the batch index as `batch` and no batch size. */
const BATCH_BOOKKEEPING: ReadonlySet<string> = new Set(['batch', 'size']);
const NO_KEYS: ReadonlySet<string> = new Set();

/** What the progress listener has been told about the current fit. */
interface ProgressRun {
  announced: boolean;
  readonly epochs: number;
  readonly stepsPerEpoch: number | null;
  /** The first epoch once one began; before that tfjs's `initialEpoch` param (model.fit), or null (fitDataset). */
  initialEpoch: number | null;
  epochsRun: number;
}

/**
 * A tfjs callback for `model.fit` / `model.fitDataset` that runs anneal's callbacks through the core controller: the
 * learning rate of every step (the optimizer's schedule, or the callbacks' rate under the conflict rule), plateau
 * reductions, checkpoints, early stopping with `restoreBestWeights`, and `learningRate` in `history.history`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { reduceLROnPlateau, modelCheckpoint } from '@anneal/core';
 * import { fitCallback } from '@anneal/tfjs';
 * const history = await model.fit(x, y, {
 *   epochs: 200,
 *   validationSplit: 0.2,
 *   callbacks: [fitCallback({ callbacks: [reduceLROnPlateau({ monitor: 'val_loss' }), modelCheckpoint({ filepath: 'indexeddb://iris', monitor: 'val_acc', mode: 'max', saveBestOnly: true })] })],
 * });
 * history.history['learningRate'];
 * ```
 */
export class AnnealFitCallback extends tf.Callback {
  readonly #options: FitCallbackOptions;
  #controller: Controller | null = null;
  #optimizer: tf.Optimizer | null = null;
  #bestWeights: tf.Tensor[] | null = null;
  /** Whether a callback has `onBatchEnd`, so the controller needs every batch's logs. */
  readonly #callbacksReadBatchLogs: boolean;
  readonly #progress: ProgressListener | null;
  readonly #log: ((message: string) => void) | undefined;
  readonly #warn: ((message: string) => void) | undefined;
  /** What the listener has been told about the current fit. */
  #progressRun: ProgressRun | null = null;

  constructor(options: FitCallbackOptions = {}) {
    super();
    checkOptionKeys({ source: 'fitCallback', options, validKeys: KEYS });
    // The controller is built at the first fit; its callback checks run here already (a machine is pure and cheap),
    // so `callbacks: earlyStopping()` fails at the call, not inside model.fit.
    createControllerMachine({ learningRate: 0, callbacks: options.callbacks ?? [] });
    if (options.checkpointHandler !== undefined && typeof options.checkpointHandler !== 'function') {
      throw new InvalidOptionError('fitCallback', 'checkpointHandler', options.checkpointHandler, 'must be a function (request) => a URL or an IO handler');
    }
    this.#options = options;
    // Batch logs hold scalar tensors; reading them costs a GPU→CPU transfer per batch, so only when a callback or the
    // progress listener asks for them.
    this.#callbacksReadBatchLogs = (options.callbacks ?? []).some((callback) => typeof callback.onBatchEnd === 'function');
    this.#progress = checkProgressListener({ source: 'fitCallback', listener: options.progress });
    const progressLog = progressLogOf(this.#progress);
    this.#log = options.log ?? progressLog;
    this.#warn = options.warn ?? progressLog;
  }

  /** The controller driving this fit (after the first `onTrainBegin`). */
  get controller(): Controller | null {
    return this.#controller;
  }

  /**
   * A snapshot of the controller, to resume with `fitCallback({ ..., snapshot })` and `model.fit({ initialEpoch })`
   * (with the model saved at the same moment with its optimizer). tfjs resumes a fit at an epoch boundary, so a
   * snapshot is taken between epochs, from `onEpochEnd` of a callback listed after this one; one taken after `fit` is of
   * a finished run, and a fit resumed from it starts a new run. Called while an epoch is open, it throws.
   */
  snapshot(): ControllerSnapshot {
    if (this.#controller === null) throw new InvalidOptionError('fitCallback', 'snapshot', null, 'is available once training has begun');
    const { state } = this.#controller;
    if (state.epochOpen) throw midEpoch('snapshot', state.epoch);
    return this.#controller.snapshot();
  }

  /**
   * Releases the weights remembered for `earlyStopping({ restoreBestWeights: true })`. They are released at the end
   * of every fit and at the start of the next one; call this only after a `fit` that threw (tfjs then skips
   * `onTrainEnd`) when the callback will not be used again.
   */
  dispose(): void {
    this.#forgetBestWeights();
  }

  /**
   * Called by tfjs when `model.fit` / `model.fitDataset` starts; not for user code. Creates the controller at the
   * first fit (resuming `snapshot` when given) and keeps it for later fits, unless the model's optimizer changed;
   * attaches it to the optimizer, so that every step takes the controller's rate; and starts a run
   * (`controller.trainBegin()`). Refuses an optimizer that another fit in progress already drives, and releases the
   * best weights a previous fit that threw left behind.
   */
  override async onTrainBegin(): Promise<void> {
    const optimizer = this.model.optimizer;
    const bridge = attachedTo(optimizer);
    const owner = bridge?.owner;
    if (owner instanceof AnnealFitCallback && owner !== this && owner.#fittingBesides(this.model)) {
      const name = typeof optimizer.getClassName === 'function' ? optimizer.getClassName() : String(optimizer);
      throw new InvalidOptionError(
        'fitCallback',
        'optimizer',
        name,
        'is already driven by another model.fit in progress (two models compiled with one optimizer instance); give each model its own optimizer, or run the fits one after the other',
      );
    }
    // Weights remembered by a fit that threw (tfjs skips onTrainEnd then) are released here.
    this.#forgetBestWeights();
    const { conflict, callbacks, snapshot } = this.#options;
    // A snapshot resumes the first run only; a new optimizer later starts a fresh controller.
    const resume = snapshot !== undefined && this.#controller === null;
    // Resumed without a rate of its own, the controller keeps the snapshot's: the optimizer's rate may be one a
    // callback set (a plateau reduction) rather than the one training started from.
    const resumedRate = resume && typeof snapshot?.learningRate === 'number' ? snapshot.learningRate : undefined;
    const learningRate = this.#options.learningRate ?? bridge?.schedule ?? resumedRate ?? currentLearningRate(optimizer);
    if (this.#controller === null || this.#optimizer !== optimizer) {
      const log = this.#log;
      const warn = this.#warn;
      const controllerOptions = {
        learningRate,
        callbacks: callbacks ?? [],
        ...(conflict === undefined ? {} : { conflict }),
        ...(log === undefined ? {} : { log }),
        ...(warn === undefined ? {} : { warn }),
      };
      if (resume && typeof snapshot === 'object' && snapshot !== null && snapshot.state?.epochOpen === true) {
        throw midEpoch('snapshot', snapshot.state.epoch);
      }
      // Every step takes schedule(optimizer.iterations): an optimizer that did not come back with the model would
      // restart the schedule (and Adam's bias correction) from step 0.
      const steps = optimizer.iterations;
      if (resume && typeof snapshot?.state?.step === 'number' && snapshot.state.step !== steps) {
        throw new InvalidOptionError(
          'fitCallback',
          'snapshot',
          `step ${snapshot.state.step}`,
          `needs the optimizer it was taken with, which had taken that many steps; this one has taken ${steps}: save the model with its optimizer (model.save(url, { includeOptimizer: true })) and load that`,
        );
      }
      // A new optimizer (a recompile) gets a new controller, which keeps the callbacks' states, as Keras's callback
      // objects keep theirs: modelCheckpoint's best value must survive, or a worse model overwrites the best checkpoint.
      if (resume) this.#controller = createController(controllerOptions, { snapshot });
      else if (this.#controller === null) this.#controller = createController(controllerOptions);
      else this.#controller = createController(controllerOptions, { callbacksFrom: this.#controller });
      this.#optimizer = optimizer;
    }
    attachController(optimizer, this.#controller, this);
    this.#controller.trainBegin();
    this.#progressRun = this.#progress === null ? null : { announced: false, ...fitParams(this.params), epochsRun: 0 };
  }

  /**
   * Called by tfjs at the start of every epoch; not for user code. Tells the `progress` listener (announcing the run
   * first, at the first epoch), then calls `controller.epochBegin(epoch)`, where `learningRateScheduler` sets the
   * epoch's rate, and applies its decision: a stop asked for here takes effect after the epoch's first batch, where
   * tfjs (as Keras) next reads `stopTraining`.
   */
  override async onEpochBegin(epoch: number): Promise<void> {
    const controller = this.#running();
    const run = this.#progressRun;
    if (this.#progress !== null && run !== null) {
      // fitDataset does not pass initialEpoch to callbacks, so the listener hears of the run at its first epoch.
      this.#announce(run, epoch);
      this.#progress.onEpochBegin?.({ epoch, epochs: run.epochs });
    }
    await this.#apply(controller.epochBegin(epoch));
  }

  /**
   * Called by tfjs after every optimizer step; not for user code. Does nothing unless an anneal callback has
   * `onBatchEnd` or the `progress` listener does: then it reads the batch's logs from the backend (a GPU→CPU
   * transfer on GPU backends), reports the step to the listener and calls `controller.batchEnd`, saving any
   * batch-level checkpoint it requests.
   */
  override async onBatchEnd(batch: number, logs?: tf.Logs): Promise<void> {
    const listener = this.#progress?.onBatchEnd === undefined ? null : this.#progress;
    if (!this.#callbacksReadBatchLogs && listener === null) return;
    await this.#releasingOnError(async () => {
      const controller = this.#running();
      // The count and the rate of the step that produced these logs, before anything awaits.
      const { step, epoch } = controller.state;
      const learningRate = currentLearningRate(this.model.optimizer);
      const resolved = await resolveLogs(logs);
      listener?.onBatchEnd?.({ epoch, batch, step, learningRate, logs: withoutKeys(resolved, BATCH_BOOKKEEPING) });
      if (this.#callbacksReadBatchLogs) await this.#apply(controller.batchEnd(resolved));
    });
  }

  /**
   * Called by tfjs after every epoch and its validation; not for user code. Reads the epoch's logs once, reports them
   * to the `progress` listener, then calls `controller.epochEnd`, copies the `learningRate` it adds into tfjs's logs
   * (so it lands in `history.history`), and carries out the decisions: `model.save` for checkpoints, a copy of the
   * weights for early stopping, `model.stopTraining` to stop.
   */
  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    await this.#releasingOnError(async () => {
      const resolved = await resolveLogs(logs);
      const run = this.#progressRun;
      if (this.#progress !== null && run !== null) {
        run.epochsRun += 1;
        // Before the controller's epochEnd, so the epoch's line comes before what its callbacks print about it, and
        // the rate is that of the epoch's last step (the optimizer still holds it).
        const learningRate = currentLearningRate(this.model.optimizer);
        this.#progress.onEpochEnd?.({ epoch, epochs: run.epochs, learningRate, logs: withoutKeys(resolved, NO_KEYS) });
      }
      const decision = this.#running().epochEnd(epoch, resolved);
      // The controller wrote the epoch's rate into `resolved` (before any callback changed it, as Keras logs it);
      // tfjs's History reads the logs object it was given, so copy it there.
      if (logs !== undefined && resolved['learningRate'] !== undefined) (logs as Record<string, number>)['learningRate'] = resolved['learningRate'];
      await this.#apply(decision);
    });
  }

  /**
   * Called by tfjs when the fit ends, also after early stopping; not for user code. Calls `controller.trainEnd()`,
   * puts back the remembered weights when early stopping's `restoreBestWeights` asks, tells the `progress` listener,
   * and releases the remembered weights. The controller stays attached to the optimizer, so a rate a callback set
   * stays in force after the fit. tfjs skips it when the fit throws (see `dispose`).
   */
  override async onTrainEnd(): Promise<void> {
    try {
      const decision = this.#running().trainEnd();
      if (decision.restoreWeights) {
        if (this.#bestWeights !== null) {
          this.model.setWeights(this.#bestWeights);
        } else {
          (this.#warn ?? console.warn)(
            'fitCallback: restoreBestWeights has no weights to restore — the best epoch came before the snapshot this fit resumed from, and snapshots hold no weights; the model keeps its last weights.',
          );
        }
      }
      const run = this.#progressRun;
      if (this.#progress !== null && run !== null) {
        // A fit with no epoch to run (initialEpoch >= epochs) still tells the listener it began.
        this.#announce(run, run.initialEpoch ?? run.epochs);
        const initialEpoch = run.initialEpoch ?? run.epochs;
        this.#progress.onTrainEnd?.({ epochsRun: run.epochsRun, stoppedEarly: initialEpoch + run.epochsRun < run.epochs });
      }
    } finally {
      this.#progressRun = null;
      this.#forgetBestWeights();
      const bridge = attachedTo(this.model.optimizer);
      // The controller stays attached, so a rate a callback set stays in force (as in Keras's optimizer variable).
      if (bridge !== undefined && bridge.owner === this) bridge.owner = null;
    }
  }

  /** Calls the listener's `onTrainBegin` once per fit, when the first epoch is known. */
  #announce(run: ProgressRun, firstEpoch: number): void {
    if (run.announced) return;
    run.announced = true;
    run.initialEpoch = firstEpoch;
    this.#progress?.onTrainBegin?.({ epochs: run.epochs, initialEpoch: firstEpoch, stepsPerEpoch: run.stepsPerEpoch });
  }

  /** Whether this callback's own fit, on a model other than `model`, is still running. */
  #fittingBesides(model: tf.LayersModel): boolean {
    const own = this.model as unknown as { isTraining?: boolean } | undefined;
    return own !== undefined && own !== (model as unknown) && own.isTraining === true && this.#controller?.state.running === true;
  }

  #running(): Controller {
    if (this.#controller === null) throw new InvalidOptionError('fitCallback', 'event', 'before onTrainBegin', 'must follow onTrainBegin');
    return this.#controller;
  }

  /** Runs `step`; if it throws, fit rejects without onTrainEnd, so the remembered weights are released first. */
  async #releasingOnError(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.#forgetBestWeights();
      throw error;
    }
  }

  async #apply(decision: { checkpoints: readonly CheckpointRequest[]; rememberWeights: boolean; stopTraining: boolean }): Promise<void> {
    for (const request of decision.checkpoints) await this.model.save(this.#destination(request));
    if (decision.rememberWeights) {
      this.#forgetBestWeights();
      this.#bestWeights = this.model.getWeights().map((weight) => tf.keep(weight.clone()));
    }
    if (decision.stopTraining) this.model.stopTraining = true;
  }

  #destination(request: CheckpointRequest): string | tf.io.IOHandler {
    // A checkpointHandler sees request.saveWeightsOnly and decides; without one, the option cannot be honoured.
    if (this.#options.checkpointHandler !== undefined) return this.#options.checkpointHandler(request);
    if (request.saveWeightsOnly) {
      throw new InvalidOptionError(
        'modelCheckpoint',
        'saveWeightsOnly',
        true,
        'is not supported by @anneal/tfjs: tfjs layers models have no weights-only format and model.save always writes the topology with the weights; drop the option (the checkpoint reloads with tf.loadLayersModel), or give fitCallback a checkpointHandler that handles request.saveWeightsOnly itself',
      );
    }
    if (request.filepath === null) {
      throw new InvalidOptionError('modelCheckpoint', 'filepath', null, 'is required to save with @anneal/tfjs (or give fitCallback a checkpointHandler)');
    }
    return formatFilepath(request.filepath, request);
  }

  #forgetBestWeights(): void {
    if (this.#bestWeights !== null) tf.dispose(this.#bestWeights);
    this.#bestWeights = null;
  }
}

/** The error for a snapshot taken, or given, while an epoch was open. */
function midEpoch(option: string, epoch: number): InvalidOptionError {
  return new InvalidOptionError(
    'fitCallback',
    option,
    `taken mid-epoch (epoch ${epoch} open)`,
    'must be taken between epochs: tfjs resumes model.fit at an epoch boundary (initialEpoch), so take the snapshot in onEpochEnd of a callback listed after fitCallback, or after fit',
  );
}

/**
 * Creates the tfjs callback that runs anneal's callbacks and learning-rate rules in `model.fit`; see
 * {@link AnnealFitCallback}.
 *
 * @example
 * ```ts
 * import { learningRateScheduler, stepDecay } from '@anneal/core';
 * import { fitCallback } from '@anneal/tfjs';
 * await model.fit(x, y, { epochs: 50, callbacks: [fitCallback({ callbacks: [learningRateScheduler(stepDecay({ initialLearningRate: 0.1, drop: 0.5, epochsDrop: 10 }))] })] });
 * ```
 */
export function fitCallback(options: FitCallbackOptions = {}): AnnealFitCallback {
  return new AnnealFitCallback(options);
}

/** Replaces scalar tensors in tfjs logs by their values (disposing them, as tfjs's own callbacks do). */
async function resolveLogs(logs: tf.Logs | undefined): Promise<Record<string, number>> {
  const resolved: Record<string, number> = {};
  if (logs === undefined || logs === null) return resolved;
  const pending: Promise<void>[] = [];
  const record = logs as unknown as Record<string, number | tf.Scalar>;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'number') {
      resolved[key] = value;
    } else {
      pending.push(
        value.data().then((data) => {
          resolved[key] = data[0] as number;
          record[key] = data[0] as number;
          value.dispose();
        }),
      );
    }
  }
  await Promise.all(pending);
  return resolved;
}

/** The listener's `log` as a plain function (called as a method, so a class-based listener keeps its `this`). */
function progressLogOf(listener: ProgressListener | null): ((message: string) => void) | undefined {
  if (listener === null || listener.log === undefined) return undefined;
  return (message) => listener.log?.(message);
}

/** epochs and steps per epoch from the params tfjs gives its callbacks (model.fit: samples and batchSize; fitDataset: steps or null). */
function fitParams(params: unknown): { epochs: number; stepsPerEpoch: number | null; initialEpoch: number | null } {
  const record = (params ?? {}) as Record<string, unknown>;
  const epochs = record['epochs'];
  if (typeof epochs !== 'number' || !Number.isInteger(epochs) || epochs < 0) {
    throw new InvalidOptionError('fitCallback', 'progress', 'params without epochs', 'needs the params tfjs gives callbacks in model.fit and model.fitDataset (epochs)');
  }
  const steps = record['steps'];
  const samples = record['samples'];
  const batchSize = record['batchSize'];
  const stepsPerEpoch =
    typeof steps === 'number' ? steps : typeof samples === 'number' && typeof batchSize === 'number' && batchSize > 0 ? Math.ceil(samples / batchSize) : null;
  const initialEpoch = typeof record['initialEpoch'] === 'number' ? record['initialEpoch'] : null;
  return { epochs, stepsPerEpoch, initialEpoch };
}

/** A frozen copy of `logs` without `keys`: the listener may keep it while tfjs and the controller go on writing theirs. */
function withoutKeys(logs: Record<string, number>, keys: ReadonlySet<string>): Logs {
  const copy: Record<string, number> = {};
  for (const [key, value] of Object.entries(logs)) if (!keys.has(key)) copy[key] = value;
  return Object.freeze(copy);
}
