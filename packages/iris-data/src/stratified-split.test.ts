import { describe, expect, test } from 'vitest';
import { irisLabels } from './iris.js';
import { stratifiedSplit, type SplitFractions } from './stratified-split.js';

const sixtyTwentyTwenty: SplitFractions = { train: 0.6, validation: 0.2, test: 0.2 };

function countByClass(indices: readonly number[], labels: readonly (number | string)[]): Map<number | string, number> {
  const counts = new Map<number | string, number>();
  for (const index of indices) counts.set(labels[index]!, (counts.get(labels[index]!) ?? 0) + 1);
  return counts;
}

describe('stratifiedSplit on Iris', () => {
  test('splits every class 30 / 10 / 10 for 0.6 / 0.2 / 0.2', () => {
    const split = stratifiedSplit({ labels: irisLabels, fractions: sixtyTwentyTwenty, seed: 42 });
    expect(split.train).toHaveLength(90);
    expect(split.validation).toHaveLength(30);
    expect(split.test).toHaveLength(30);
    for (const [set, perClass] of [
      [split.train, 30],
      [split.validation, 10],
      [split.test, 10],
    ] as const) {
      expect(countByClass(set, irisLabels)).toEqual(
        new Map([
          [0, perClass],
          [1, perClass],
          [2, perClass],
        ]),
      );
    }
  });

  test('splits every class 35 / 8 / 7 for 0.7 / 0.15 / 0.15 (largest remainders, ties to the earlier set)', () => {
    const split = stratifiedSplit({ labels: irisLabels, fractions: { train: 0.7, validation: 0.15, test: 0.15 }, seed: 3 });
    expect(countByClass(split.train, irisLabels)).toEqual(new Map([[0, 35], [1, 35], [2, 35]]));
    expect(countByClass(split.validation, irisLabels)).toEqual(new Map([[0, 8], [1, 8], [2, 8]]));
    expect(countByClass(split.test, irisLabels)).toEqual(new Map([[0, 7], [1, 7], [2, 7]]));
  });

  test('returns disjoint, ascending index sets that together cover every row once', () => {
    const { train, validation, test: testSet } = stratifiedSplit({ labels: irisLabels, fractions: sixtyTwentyTwenty, seed: 9 });
    const all = [...train, ...validation, ...testSet].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 150 }, (_, index) => index));
    for (const set of [train, validation, testSet]) expect(set).toEqual([...set].sort((a, b) => a - b));
  });

  test('is deterministic for a seed', () => {
    const first = stratifiedSplit({ labels: irisLabels, fractions: sixtyTwentyTwenty, seed: 2024 });
    const second = stratifiedSplit({ labels: irisLabels, fractions: sixtyTwentyTwenty, seed: 2024 });
    expect(second).toEqual(first);
  });

  test('gives different splits for different seeds', () => {
    const splits = [1, 2, 3].map((seed) => stratifiedSplit({ labels: irisLabels, fractions: sixtyTwentyTwenty, seed }));
    expect(splits[0]!.train).not.toEqual(splits[1]!.train);
    expect(splits[1]!.train).not.toEqual(splits[2]!.train);
    expect(splits[0]!.test).not.toEqual(splits[2]!.test);
  });

  test('pins the split for seed 42, so a change of PRNG or algorithm is noticed', () => {
    const { test: testSet } = stratifiedSplit({ labels: irisLabels, fractions: sixtyTwentyTwenty, seed: 42 });
    expect(testSet).toMatchInlineSnapshot(`
      [
        8,
        12,
        19,
        21,
        23,
        26,
        30,
        31,
        36,
        40,
        53,
        64,
        68,
        81,
        88,
        90,
        91,
        96,
        97,
        98,
        104,
        106,
        108,
        109,
        116,
        123,
        130,
        131,
        139,
        144,
      ]
    `);
  });
});

describe('stratifiedSplit edge cases', () => {
  test('sends everything to one set when its fraction is 1', () => {
    const split = stratifiedSplit({ labels: ['a', 'b', 'a'], fractions: { train: 0, validation: 0, test: 1 }, seed: 0 });
    expect(split).toEqual({ train: [], validation: [], test: [0, 1, 2] });
  });

  test('returns empty sets for no labels', () => {
    expect(stratifiedSplit({ labels: [], fractions: sixtyTwentyTwenty, seed: 0 })).toEqual({ train: [], validation: [], test: [] });
  });

  test('groups string labels and keeps tiny classes whole in the largest share', () => {
    const split = stratifiedSplit({ labels: ['x', 'y', 'y'], fractions: { train: 0.5, validation: 0.25, test: 0.25 }, seed: 5 });
    expect(countByClass(split.train, ['x', 'y', 'y'])).toEqual(new Map([['x', 1], ['y', 1]]));
    expect(split.validation.length + split.test.length).toBe(1);
  });

  test('accepts fractions whose sum is 1 up to rounding', () => {
    expect(() => stratifiedSplit({ labels: irisLabels, fractions: { train: 1 / 3, validation: 1 / 3, test: 1 / 3 }, seed: 1 })).not.toThrow();
    expect(() => stratifiedSplit({ labels: irisLabels, fractions: { train: 0.1, validation: 0.2, test: 0.7 }, seed: 1 })).not.toThrow();
  });
});

describe('stratifiedSplit rejects bad input', () => {
  const labels = [0, 1, 0, 1];

  test.each([
    [{ train: -0.1, validation: 0.6, test: 0.5 }, /fractions\.train must be a finite number >= 0, got -0\.1/],
    [{ train: 0.5, validation: Number.NaN, test: 0.5 }, /fractions\.validation must be a finite number >= 0, got NaN/],
    [{ train: 0.5, validation: 0.5, test: Number.POSITIVE_INFINITY }, /fractions\.test must be a finite number >= 0/],
    [{ train: 0.6, validation: 0.3, test: 0.3 }, /fractions must sum to 1, got 0\.6 \+ 0\.3 \+ 0\.3/],
    [{ train: 0.5, validation: 0.2, test: 0.2 }, /fractions must sum to 1/],
    [{ train: 0, validation: 0, test: 0 }, /fractions must sum to 1/],
  ])('fractions %o', (fractions, message) => {
    expect(() => stratifiedSplit({ labels, fractions, seed: 1 })).toThrow(RangeError);
    expect(() => stratifiedSplit({ labels, fractions, seed: 1 })).toThrow(message);
  });

  test('a fraction that is not a number', () => {
    const fractions = { train: '0.5', validation: 0.25, test: 0.25 } as unknown as SplitFractions;
    expect(() => stratifiedSplit({ labels, fractions, seed: 1 })).toThrow(/fractions\.train must be a finite number >= 0, got 0\.5/);
  });

  test('a missing fractions object', () => {
    expect(() => stratifiedSplit({ labels, fractions: undefined as unknown as SplitFractions, seed: 1 })).toThrow(TypeError);
  });

  test('a seed that is not a safe integer', () => {
    expect(() => stratifiedSplit({ labels, fractions: sixtyTwentyTwenty, seed: 0.5 })).toThrow(/seed must be a safe integer, got 0\.5/);
  });
});
