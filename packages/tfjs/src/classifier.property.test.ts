import { UnknownOptionError } from '@anneal/core';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { classifier, optimizerFromKerasConfig } from './index.js';

const KEYS = ['model', 'epochs', 'batchSize', 'verbose', 'callbacks', 'validationSplit', 'validationData', 'shuffle', 'conflict', 'learningRate', 'checkpointHandler', 'log', 'warn', 'progress'];
const unknownKey = (valid: readonly string[]): fc.Arbitrary<string> =>
  fc
    .oneof(fc.string({ minLength: 1, maxLength: 16 }), fc.constantFrom(...valid).map((key) => `${key}s`), fc.constantFrom(...valid).map((key) => key.toLowerCase() + '_'))
    .filter((key) => !valid.includes(key) && key !== '__proto__');

// The factories of this package take one options object: every documented key is accepted, any other is refused by
// name (with the nearest valid key when one is close) — never silently ignored.
describe('one options object, typo-proof', () => {
  test.prop([unknownKey(KEYS)])('classifier refuses a random unknown key by name', (key) => {
    expect(() => classifier({ model: () => null as never, [key]: 1 } as never)).toThrow(expect.objectContaining({ option: key, constructor: UnknownOptionError }));
  });
  test.prop([fc.subarray(['epochs', 'batchSize', 'verbose', 'shuffle'] as const)])('classifier accepts its keys', (keys) => {
    const values = { epochs: 2, batchSize: 5, verbose: 0, shuffle: false } as const;
    expect(() => classifier({ model: () => null as never, ...Object.fromEntries(keys.map((key) => [key, values[key]])) })).not.toThrow();
  });
  test.prop([unknownKey(['config', 'warn'])])('optimizerFromKerasConfig refuses a random unknown key by name', (key) => {
    expect(() => optimizerFromKerasConfig({ config: { class_name: 'SGD', config: {} }, [key]: 1 } as never)).toThrow(
      expect.objectContaining({ option: key, constructor: UnknownOptionError }),
    );
  });
});
