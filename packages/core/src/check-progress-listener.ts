import { InvalidOptionError } from './errors.js';
import { readOptions } from './internal/options.js';
import type { ProgressListener } from './progress-listener.js';

/**
 * Options of {@link checkProgressListener}.
 *
 * @example
 * ```ts
 * import type { CheckProgressListenerOptions } from '@anneal/core';
 * const check: CheckProgressListenerOptions = { source: 'fit', listener: { log: console.log } };
 * ```
 */
export interface CheckProgressListenerOptions {
  /** The function whose `progress` option is checked, for the message. */
  readonly source: string;
  /** The `progress` option as the caller gave it; `undefined` means none. */
  readonly listener: unknown;
}

const HOOKS = ['onTrainBegin', 'onEpochBegin', 'onBatchEnd', 'onEpochEnd', 'onTrainEnd', 'log'] as const;

/**
 * The check an adapter runs on its `progress` option before training, so that a listener with a hook that is not a
 * function fails at the call, not at the first epoch. Returns the listener, or `null` when none was given.
 *
 * @example
 * ```ts
 * import { checkProgressListener } from '@anneal/core';
 * checkProgressListener({ source: 'fit', listener: undefined }); // null
 * checkProgressListener({ source: 'fit', listener: { onEpochEnd: 1 } });
 * // InvalidOptionError: fit: option 'progress.onEpochEnd' must be a function when present, got 1.
 * ```
 */
export function checkProgressListener(options: CheckProgressListenerOptions): ProgressListener | null {
  const { source, listener } = readOptions('checkProgressListener', options, ['source', 'listener']).input as unknown as CheckProgressListenerOptions;
  if (listener === undefined) return null;
  if (typeof listener !== 'object' || listener === null) {
    throw new InvalidOptionError(source, 'progress', listener, `must be a ProgressListener, an object with hooks ${HOOKS.join(', ')} (all optional)`);
  }
  for (const hook of HOOKS) {
    const value = (listener as Record<string, unknown>)[hook];
    if (value !== undefined && typeof value !== 'function') {
      throw new InvalidOptionError(source, `progress.${hook}`, value, 'must be a function when present');
    }
  }
  return listener as ProgressListener;
}
