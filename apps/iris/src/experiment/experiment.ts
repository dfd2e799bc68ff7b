import type { ProgressListener } from '@anneal/core';
import { buildCallbacks, type Takeover } from './callbacks.js';
import { irisData, stepsPerEpoch, type Confusion } from './data.js';
import { memoryCheckpointStore, observer, type BackendInfo, type CheckpointInfo, type CheckpointStore, type EpochRecord, type ExperimentListener } from './events.js';
import type { BackendName, ExperimentSettings } from './settings.js';
import { evaluateOrtCheckpoint, trainOrt } from './train-ort.js';
import { evaluateTfjsCheckpoint, trainTfjs, useTfjsBackend, type RuntimeRequest, type RuntimeRun } from './train-tfjs.js';

/** How to run an experiment. */
export interface RunOptions {
  readonly backend: BackendName;
  readonly listener?: ExperimentListener;
  /**
   * A progress display (`progressBar()` of `@anneal/progress`), handed to the adapter's own `progress` option, which
   * tells it of every epoch and batch; it also prints the callbacks' lines (through its `log`).
   */
  readonly progress?: ProgressListener;
  /** Polled at every epoch end; `true` stops training there (the page's Stop button). */
  readonly shouldStop?: () => boolean;
  /** Where the best checkpoint goes. Default: memory. */
  readonly checkpointStore?: CheckpointStore;
}

/** The outcome of a run. */
export interface ExperimentResult {
  readonly backend: BackendInfo;
  readonly epochs: EpochRecord[];
  /** The adapter's `history.history` as it returned it (`learningRate` per epoch included). */
  readonly history: Readonly<Record<string, number[]>>;
  readonly stepsPerEpoch: number;
  /** A callback (early stopping) or the Stop button ended training before the last epoch. */
  readonly stoppedEarly: boolean;
  readonly stoppedByUser: boolean;
  readonly test: Confusion;
  readonly takeover: Takeover | null;
  /** The last checkpoint saved (the best by `val_acc`), or `null`. */
  readonly checkpoint: CheckpointInfo | null;
  /** From choosing the backend to the test results. */
  readonly wallSeconds: number;
  /** `fit` alone. */
  readonly fitSeconds: number;
}

/**
 * Trains the seed article's iris MLP with the experiment's schedule and callbacks on one backend, and tests it: the
 * one training path of the command line and the page. The backend must be registered by the caller (the page imports
 * tfjs's webgpu and wasm backends and points onnxruntime-web at its wasm file; Node has tfjs's cpu and ORT's wasm).
 *
 * @example
 * ```ts
 * import { articleSettings } from './settings.js';
 * import { runExperiment } from './experiment.js';
 * const result = await runExperiment({ ...articleSettings(), epochs: 60 }, { backend: 'ort-wasm' });
 * result.test.accuracy; // ≥ 0.9
 * result.history['learningRate']; // per epoch
 * ```
 */
export async function runExperiment(settings: ExperimentSettings, options: RunOptions): Promise<ExperimentResult> {
  const started = performance.now();
  const listener = options.listener ?? {};
  const store = options.checkpointStore ?? memoryCheckpointStore();
  const data = irisData(settings.seed);
  const perEpoch = stepsPerEpoch(settings.batchSize);
  let takeover: Takeover | null = null;
  const built = buildCallbacks(settings, {
    onTakeover: (found) => {
      takeover = found;
      listener.onTakeover?.(found);
    },
  });
  const epochs: EpochRecord[] = [];
  let stoppedByUser = false;
  let checkpoint: CheckpointInfo | null = null;
  let backend: BackendInfo | null = null;
  const log = (message: string): void => {
    if (options.progress?.log !== undefined) options.progress.log(message);
    else listener.log?.(message);
  };
  const observers = [
    observer({
      listener: { ...listener, onEpochEnd: (record) => (epochs.push(record), listener.onEpochEnd?.(record)) },
      shouldStop: options.shouldStop,
      onStopRequested: () => {
        stoppedByUser = true;
      },
    }),
  ];
  const request: RuntimeRequest = {
    settings,
    data,
    built,
    store,
    progress: options.progress,
    log,
    warn: (message) => (listener.warn === undefined ? log(message) : listener.warn(message)),
    onCheckpoint: (saved) => {
      checkpoint = { epoch: saved.epoch, valAcc: saved.valAcc, testAccuracy: saved.testAccuracy };
      listener.onCheckpoint?.(checkpoint);
    },
    onReady: (ready) => {
      backend = ready;
      listener.onStart?.({ backend: ready, epochs: settings.epochs, stepsPerEpoch: perEpoch });
    },
  };
  let run: RuntimeRun;
  if (options.backend.startsWith('tfjs-')) {
    const ready = await useTfjsBackend(options.backend);
    request.onReady(ready);
    run = await trainTfjs(request, ready, observers);
  } else {
    run = await trainOrt(request, options.backend, observers);
  }
  const epochsRun = epochs.length;
  return {
    backend: backend as unknown as BackendInfo,
    epochs,
    history: run.history,
    stepsPerEpoch: perEpoch,
    stoppedEarly: epochsRun < settings.epochs,
    stoppedByUser,
    test: run.test,
    takeover,
    checkpoint,
    wallSeconds: (performance.now() - started) / 1000,
    fitSeconds: run.fitSeconds,
  };
}

/**
 * Loads the best checkpoint back from the store into a new model on `backend` (by default, the one it was trained
 * on; a tfjs checkpoint loads on any tfjs backend, an onnxruntime-web one on either provider) and tests it.
 *
 * @example
 * ```ts
 * import { memoryCheckpointStore } from './events.js';
 * import { evaluateCheckpoint, runExperiment } from './experiment.js';
 * const checkpointStore = memoryCheckpointStore();
 * const result = await runExperiment(settings, { backend: 'tfjs-cpu', checkpointStore });
 * const reloaded = await evaluateCheckpoint(checkpointStore);
 * reloaded?.test.accuracy === result.checkpoint?.testAccuracy; // true
 * ```
 */
export async function evaluateCheckpoint(store: CheckpointStore, backend?: BackendName): Promise<{ checkpoint: CheckpointInfo; backend: BackendInfo; test: Confusion } | null> {
  const stored = await store.load();
  if (stored === null) return null;
  const test = irisData(stored.settings.seed).test;
  const target = backend !== undefined && backend.slice(0, 4) === stored.backend.slice(0, 4) ? backend : stored.backend;
  const info: CheckpointInfo = { epoch: stored.epoch, valAcc: stored.valAcc, testAccuracy: stored.testAccuracy };
  if (target.startsWith('tfjs-')) {
    const ready = await useTfjsBackend(target);
    return { checkpoint: info, backend: ready, test: await evaluateTfjsCheckpoint(stored, test) };
  }
  const evaluated = await evaluateOrtCheckpoint(stored, target, test);
  return { checkpoint: info, ...evaluated };
}
