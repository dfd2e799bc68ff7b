/**
 * A rate written as Keras writes a Python float in its messages: whole numbers keep their `.0` (`1.0`, not `1`),
 * so log lines read the same as Keras's and scripts that grep them keep working.
 */
export function formatFloat(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}
