import { InvalidOptionError } from '../errors.js';
import { nearestKey } from '../internal/nearest-key.js';
import type { CallbackOutcome, Logs } from './callback.js';

/**
 * Whether a monitored metric should go down (`'min'`), up (`'max'`), or be inferred from its name (`'auto'`).
 *
 * @example
 * ```ts
 * import { earlyStopping, type MonitorMode } from '@anneal/core';
 * const mode: MonitorMode = 'max';
 * earlyStopping({ monitor: 'val_acc', mode });
 * ```
 */
export type MonitorMode = 'auto' | 'min' | 'max';

/** The direction a monitored metric improves in. */
export type Direction = 'min' | 'max';

// Metric names Keras resolves to "higher is better" through its metric objects, matched on the name without `val_`.
// Names ending in `_accuracy` or `_hinge` (binary_accuracy, sparse_top_k_categorical_accuracy, squared_hinge…) match
// through `accuracy` and `hinge` after the `_`, so they need no alternative of their own.
const HIGHER_IS_BETTER = /(^|_)(acc|accuracy|auc|(f1|fbeta|r2)(_score)?|precision|recall|iou|true_(positives|negatives))$/;
const LOWER_IS_BETTER = /(^|_)(loss|error|crossentropy|hinge|mse|mae|mape|msle|poisson|kl_divergence|kld|log_?cosh|huber|false_(positives|negatives))$/;

/**
 * The direction a metric improves in: `mode` when explicit; for `'auto'`, from its name the way Keras's metric
 * objects declare it (accuracy, AUC, F1, precision, recall, IoU, R² go up; losses and errors go down). A name it
 * cannot place is an error asking for an explicit mode, as Keras 3 refuses too.
 */
export function resolveDirection(source: string, monitor: string, mode: MonitorMode): Direction {
  if (mode !== 'auto') return mode;
  const name = monitor.startsWith('val_') ? monitor.slice(4) : monitor;
  if (HIGHER_IS_BETTER.test(name)) return 'max';
  if (LOWER_IS_BETTER.test(name)) return 'min';
  throw new InvalidOptionError(
    source,
    'mode',
    mode,
    `must be 'min' or 'max' for '${monitor}'`,
  );
}

/**
 * Keras 3's improvement rule: `current` beats `reference` by more than `minDelta` (an absolute margin) in the
 * metric's direction, strictly. No reference yet (`null`) means the first value always improves — a NaN included, as
 * in Keras 3, after which nothing compares better than that NaN best and the callback counts every epoch as bad.
 */
export function isImprovement(direction: Direction, current: number, reference: number | null, minDelta: number): boolean {
  if (reference === null) return true;
  return direction === 'min' ? current < reference - minDelta : current > reference + minDelta;
}

/**
 * A best value as callback state keeps it: JSON has no NaN or Infinity, so those are stored as the strings `'NaN'`,
 * `'Infinity'` and `'-Infinity'` (a diverged run logs them).
 */
export type StoredBest = number | 'NaN' | 'Infinity' | '-Infinity' | null;

/** Encodes a best value for JSON-safe state. */
export function storeBest(value: number): StoredBest {
  return Number.isFinite(value) ? value : (String(value) as StoredBest);
}

/** Decodes a stored best value. */
export function loadBest(stored: StoredBest): number | null {
  return typeof stored === 'string' ? Number(stored) : stored;
}

/**
 * The monitored value from the logs; when it is absent (or not a number), the outcome instead: the once-per-run
 * warning, then the state unchanged.
 */
export function readMonitor<State extends { readonly warned: boolean }>(
  source: string,
  monitor: string,
  state: State,
  logs: Logs,
): number | CallbackOutcome<State> {
  const value = logs[monitor];
  if (typeof value === 'number') return value;
  return state.warned ? { state } : { state: { ...state, warned: true }, warnings: [missingMonitorWarning(source, monitor, logs)] };
}

/**
 * The once-per-run warning for a monitored metric missing from the logs: names the metric, the keys present, and the
 * nearest one (`val_acc` vs `val_accuracy`, or no validation data at all).
 */
function missingMonitorWarning(source: string, monitor: string, logs: Logs): string {
  const present = Object.keys(logs).filter((key) => key !== 'learningRate');
  const nearest = nearestMetric(monitor, present);
  const hint =
    nearest !== undefined
      ? ` Did you mean '${nearest}'?`
      : monitor.startsWith('val_') && !present.some((key) => key.startsWith('val_'))
        ? ' There are no validation metrics: pass validation data to fit.'
        : '';
  return `${source}: '${monitor}' is not in the logs (present: ${present.join(', ') || 'none'}).${hint}`;
}

/**
 * The present key a missing metric most likely meant: a near spelling, or Keras's two names for accuracy (tf.keras 1
 * logged `acc`, later versions `accuracy`), which no edit-distance threshold would pair.
 */
function nearestMetric(monitor: string, present: readonly string[]): string | undefined {
  const spelled = nearestKey(monitor, present);
  if (spelled !== undefined) return spelled;
  const alias = monitor.replace(/(^|_)(acc|accuracy)$/, (_, prefix: string, name: string) => `${prefix}${name === 'acc' ? 'accuracy' : 'acc'}`);
  return present.find((key) => key === alias);
}
