/**
 * A rate written the way Python's `repr(float)` writes it in Keras's messages: whole numbers keep their `.0` (`1.0`),
 * and magnitudes below 1e-4 or from 1e16 use an exponent with at least two digits (`1e-05`), so log lines read the
 * same as Keras's and scripts that grep them keep working.
 */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}
