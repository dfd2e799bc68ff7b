import { UnknownOptionError } from '@anneal/core';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { classifier, optimizerFromKerasConfig } from './index.js';

const KEYS = ['model', 'epochs', 'batchSize', 'verbose', 'callbacks', 'validationSplit', 'validationData', 'shuffle', 'conflict', 'checkpointHandler', 'log', 'warn', 'progress'];
const unknownKey = (valid: readonly string[]): fc.Arbitrary<string> =>
  fc
    .oneof(fc.string({ minLength: 1, maxLength: 16 }), fc.constantFrom(...valid).map((key) => `${key}s`), fc.constantFrom(...valid).map((key) => key.toLowerCase() + '_'))
    .filter((key) => !valid.includes(key) && key !== '__proto__');

// One options object per factory: any key it does not document is refused by name, never silently ignored.
describe('one options object, typo-proof', () => {
  test.prop([unknownKey(KEYS)])('classifier refuses a random unknown key by name', (key) => {
    expect(() => classifier({ model: () => null as never, [key]: 1 } as never)).toThrow(expect.objectContaining({ option: key, constructor: UnknownOptionError }));
  });
  test.prop([unknownKey(['config', 'warn'])])('optimizerFromKerasConfig refuses a random unknown key by name', (key) => {
    expect(() => optimizerFromKerasConfig({ config: { class_name: 'SGD', config: {} }, [key]: 1 } as never)).toThrow(
      expect.objectContaining({ option: key, constructor: UnknownOptionError }),
    );
  });
  test.prop([fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: 0, max: 1e9 })])(
    "the spec's learning rate is tf.keras 2's lr / (1 + decay · step)",
    (lr, decay, step) => {
      const { learningRate } = optimizerFromKerasConfig({ config: { class_name: 'SGD', config: { learning_rate: lr, decay } } });
      const rate = typeof learningRate === 'number' ? learningRate : learningRate(step);
      const expected = lr / (1 + decay * step);
      expect(Math.abs(rate - expected)).toBeLessThanOrEqual(1e-15 * Math.max(1, expected));
    },
  );
});
