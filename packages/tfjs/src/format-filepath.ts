import { InvalidOptionError, type CheckpointRequest } from '@anneal/core';

/**
 * Fills a Keras-style checkpoint path: `{epoch}` (1-based, as Keras), `{batch}` (1-based) and any log key, each with
 * an optional Python format spec — `{epoch:02d}`, `{val_loss:.2f}`, `{loss:.3e}`.
 *
 * @example
 * ```ts
 * import { formatFilepath } from '@anneal/tfjs';
 * const request = { source: 'modelCheckpoint', epoch: 6, batch: null, filepath: null, saveWeightsOnly: false, monitor: 'val_acc', value: 0.93, logs: { val_acc: 0.93 } };
 * formatFilepath('indexeddb://iris-{epoch:03d}-{val_acc:.2f}', request); // 'indexeddb://iris-007-0.93'
 * ```
 */
export function formatFilepath(template: string, request: CheckpointRequest): string {
  const values: Record<string, number> = { ...request.logs, epoch: request.epoch + 1 };
  if (request.batch !== null) values['batch'] = request.batch + 1;
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g, (_match, key: string, spec: string | undefined) => {
    const value = values[key];
    if (value === undefined) {
      throw new InvalidOptionError('modelCheckpoint', 'filepath', template, `names {${key}}, which is neither epoch, batch nor a key of the logs (${Object.keys(values).join(', ')})`);
    }
    return formatNumber(value, spec ?? '', template);
  });
}

function formatNumber(value: number, spec: string, template: string): string {
  if (spec === '') return String(value);
  const match = /^(0?)(\d*)(?:\.(\d+))?([dfe])$/.exec(spec);
  if (match === null) throw new InvalidOptionError('modelCheckpoint', 'filepath', template, `uses format spec ':${spec}'; supported are d, .Nf and .Ne with an optional zero-padded width`);
  const [, zero, width, precision, kind] = match;
  const digits = precision === undefined ? 6 : Number(precision);
  const text = kind === 'd' ? Math.trunc(value).toString() : kind === 'f' ? value.toFixed(digits) : pythonExponent(value.toExponential(digits));
  const size = width === '' || width === undefined ? 0 : Number(width);
  return zero === '0' ? padZero(text, size) : text.padStart(size, ' ');
}

// Python writes exponents with at least two digits (1.5e-05); JavaScript writes 1.5e-5.
function pythonExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

function padZero(text: string, size: number): string {
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  return (negative ? '-' : '') + digits.padStart(size - (negative ? 1 : 0), '0');
}
