import { describe, expect, test } from 'vitest';
import { InvalidOptionError, labelEncoder, UnknownOptionError } from './index.js';

describe('labelEncoder', () => {
  test('classes are the distinct labels sorted as numpy.unique sorts them: numbers numerically, strings by code unit', () => {
    expect(labelEncoder({ labels: [10, 9, 2, 9, -1] }).classes).toEqual([-1, 2, 9, 10]);
    expect(labelEncoder({ labels: ['b', 'B', 'a', 'b'] }).classes).toEqual(['B', 'a', 'b']);
  });

  test('encode gives the index in classes, decode gives the label back', () => {
    const encoder = labelEncoder({ labels: ['Iris-virginica', 'Iris-setosa', 'Iris-versicolor'] });
    expect(encoder.encode(['Iris-setosa', 'Iris-virginica', 'Iris-setosa'])).toEqual([0, 2, 0]);
    expect(encoder.decode([1, 2])).toEqual(['Iris-versicolor', 'Iris-virginica']);
  });

  test('decodeProbabilities takes the largest column, the first one on a tie, and thresholds one sigmoid column at 0.5', () => {
    const three = labelEncoder({ labels: [5, 7, 6] });
    expect(three.decodeProbabilities([[0.1, 0.7, 0.2], [0.4, 0.4, 0.2], [0, 0, 1]])).toEqual([6, 5, 7]);
    const two = labelEncoder({ labels: ['no', 'yes'] });
    expect(two.decodeProbabilities([[0.51], [0.5], [0.2]])).toEqual(['yes', 'no', 'no']);
  });

  test('bad input is refused by name', () => {
    expect(() => labelEncoder({ labels: [] })).toThrow(InvalidOptionError);
    expect(() => labelEncoder({ labels: [1, 'a'] as never })).toThrow(`labelEncoder: option 'labels[1]' must be a string or a finite number, of labels[0]'s type, got "a".`);
    expect(() => labelEncoder({ labels: [1, Number.NaN] })).toThrow(/labels\[1\]/);
    expect(() => labelEncoder({ label: [1] } as never)).toThrow(UnknownOptionError);
    expect(() => labelEncoder({ label: [1] } as never)).toThrow(/did you mean 'labels'\?/);
    const encoder = labelEncoder<string>({ labels: ['a', 'b', 'c'] });
    expect(() => encoder.encode(['a', 'd'])).toThrow(`encode: option 'labels[1]' must be one of the classes (a, b, c), got "d".`);
    expect(() => encoder.decode([3])).toThrow(/indices\[0\]/);
    expect(() => encoder.decode([0.5])).toThrow(/integer in \[0, 2\]/);
    expect(() => encoder.decodeProbabilities([[0.2, 0.8]])).toThrow(/one value per class \(3\)/);
  });
});
