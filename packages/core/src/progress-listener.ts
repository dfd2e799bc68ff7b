import type { Logs } from './callbacks/callback.js';

/**
 * What a training loop reports as it goes, for progress output (Keras's `verbose=1`). Every adapter calls the same
 * hooks in the same order — `onTrainBegin`, then per epoch `onEpochBegin`, `onBatchEnd` per batch, `onEpochEnd`, and
 * `onTrainEnd` — so one progress display serves every runtime. Unlike a {@link Callback}, a listener only observes:
 * it has no state to snapshot and cannot change the learning rate or stop training.
 *
 * `log`, when present, receives the lines the callbacks print (`verbose` messages and warnings) so that a display can
 * print them without tearing its own output.
 *
 * @example
 * ```ts
 * import type { ProgressListener } from '@anneal/core';
 * const lines: string[] = [];
 * const listener: ProgressListener = {
 *   onEpochEnd: ({ epoch, epochs, learningRate, logs }) =>
 *     lines.push(`epoch ${epoch + 1}/${epochs} lr ${learningRate} loss ${logs['loss']}`),
 *   log: (message) => lines.push(message),
 * };
 * ```
 */
export interface ProgressListener {
  /** Before the first epoch. `stepsPerEpoch` is `null` when the loop cannot know it (a dataset of unknown length). */
  onTrainBegin?(info: ProgressTrainBegin): void;
  /**
   * At the start of every epoch, before the callbacks' `epochBegin`, so an epoch's header comes before what a
   * `learningRateScheduler` prints about it.
   */
  onEpochBegin?(info: ProgressEpochBegin): void;
  /** After every optimizer step, with the batch's logs and the rate that step used. */
  onBatchEnd?(info: ProgressBatchEnd): void;
  /** After the epoch's validation, with the epoch's logs and the rate of its last step. */
  onEpochEnd?(info: ProgressEpochEnd): void;
  /**
   * Once training is over, after the callbacks' `trainEnd` (so early stopping's line comes first), with the epochs run
   * and whether a callback stopped training early. Not called when the fit throws.
   */
  onTrainEnd?(info: ProgressTrainEnd): void;
  /** A line from a callback (`verbose` output or a warning). */
  log?(message: string): void;
}

/**
 * The argument of {@link ProgressListener.onTrainBegin}.
 *
 * @example
 * ```ts
 * import type { ProgressTrainBegin } from '@anneal/core';
 * const info: ProgressTrainBegin = { epochs: 200, initialEpoch: 0, stepsPerEpoch: 24 };
 * ```
 */
export interface ProgressTrainBegin {
  /** The epoch count the loop will stop at (Keras's `epochs`, which counts from 0 even when resuming). */
  readonly epochs: number;
  /** The first epoch, 0-based (Keras's `initial_epoch`). */
  readonly initialEpoch: number;
  readonly stepsPerEpoch: number | null;
}

/**
 * The argument of {@link ProgressListener.onEpochBegin}.
 *
 * @example
 * ```ts
 * import type { ProgressEpochBegin } from '@anneal/core';
 * const info: ProgressEpochBegin = { epoch: 0, epochs: 200 };
 * ```
 */
export interface ProgressEpochBegin {
  /** 0-based. */
  readonly epoch: number;
  readonly epochs: number;
}

/**
 * The argument of {@link ProgressListener.onBatchEnd}.
 *
 * @example
 * ```ts
 * import type { ProgressBatchEnd } from '@anneal/core';
 * const info: ProgressBatchEnd = { epoch: 0, batch: 3, step: 3, learningRate: 0.01, logs: { loss: 1.02, acc: 0.4 } };
 * ```
 */
export interface ProgressBatchEnd {
  readonly epoch: number;
  /** 0-based index of the batch within the epoch. */
  readonly batch: number;
  /** Optimizer steps taken so far, this one included. */
  readonly step: number;
  readonly learningRate: number;
  readonly logs: Logs;
}

/**
 * The argument of {@link ProgressListener.onEpochEnd}.
 *
 * @example
 * ```ts
 * import type { ProgressEpochEnd } from '@anneal/core';
 * const info: ProgressEpochEnd = { epoch: 0, epochs: 200, learningRate: 0.01, logs: { loss: 1.0, val_loss: 1.1 } };
 * ```
 */
export interface ProgressEpochEnd {
  readonly epoch: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly logs: Logs;
}

/**
 * The argument of {@link ProgressListener.onTrainEnd}.
 *
 * @example
 * ```ts
 * import type { ProgressTrainEnd } from '@anneal/core';
 * const info: ProgressTrainEnd = { epochsRun: 200, stoppedEarly: false };
 * ```
 */
export interface ProgressTrainEnd {
  /** Epochs completed in this run. */
  readonly epochsRun: number;
  /** Whether a callback (early stopping) ended training before `epochs`. */
  readonly stoppedEarly: boolean;
}
