import { describe, expect, test } from 'vitest';
import { formatPerStep } from './format-logs.js';

describe('formatPerStep', () => {
  test.each([
    [2, '2s/step'],
    [1, '1s/step'],
    [0.015, '15ms/step'],
    [0.001, '1ms/step'],
    [0.00008, '80us/step'],
    [0.0000004, '0us/step'],
  ])('%s s is %s', (seconds, text) => {
    expect(formatPerStep(seconds)).toBe(text);
  });

  // A value that rounds up to 1000 of a unit is shown in the next unit, never as 1000ms or 1000us.
  test.each([
    [0.9996, '1s/step'],
    [0.9994, '999ms/step'],
    [0.0009996, '1ms/step'],
    [0.0009994, '999us/step'],
    [1.4999, '1s/step'],
    [1.5, '2s/step'],
  ])('%s s rounds before its unit is chosen: %s', (seconds, text) => {
    expect(formatPerStep(seconds)).toBe(text);
  });

  test('never prints 1000 of a unit, over every duration from 1 us to 10 s', () => {
    for (let exponent = -6; exponent <= 1; exponent += 0.001) {
      const text = formatPerStep(10 ** exponent);
      expect(text, `${10 ** exponent} s`).not.toMatch(/^1000(?:ms|us)\//);
    }
  });
});
