import { InvalidOptionError } from '../errors.js';
import { optionalBoolean, optionalChoice, optionalNullableNumber, optionalNumber, optionalString, readOptions } from '../internal/options.js';
import type { Callback, CallbackContext, CallbackOutcome, Logs } from './callback.js';
import { isImprovement, loadBest, readMonitor, resolveDirection, storeBest, type StoredBest, type Direction, type MonitorMode } from './monitor.js';

/**
 * Options of {@link modelCheckpoint}: Keras's `ModelCheckpoint` arguments in camelCase.
 *
 * @example
 * ```ts
 * import { modelCheckpoint, type ModelCheckpointOptions } from '@anneal/core';
 * const everyHundredBatches: ModelCheckpointOptions = { filepath: 'indexeddb://iris-{epoch}', saveFreq: 100 };
 * modelCheckpoint(everyHundredBatches);
 * ```
 */
export interface ModelCheckpointOptions {
  /** Where the adapter saves; kept opaque and passed back in every request (`{epoch}` and log keys are the adapter's to expand). Default `null`. */
  readonly filepath?: string | null;
  /** The metric `saveBestOnly` watches. Default `'val_loss'`. */
  readonly monitor?: string;
  /** `'min'`, `'max'`, or `'auto'` (from the metric's name). Default `'auto'`. */
  readonly mode?: MonitorMode;
  /** Save only when the monitored metric strictly improves on the best so far. Default `false`. */
  readonly saveBestOnly?: boolean;
  /** Ask for the weights only, not the whole model. Default `false`. */
  readonly saveWeightsOnly?: boolean;
  /** With `saveBestOnly`, the value to beat before the first save. Default `null` (anything beats it). */
  readonly initialValueThreshold?: number | null;
  /** `'epoch'` (default): consider saving at every epoch end; a number N: every N batches, counted across epochs. */
  readonly saveFreq?: 'epoch' | number;
  /** 1 prints Keras's "Epoch N: val_loss improved from X to Y, saving model to …" lines. Default `0`. */
  readonly verbose?: 0 | 1;
}

/**
 * The JSON-safe state of a {@link modelCheckpoint} callback.
 *
 * @example
 * ```ts
 * import { modelCheckpoint, type ModelCheckpointState } from '@anneal/core';
 * const initial: ModelCheckpointState = modelCheckpoint({ saveBestOnly: true, monitor: 'val_loss' }).initialState;
 * ```
 */
export type ModelCheckpointState = {
  /** Best monitored value so far; `null` before the first. Kept across runs, as Keras keeps it. */
  readonly best: StoredBest;
  /** Batches seen since the last save (batch-frequency saving). */
  readonly batchesSinceSave: number;
  readonly warned: boolean;
};

const KEYS = ['filepath', 'monitor', 'mode', 'saveBestOnly', 'saveWeightsOnly', 'initialValueThreshold', 'saveFreq', 'verbose'] as const;

/**
 * Keras's `ModelCheckpoint`, as a decision: at each epoch end (or every `saveFreq` batches) it asks the adapter to
 * save — always, or with `saveBestOnly` only when the monitored metric STRICTLY improves on the best so far
 * (equal is not better). The adapter performs the save; the request carries `filepath`, the epoch, the batch and the
 * logs.
 *
 * @example
 * ```ts
 * import { createController, modelCheckpoint } from '@anneal/core';
 * // The seed article: keep the best model by validation accuracy.
 * const checkpoint = modelCheckpoint({ filepath: 'weights.best', monitor: 'val_acc', mode: 'max', saveBestOnly: true, verbose: 1 });
 * const controller = createController({ learningRate: 0.01, callbacks: [checkpoint] });
 * ```
 */
export function modelCheckpoint(options: ModelCheckpointOptions = {}): Callback<ModelCheckpointState> {
  const source = 'modelCheckpoint';
  const input = readOptions(source, options, KEYS);
  const rawPath = input.input['filepath'];
  if (rawPath !== undefined && rawPath !== null && typeof rawPath !== 'string') {
    throw new InvalidOptionError(source, 'filepath', rawPath, 'must be a string or null');
  }
  const filepath = (rawPath ?? null) as string | null;
  const monitor = optionalString(input, 'monitor', 'val_loss');
  const mode = optionalChoice(input, 'mode', ['auto', 'min', 'max'], 'auto');
  const saveBestOnly = optionalBoolean(input, 'saveBestOnly', false);
  const saveWeightsOnly = optionalBoolean(input, 'saveWeightsOnly', false);
  const initialValueThreshold = optionalNullableNumber(input, 'initialValueThreshold', {});
  const verbose = optionalNumber(input, 'verbose', { integer: true, min: 0, max: 1 }, 0);
  const rawFrequency = input.input['saveFreq'];
  const saveFreq = rawFrequency === undefined || rawFrequency === 'epoch' ? 'epoch' : optionalNumber(input, 'saveFreq', { integer: true, min: 1 }, 1);
  // The direction matters only when saving is conditional; an unknown metric name is an error only then.
  const direction: Direction | null = saveBestOnly ? resolveDirection(source, monitor, mode) : null;
  const target = filepath ?? 'the checkpoint';

  const save = (state: ModelCheckpointState, context: CallbackContext, logs: Logs): CallbackOutcome<ModelCheckpointState> => {
    const request = { source, filepath, saveWeightsOnly, monitor: null, value: null };
    if (direction === null) {
      return { state, checkpoint: request, messages: verbose > 0 ? [`Epoch ${context.epoch + 1}: saving model to ${target}`] : [] };
    }
    const current = readMonitor(source, monitor, state, logs);
    if (typeof current !== 'number') return current;
    const best = loadBest(state.best);
    if (!isImprovement(direction, current, best, 0)) {
      return { state, messages: verbose > 0 ? [`Epoch ${context.epoch + 1}: ${monitor} did not improve from ${describeBest(best, direction)}`] : [] };
    }
    return {
      state: { ...state, best: storeBest(current) },
      checkpoint: { ...request, monitor, value: current },
      messages:
        verbose > 0
          ? [`Epoch ${context.epoch + 1}: ${monitor} improved from ${describeBest(best, direction)} to ${current.toFixed(5)}, saving model to ${target}`]
          : [],
    };
  };

  return {
    name: source,
    setsLearningRate: false,
    initialState: { best: initialValueThreshold, batchesSinceSave: 0, warned: false },
    onTrainBegin: (state) => ({ state: { ...state, warned: false } }),
    // Only batch-frequency saving listens to batches: adapters skip reading batch logs (a GPU read each) when no
    // callback has an onBatchEnd hook.
    ...(saveFreq === 'epoch'
      ? { onEpochEnd: (state: ModelCheckpointState, context: CallbackContext) => save(state, context, context.logs) }
      : {
          onBatchEnd: (state: ModelCheckpointState, context: CallbackContext) => {
            const seen = state.batchesSinceSave + 1;
            if (seen < saveFreq) return { state: { ...state, batchesSinceSave: seen } };
            return save({ ...state, batchesSinceSave: 0 }, context, context.logs);
          },
        }),
  };
}

function describeBest(best: number | null, direction: Direction): string {
  if (best !== null) return best.toFixed(5);
  return direction === 'min' ? 'inf' : '-inf';
}
