import { InvalidOptionError } from '../errors.js';
import { formatFloat } from '../internal/format-float.js';
import { RATE, optionalChoice, optionalNumber, optionalString, readOptions } from '../internal/options.js';
import type { Callback, CallbackContext, CallbackOutcome } from './callback.js';
import { isImprovement, loadBest, readMonitor, resolveDirection, storeBest, type StoredBest, type Direction, type MonitorMode } from './monitor.js';

/**
 * Options of {@link reduceLROnPlateau}: Keras's `ReduceLROnPlateau` arguments in camelCase, plus PyTorch's variant.
 *
 * @example
 * ```ts
 * import { reduceLROnPlateau, type ReduceLROnPlateauOptions } from '@anneal/core';
 * const asInPyTorch: ReduceLROnPlateauOptions = { monitor: 'val_loss', variant: 'pytorch', thresholdMode: 'abs', minDelta: 0.01 };
 * reduceLROnPlateau(asInPyTorch);
 * ```
 */
export interface ReduceLROnPlateauOptions {
  /** The metric to watch. Default `'val_loss'`. */
  readonly monitor?: string;
  /** Factor applied on a plateau: `new = max(old * factor, minLr)`. In (0, 1). Default `0.1`. */
  readonly factor?: number;
  /** Epochs without improvement before reducing. An integer >= 0. Default `10`. */
  readonly patience?: number;
  /** `'min'`, `'max'`, or `'auto'` (from the metric's name). Default `'auto'`. */
  readonly mode?: MonitorMode;
  /** The margin an improvement must beat: absolute in Keras's variant, `thresholdMode` in PyTorch's. Finite, >= 0. Default `1e-4`. */
  readonly minDelta?: number;
  /** Epochs to wait after a reduction before counting again. An integer >= 0. Default `0`. */
  readonly cooldown?: number;
  /** The floor no reduction goes below. Finite, >= 0. Default `0`. */
  readonly minLr?: number;
  /** 1 prints "Epoch N: ReduceLROnPlateau reducing learning rate to X." Default `0`. */
  readonly verbose?: 0 | 1;
  /** `'keras'` (default): reduce when `wait >= patience`; `'pytorch'`: when bad epochs `> patience`, PyTorch's order of cooldown and counting, and `thresholdMode`. */
  readonly variant?: 'keras' | 'pytorch';
  /** PyTorch variant only: `'rel'` (default) compares against `best * (1 ∓ minDelta)`, `'abs'` against `best ∓ minDelta`. */
  readonly thresholdMode?: 'rel' | 'abs';
}

/**
 * The JSON-safe state of a {@link reduceLROnPlateau} callback.
 *
 * @example
 * ```ts
 * import { reduceLROnPlateau, type ReduceLROnPlateauState } from '@anneal/core';
 * const initial: ReduceLROnPlateauState = reduceLROnPlateau().initialState; // { best: null, wait: 0, cooldownCounter: 0, warned: false }
 * ```
 */
export type ReduceLROnPlateauState = {
  /** Best value so far; `null` before the first (Keras's ±inf). */
  readonly best: StoredBest;
  /** Epochs since the last improvement (PyTorch's `num_bad_epochs`). */
  readonly wait: number;
  readonly cooldownCounter: number;
  /** The missing-metric warning was given this run. */
  readonly warned: boolean;
};

const KEYS = ['monitor', 'factor', 'patience', 'mode', 'minDelta', 'cooldown', 'minLr', 'verbose', 'variant', 'thresholdMode'] as const;
const RESET: ReduceLROnPlateauState = { best: null, wait: 0, cooldownCounter: 0, warned: false };

