import { expect } from 'vitest';

/**
 * Asserts `actual` is within `relative` of `expected`, relatively (with a 1e-12 absolute floor for expected zeros,
 * where a relative bound means nothing): the tolerance the conformance tests use against other frameworks' values.
 */
export function expectClose(actual: number, expected: number, relative = 1e-6, message?: string): void {
  const tolerance = relative * Math.abs(expected) + 1e-12;
  const ok = Number.isFinite(actual) && Math.abs(actual - expected) <= tolerance;
  expect(ok, `${message ?? ''} expected ${actual} to be within ${relative} (relative) of ${expected}`.trim()).toBe(true);
}

/** {@link expectClose} over aligned sequences. */
export function expectAllClose(actual: readonly number[], expected: readonly number[], relative = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, index) => expectClose(value, expected[index] as number, relative, `at index ${index}:`));
}
