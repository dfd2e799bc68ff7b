import { describe, expect, test } from 'vitest';
import { UnknownOptionError, checkOptionKeys } from './index.js';

describe('checkOptionKeys', () => {
  test("the seed article's typo gets the nearest valid key", () => {
    expect(() => checkOptionKeys({ source: 'modelCheckpoint', options: { berbose: 1 }, validKeys: ['verbose', 'monitor'] })).toThrow(
      "modelCheckpoint: unknown option 'berbose' — did you mean 'verbose'?",
    );
  });
  test('valid keys pass and the options come back', () => {
    expect(checkOptionKeys({ source: 'f', options: { monitor: 'loss' }, validKeys: ['verbose', 'monitor'] })).toEqual({ monitor: 'loss' });
  });
  test('not an object is refused', () => {
    expect(() => checkOptionKeys({ source: 'f', options: 3, validKeys: [] })).toThrow(/must be an options object/);
    expect(() => checkOptionKeys({ source: 'f', options: { x: 1 }, validKeys: ['y'] })).toThrow(UnknownOptionError);
  });
});
