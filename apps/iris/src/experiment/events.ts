import type { Callback } from '@anneal/core';
import type { Takeover } from './callbacks.js';
import type { BackendName, ExperimentSettings } from './settings.js';

/** The backend a run actually got. */
export interface BackendInfo {
  readonly name: BackendName;
  readonly runtime: 'tfjs' | 'onnxruntime-web';
  /** What the runtime reports: `tf.getBackend()` or the trainer's execution provider. */
  readonly backend: string;
  /** Whether it computes on a GPU (WebGL, WebGPU — SwiftShader's software GPU included). */
  readonly gpu: boolean;
}

/** One epoch of the history: the article's metrics and the rate in force at the epoch's end. */
export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
  readonly acc: number;
  readonly val_loss: number;
  readonly val_acc: number;
  readonly learningRate: number;
}

/** A checkpoint `modelCheckpoint` asked for, as saved. */
export interface CheckpointInfo {
  readonly epoch: number;
  readonly valAcc: number | null;
  /** Test accuracy of the weights saved, measured when saving (a reload must give it again). */
  readonly testAccuracy: number;
}

/** What a run reports as it goes. */
export interface ExperimentListener {
  onStart?(info: { readonly backend: BackendInfo; readonly epochs: number; readonly stepsPerEpoch: number }): void;
  onEpochEnd?(record: EpochRecord): void;
  onCheckpoint?(info: CheckpointInfo): void;
  onTakeover?(takeover: Takeover): void;
  /** Callbacks' verbose lines. */
  log?(message: string): void;
  /** Warnings (a monitored metric missing from the logs). */
  warn?(message: string): void;
}

/** A best checkpoint as kept (IndexedDB in the browser, memory in Node), with what reloading it needs. */
export interface StoredCheckpoint extends CheckpointInfo {
  readonly backend: BackendName;
  readonly settings: ExperimentSettings;
  readonly savedAt: number;
  /** tfjs: the model as `model.save` hands it to an IO handler (topology and weights). */
  readonly tfjs: unknown;
  /** onnxruntime-web: `trainer.checkpoint()`. */
  readonly ort: unknown;
}

/** Where best checkpoints go. */
export interface CheckpointStore {
  save(checkpoint: StoredCheckpoint): Promise<void>;
  load(): Promise<StoredCheckpoint | null>;
}

/**
 * A checkpoint store in memory, for Node and tests.
 *
 * @example
 * ```ts
 * import { memoryCheckpointStore } from './events.js';
 * const store = memoryCheckpointStore();
 * await store.load(); // null
 * ```
 */
export function memoryCheckpointStore(): CheckpointStore {
  let kept: StoredCheckpoint | null = null;
  return {
    save: async (checkpoint) => {
      kept = checkpoint;
    },
    load: async () => kept,
  };
}

/** What the observer reports to, and when it asks to stop. */
export interface ObserverOptions {
  readonly listener: ExperimentListener;
  readonly shouldStop: (() => boolean) | undefined;
  readonly onStopRequested: () => void;
}

/**
 * A callback that only observes (placed last, it sees the epoch's logs with `learningRate` and the rates the other
 * callbacks left), forwards them to the listener, and asks to stop when the user pressed Stop. Both adapters run it
 * through the core's controller, so the runtimes report identically.
 *
 * A progress display is not fed from here but by the adapters' own `progress` option: its epoch line shows the rate of
 * the epoch's last step, which a callback is never told (at the epoch's end its context holds the rate the next step
 * will use).
 */
export function observer(options: ObserverOptions): Callback<null> {
  const { listener, shouldStop } = options;
  return {
    name: 'irisObserver',
    setsLearningRate: false,
    initialState: null,
    onEpochEnd: (_state, context) => {
      const { logs } = context;
      listener.onEpochEnd?.({
        epoch: context.epoch,
        loss: logs['loss'] ?? Number.NaN,
        acc: logs['acc'] ?? Number.NaN,
        val_loss: logs['val_loss'] ?? Number.NaN,
        val_acc: logs['val_acc'] ?? Number.NaN,
        learningRate: logs['learningRate'] ?? Number.NaN,
      });
      if (shouldStop?.() === true) {
        options.onStopRequested();
        return { stopTraining: true };
      }
      return undefined;
    },
  };
}
