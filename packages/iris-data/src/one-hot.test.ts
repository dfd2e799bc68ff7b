import { describe, expect, test } from 'vitest';
import { irisLabels } from './iris.js';
import { oneHot } from './one-hot.js';

describe('oneHot', () => {
  test('encodes class indices given a class count', () => {
    expect(oneHot({ labels: [0, 2, 1, 0], classes: 3 })).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
      [1, 0, 0],
    ]);
  });

  test('encodes labels by their position in a class list', () => {
    expect(oneHot({ labels: ['dog', 'cat'], classes: ['cat', 'dog', 'bird'] })).toEqual([
      [0, 1, 0],
      [1, 0, 0],
    ]);
  });

  test('encodes the Iris labels into 150 rows with one 1 each, 50 per column', () => {
    const encoded = oneHot({ labels: irisLabels, classes: 3 });
    expect(encoded).toHaveLength(150);
    expect(encoded.every((row) => row.length === 3 && row.reduce((a, b) => a + b, 0) === 1)).toBe(true);
    expect([0, 1, 2].map((column) => encoded.filter((row) => row[column] === 1).length)).toEqual([50, 50, 50]);
  });

  test('returns [] for no labels', () => {
    expect(oneHot({ labels: [], classes: 2 })).toEqual([]);
  });

  test('rejects labels outside the classes, and bad class specs', () => {
    expect(() => oneHot({ labels: [3], classes: 3 })).toThrow(/labels\[0\] is 3, expected an integer in \[0, 3\)/);
    expect(() => oneHot({ labels: [0.5], classes: 3 })).toThrow(RangeError);
    expect(() => oneHot({ labels: ['fish'], classes: ['cat', 'dog'] })).toThrow(/labels\[0\] is "fish"/);
    expect(() => oneHot({ labels: [0], classes: 0 })).toThrow(/positive integer/);
    expect(() => oneHot({ labels: [0], classes: 2.5 })).toThrow(RangeError);
    expect(() => oneHot({ labels: [0], classes: [] })).toThrow(RangeError);
    expect(() => oneHot({ labels: ['a'], classes: ['a', 'a'] })).toThrow(/twice/);
  });
});
