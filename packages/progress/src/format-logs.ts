import type { Logs } from '@anneal/core';

/** Keys adapters may leave in logs that are bookkeeping, not metrics; `learningRate` is shown as `lr` instead. */
const HIDDEN_BY_DEFAULT: ReadonlySet<string> = new Set(['learningRate', 'batch', 'size']);

/**
 * A metric as Keras's progress bar prints it: fixed-point with `precision` decimals, exponential when it is that close
 * to zero (so a loss of 2e-5 does not read as 0.0000).
 */
export function formatMetric(value: number, precision: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0 || Math.abs(value) > 1e-3) return value.toFixed(precision);
  return value.toExponential(precision);
}

/** A learning rate with `precision` significant digits and no trailing zeros: 0.01, 0.0096, 1e-7. */
export function formatLearningRate(value: number, precision: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(precision)));
}

/** Seconds as Keras prints an ETA: `7s`, `1:02`, `1:02:03`. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole}s`;
  const pad = (part: number) => String(part).padStart(2, '0');
  if (whole < 3600) return `${Math.floor(whole / 60)}:${pad(whole % 60)}`;
  return `${Math.floor(whole / 3600)}:${pad(Math.floor((whole % 3600) / 60))}:${pad(whole % 60)}`;
}

/** Time per step as Keras prints it: `2s/step`, `15ms/step`, `80us/step`. */
export function formatPerStep(seconds: number): string {
  // Rounded in a unit before that unit is chosen: 0.9996 s is 1000 ms once rounded, which reads as 1s, not 1000ms.
  const microseconds = Math.round(seconds * 1e6);
  if (microseconds < 1000) return `${microseconds}us/step`;
  const milliseconds = Math.round(seconds * 1e3);
  if (milliseconds < 1000) return `${milliseconds}ms/step`;
  return `${Math.round(seconds)}s/step`;
}

/**
 * ` - loss: 0.4512 - acc: 0.8667 - lr: 0.01`: the chosen metrics of `logs` (every key but bookkeeping when `metrics`
 * is null; a chosen key missing from the logs, such as `val_loss` mid-epoch, is left out) and the learning rate.
 */
export function formatLogs(logs: Logs, learningRate: number | null, metrics: readonly string[] | null, precision: number): string {
  const keys = metrics ?? Object.keys(logs).filter((key) => !HIDDEN_BY_DEFAULT.has(key));
  let text = '';
  for (const key of keys) {
    const value = logs[key];
    if (value !== undefined) text += ` - ${key}: ${formatMetric(value, precision)}`;
  }
  if (learningRate !== null) text += ` - lr: ${formatLearningRate(learningRate, precision)}`;
  return text;
}
