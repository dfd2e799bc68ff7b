import { describe, expect, test } from 'vitest';
import { confusion, irisData, stepsPerEpoch } from './data.js';

describe('the split', () => {
  test('70/15/15 by class: 105 training, 24 validation, 21 test rows, each class in its share', () => {
    const { train, validation, test: testPart } = irisData(7);
    expect([train.x.length, validation.x.length, testPart.x.length]).toEqual([105, 24, 21]);
    for (const part of [train, validation, testPart]) {
      const counts = [0, 1, 2].map((label) => part.labels.filter((value) => value === label).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      part.y.forEach((row, index) => expect(row).toEqual([0, 1, 2].map((label) => (label === part.labels[index] ? 1 : 0))));
    }
    expect(stepsPerEpoch(5)).toBe(21);
    expect(stepsPerEpoch(32)).toBe(4);
  });

  test('the seed shuffles the training rows only; the test rows never change', () => {
    const a = irisData(1);
    const b = irisData(2);
    expect(a.test).toEqual(b.test);
    expect(a.validation).toEqual(b.validation);
    expect(a.train.labels).not.toEqual(b.train.labels);
    expect([...a.train.x].sort().join()).toBe([...b.train.x].sort().join());
    expect(irisData(1)).toEqual(a);
  });
});

test('the confusion matrix counts arg-max predictions by actual class', () => {
  const result = confusion([[0.8, 0.1, 0.1], [0.1, 0.2, 0.7], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]], [0, 1, 1, 2]);
  expect(result.counts).toEqual([[1, 0, 0], [0, 1, 1], [0, 0, 1]]);
  expect(result.accuracy).toBe(0.75);
  expect(result.classes).toEqual(['setosa', 'versicolor', 'virginica']);
});
