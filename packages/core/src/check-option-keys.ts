import { readOptions } from './internal/options.js';

/**
 * Options of {@link checkOptionKeys}.
 *
 * @example
 * ```ts
 * import type { CheckOptionKeysOptions } from '@anneal/core';
 * const check: CheckOptionKeysOptions = { source: 'myFactory', options: { verbose: 1 }, validKeys: ['verbose'] };
 * ```
 */
export interface CheckOptionKeysOptions {
  /** The function whose options are checked, for the message. */
  readonly source: string;
  /** The options object as the caller gave it. */
  readonly options: unknown;
  /** Every key the function accepts. */
  readonly validKeys: readonly string[];
}

/**
 * The check every anneal function runs on its options object, for adapters and user code: it must be a plain object
 * whose keys are all valid; a misspelt key is an `UnknownOptionError` suggesting the nearest valid one
 * ("unknown option 'berbose' — did you mean 'verbose'?"). Returns the options as a record.
 *
 * @example
 * ```ts
 * import { checkOptionKeys } from '@anneal/core';
 * checkOptionKeys({ source: 'modelCheckpoint', options: { berbose: 1 }, validKeys: ['verbose', 'monitor'] });
 * // UnknownOptionError: modelCheckpoint: unknown option 'berbose' — did you mean 'verbose'?
 * ```
 */
export function checkOptionKeys(check: CheckOptionKeysOptions): Record<string, unknown> {
  readOptions('checkOptionKeys', check, ['source', 'options', 'validKeys']);
  return readOptions(check.source, check.options, check.validKeys).input;
}
