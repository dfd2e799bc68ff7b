import { InvalidOptionError } from '@anneal/core';
import { describe, expect, test } from 'vitest';
import { adam, adamw } from './optimizers.js';

/** The error `run` throws, so its fields can be checked; fails the test when nothing is thrown. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}

describe('adam and adamw betas', () => {
  // A beta of 1 zeroes the bias correction 1 − βᵗ, so the first step divides by zero and the weights turn NaN.
  test.each([
    ['adam', 'beta1', () => adam({ beta1: 1 })],
    ['adam', 'beta2', () => adam({ beta2: 1 })],
    ['adamw', 'beta1', () => adamw({ beta1: 1 })],
    ['adamw', 'beta2', () => adamw({ beta2: 1 })],
  ] as const)('%s rejects %s = 1 with an InvalidOptionError naming the option, value and rule', (source, option, make) => {
    const error = thrown(make);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ source, option, value: 1, rule: 'must be a finite number >= 0 and < 1' });
  });

  test('rejects betas outside [0, 1) and accepts 0 and values just below 1', () => {
    for (const value of [-0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => adam({ beta1: value }), String(value)).toThrow(InvalidOptionError);
      expect(() => adamw({ beta2: value }), String(value)).toThrow(InvalidOptionError);
    }
    expect(adam({ beta1: 0, beta2: 0.9999 })).toMatchObject({ beta1: 0, beta2: 0.9999 });
    expect(adamw({ beta1: 0.999999, beta2: 0 })).toMatchObject({ name: 'adamw', beta1: 0.999999, beta2: 0, weightDecay: 0.004 });
  });
});
