import { describe, expect, test } from 'vitest';
import { formatFloat } from './format-float.js';

describe("formatFloat writes rates as Python's repr(float) does in Keras's messages", () => {
  test.each([
    [1, '1.0'],
    [0.5, '0.5'],
    [0.010000000000000002, '0.010000000000000002'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [0, '0.0'],
    [1e16, '1e+16'],
    [123, '123.0'],
  ])('%s → %s', (value, expected) => {
    expect(formatFloat(value)).toBe(expected);
  });
});