/**
 * Keras's `ReduceLROnPlateau`, exactly as Keras 3 runs it: at each epoch end, with an absolute `minDelta`, the
 * cooldown counter decremented before the comparison, a reduction when `wait >= patience` and the current rate is
 * above `minLr`, the new rate `max(old * factor, minLr)`, and all state reset at `trainBegin`. With
 * `variant: 'pytorch'` it follows `torch.optim.lr_scheduler.ReduceLROnPlateau` instead. Under the default conflict
 * rule a reduction replaces the schedule from then on; under `conflict: 'scale'` it multiplies it.
 *
 * @example
 * ```ts
 * import { createController, reduceLROnPlateau } from '@anneal/core';
 * // The seed article: watch val_acc, multiply by 0.2 after 5 flat epochs, never below 0.001.
 * const plateau = reduceLROnPlateau({ monitor: 'val_acc', mode: 'max', minDelta: 0.1, factor: 0.2, patience: 5, minLr: 0.001 });
 * const controller = createController({ learningRate: 0.01, callbacks: [plateau] });
 * ```
 */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): Callback<ReduceLROnPlateauState> {
  const source = 'reduceLROnPlateau';
  const input = readOptions(source, options, KEYS);
  const monitor = optionalString(input, 'monitor', 'val_loss');
  const factor = optionalNumber(input, 'factor', { above: 0, below: 1 }, 0.1);
  const patience = optionalNumber(input, 'patience', { integer: true, min: 0 }, 10);
  const mode = optionalChoice(input, 'mode', ['auto', 'min', 'max'], 'auto');
  const minDelta = optionalNumber(input, 'minDelta', RATE, 1e-4);
  const cooldown = optionalNumber(input, 'cooldown', { integer: true, min: 0 }, 0);
  const minLr = optionalNumber(input, 'minLr', RATE, 0);
  const verbose = optionalNumber(input, 'verbose', { integer: true, min: 0, max: 1 }, 0);
  const variant = optionalChoice(input, 'variant', ['keras', 'pytorch'], 'keras');
  if (input.input['thresholdMode'] !== undefined && variant !== 'pytorch') {
    throw new InvalidOptionError(source, 'thresholdMode', input.input['thresholdMode'], "applies only with variant: 'pytorch'");
  }
  const thresholdMode = optionalChoice(input, 'thresholdMode', ['rel', 'abs'], 'rel');
  const direction = resolveDirection(source, monitor, mode);

  const reduce = (state: ReduceLROnPlateauState, context: CallbackContext): CallbackOutcome<ReduceLROnPlateauState> => {
    const old = context.learningRate;
    const next = Math.max(old * factor, minLr);
    // PyTorch skips changes smaller than its eps (1e-8); Keras reduces whenever the rate is above minLr.
    const worthIt = variant === 'keras' ? old > minLr : old - next > 1e-8;
    // Keras keeps counting when the rate is already at minLr; PyTorch resets its counters either way.
    if (!worthIt) return { state: variant === 'keras' ? state : { ...state, wait: 0, cooldownCounter: cooldown } };
    return {
      state: { ...state, wait: 0, cooldownCounter: cooldown },
      learningRate: next,
      reduction: true,
      messages: verbose > 0 ? [`Epoch ${context.epoch + 1}: ReduceLROnPlateau reducing learning rate to ${formatFloat(next)}.`] : [],
    };
  };

  return {
    name: source,
    setsLearningRate: true,
    initialState: RESET,
    onTrainBegin: () => ({ state: RESET }),
    onEpochEnd: (state, context) => {
      const current = readMonitor(source, monitor, state, context.logs);
      if (typeof current !== 'number') return current;
      return step(state, context, current);
    },
  };

  // One epoch of either variant. They differ in when the cooldown is counted down (Keras before the comparison,
  // PyTorch after), in the comparison itself, in Keras not counting bad epochs during a cooldown, and in the test that
  // triggers a reduction.
  function step(state: ReduceLROnPlateauState, context: CallbackContext, current: number): CallbackOutcome<ReduceLROnPlateauState> {
    let { best, wait, cooldownCounter } = state;
    const keras = variant === 'keras';
    const coolDown = (): void => {
      if (cooldownCounter > 0) {
        cooldownCounter -= 1;
        wait = 0;
      }
    };
    if (keras) coolDown();
    const improved = keras ? isImprovement(direction, current, loadBest(best), minDelta) : isBetterTorch(direction, current, loadBest(best));
    if (improved) {
      best = storeBest(current);
      wait = 0;
    } else if (!keras || cooldownCounter <= 0) {
      wait += 1;
    }
    if (!keras) coolDown();
    const counted = { ...state, best, wait, cooldownCounter };
    return !improved && (keras ? cooldownCounter <= 0 && wait >= patience : wait > patience) ? reduce(counted, context) : { state: counted };
  }

  // PyTorch starts from ±inf rather than "no best yet", so a NaN is never better, not even the first.
  function isBetterTorch(towards: Direction, current: number, best: number | null): boolean {
    if (Number.isNaN(current)) return false;
    // PyTorch starts from the worst value, so a first epoch at that value (a diverged loss) is not an improvement.
    const reference = best ?? (towards === 'min' ? Infinity : -Infinity);
    if (thresholdMode === 'abs') return towards === 'min' ? current < reference - minDelta : current > reference + minDelta;
    return towards === 'min' ? current < reference * (1 - minDelta) : current > reference * (1 + minDelta);
  }
}
