import { optionalBoolean, optionalChoice, optionalNullableNumber, optionalNumber, optionalString, readOptions } from '../internal/options.js';
import type { Callback } from './callback.js';
import { isImprovement, loadBest, readMonitor, resolveDirection, storeBest, type StoredBest, type MonitorMode } from './monitor.js';

/**
 * Options of {@link earlyStopping}: Keras's `EarlyStopping` arguments in camelCase.
 *
 * @example
 * ```ts
 * import { earlyStopping, type EarlyStoppingOptions } from '@anneal/core';
 * const options: EarlyStoppingOptions = { monitor: 'val_acc', mode: 'max', patience: 20, startFromEpoch: 10 };
 * earlyStopping(options);
 * ```
 */
export interface EarlyStoppingOptions {
  /** The metric to watch. Default `'val_loss'`. */
  readonly monitor?: string;
  /** The absolute margin an improvement must beat (its sign is ignored, as in Keras). Finite. Default `0`. */
  readonly minDelta?: number;
  /** Epochs without improvement before stopping. An integer >= 0. Default `0`. */
  readonly patience?: number;
  /** `'min'`, `'max'`, or `'auto'` (from the metric's name). Default `'auto'`. */
  readonly mode?: MonitorMode;
  /** A value the metric must beat; until it does, improvements do not reset the patience. Default `null`. */
  readonly baseline?: number | null;
  /** Ask the adapter to keep the best epoch's weights and put them back at the end of training. Default `false`. */
  readonly restoreBestWeights?: boolean;
  /** Epochs to ignore at the start (warm-up). An integer >= 0. Default `0`. */
  readonly startFromEpoch?: number;
  /** 1 prints "Epoch N: early stopping" and the restore line. Default `0`. */
  readonly verbose?: 0 | 1;
}

/**
 * The JSON-safe state of an {@link earlyStopping} callback.
 *
 * @example
 * ```ts
 * import { earlyStopping, type EarlyStoppingState } from '@anneal/core';
 * const initial: EarlyStoppingState = earlyStopping().initialState;
 * ```
 */
export type EarlyStoppingState = {
  readonly wait: number;
  /** The epoch training was stopped at; 0 while it runs (Keras's convention). */
  readonly stoppedEpoch: number;
  readonly best: StoredBest;
  readonly bestEpoch: number;
  /** Weights were remembered, so there is something to restore. */
  readonly hasBestWeights: boolean;
  readonly warned: boolean;
};

const KEYS = ['monitor', 'minDelta', 'patience', 'mode', 'baseline', 'restoreBestWeights', 'startFromEpoch', 'verbose'] as const;
const RESET: EarlyStoppingState = { wait: 0, stoppedEpoch: 0, best: null, bestEpoch: 0, hasBestWeights: false, warned: false };

/**
 * Keras's `EarlyStopping`, as a decision: stops training when the monitored metric has not improved by more than
 * `minDelta` for `patience` epochs (never at epoch 0, never before `startFromEpoch`). With `restoreBestWeights` it
 * asks the adapter to remember the weights at every new best and to restore them at `trainEnd` — which tfjs's own
 * earlyStopping refuses to do.
 *
 * @example
 * ```ts
 * import { createController, earlyStopping } from '@anneal/core';
 * const stop = earlyStopping({ monitor: 'val_loss', patience: 10, restoreBestWeights: true });
 * const controller = createController({ learningRate: 0.01, callbacks: [stop] });
 * ```
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): Callback<EarlyStoppingState> {
  const source = 'earlyStopping';
  const input = readOptions(source, options, KEYS);
  const monitor = optionalString(input, 'monitor', 'val_loss');
  const minDelta = Math.abs(optionalNumber(input, 'minDelta', {}, 0));
  const patience = optionalNumber(input, 'patience', { integer: true, min: 0 }, 0);
  const mode = optionalChoice(input, 'mode', ['auto', 'min', 'max'], 'auto');
  const baseline = optionalNullableNumber(input, 'baseline', {});
  const restoreBestWeights = optionalBoolean(input, 'restoreBestWeights', false);
  const startFromEpoch = optionalNumber(input, 'startFromEpoch', { integer: true, min: 0 }, 0);
  const verbose = optionalNumber(input, 'verbose', { integer: true, min: 0, max: 1 }, 0);
  const direction = resolveDirection(source, monitor, mode);

  return {
    name: source,
    setsLearningRate: false,
    initialState: RESET,
    onTrainBegin: () => ({ state: RESET }),
    onEpochEnd: (state, { epoch, logs }) => {
      const current = readMonitor(source, monitor, state, logs);
      if (typeof current !== 'number') return current;
      if (epoch < startFromEpoch) return undefined;
      // Keras keeps the first monitored epoch's weights (and calls it the best epoch) before comparing anything, so a
      // restore always has something to put back.
      const first = restoreBestWeights && !state.hasBestWeights;
      const seen: EarlyStoppingState = first ? { ...state, hasBestWeights: true, bestEpoch: epoch } : state;
      const wait = seen.wait + 1;
      if (isImprovement(direction, current, loadBest(seen.best), minDelta)) {
        const beatsBaseline = baseline === null || isImprovement(direction, current, baseline, minDelta);
        return {
          state: { ...seen, best: storeBest(current), bestEpoch: epoch, wait: beatsBaseline ? 0 : wait },
          rememberWeights: restoreBestWeights,
        };
      }
      if (wait >= patience && epoch > 0) {
        return { state: { ...seen, wait, stoppedEpoch: epoch }, stopTraining: true, rememberWeights: first };
      }
      return { state: { ...seen, wait }, rememberWeights: first };
    },
    onTrainEnd: (state) => {
      const messages: string[] = [];
      if (state.stoppedEpoch > 0 && verbose > 0) messages.push(`Epoch ${state.stoppedEpoch + 1}: early stopping`);
      if (!(restoreBestWeights && state.hasBestWeights)) return { messages };
      if (verbose > 0) messages.push(`Restoring model weights from the end of the best epoch: ${state.bestEpoch + 1}.`);
      return { restoreWeights: true, messages };
    },
  };
}
