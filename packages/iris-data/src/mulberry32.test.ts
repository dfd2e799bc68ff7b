import { describe, expect, test } from 'vitest';
import { mulberry32 } from './mulberry32.js';

describe('mulberry32', () => {
  test('returns numbers in [0, 1), the same sequence for the same seed', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    for (let i = 0; i < 1000; i += 1) {
      const value = a();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      expect(b()).toBe(value);
    }
  });

  test('gives different sequences for different seeds', () => {
    const a = mulberry32(1);
    const b = mulberry32(2);
    const first = Array.from({ length: 8 }, () => a());
    const second = Array.from({ length: 8 }, () => b());
    expect(first).not.toEqual(second);
  });

  test('matches the reference mulberry32 output', () => {
    const zero = mulberry32(0);
    expect(zero()).toBe(0.26642920868471265);
    expect(zero()).toBe(0.0003297457005828619);
    expect(mulberry32(42)()).toBe(0.6011037519201636);
  });

  test('reduces the seed modulo 2^32', () => {
    expect(mulberry32(2 ** 32 + 5)()).toBe(mulberry32(5)());
    expect(mulberry32(-1)()).toBe(mulberry32(2 ** 32 - 1)());
  });

  test('rejects a seed that is not a safe integer', () => {
    expect(() => mulberry32(1.5)).toThrow(RangeError);
    expect(() => mulberry32(Number.NaN)).toThrow(/safe integer/);
  });
});
