import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { stratifiedSplit, type SplitFractions } from './stratified-split.js';

/** Labels drawn from a few numbers and strings, so classes repeat and some are tiny. */
const labelsArbitrary = fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom('a', 'b', 'c')), { maxLength: 120 });

/** Valid fractions: three non-negative weights, not all zero, normalised (their float sum may be 1 ± rounding). */
const fractionsArbitrary: fc.Arbitrary<SplitFractions> = fc
  .tuple(fc.nat({ max: 1000 }), fc.nat({ max: 1000 }), fc.nat({ max: 1000 }))
  .filter(([a, b, c]) => a + b + c > 0)
  .map(([a, b, c]) => ({ train: a / (a + b + c), validation: b / (a + b + c), test: c / (a + b + c) }));

const seedArbitrary = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });

function classSizes(indices: readonly number[], labels: readonly (number | string)[]): Map<number | string, number> {
  const sizes = new Map<number | string, number>();
  for (const index of indices) sizes.set(labels[index]!, (sizes.get(labels[index]!) ?? 0) + 1);
  return sizes;
}

describe('stratifiedSplit properties', () => {
  test.prop([labelsArbitrary, fractionsArbitrary, seedArbitrary])(
    'the three sets are disjoint, ascending, and cover every index once',
    (labels, fractions, seed) => {
      const { train, validation, test: testSet } = stratifiedSplit({ labels, fractions, seed });
      const all = [...train, ...validation, ...testSet].sort((a, b) => a - b);
      expect(all).toEqual(labels.map((_, index) => index));
      for (const set of [train, validation, testSet]) {
        for (let i = 1; i < set.length; i += 1) expect(set[i]!).toBeGreaterThan(set[i - 1]!);
      }
    },
  );

  test.prop([labelsArbitrary, fractionsArbitrary, seedArbitrary])(
    'each class is shared out in proportion: within 1 row of size × fraction, none for a zero fraction',
    (labels, fractions, seed) => {
      const split = stratifiedSplit({ labels, fractions, seed });
      const totals = classSizes(labels.map((_, index) => index), labels);
      for (const name of ['train', 'validation', 'test'] as const) {
        const sizes = classSizes(split[name], labels);
        for (const [label, total] of totals) {
          const size = sizes.get(label) ?? 0;
          expect(Math.abs(size - total * fractions[name])).toBeLessThan(1);
          if (fractions[name] === 0) expect(size).toBe(0);
        }
      }
    },
  );

  test.prop([labelsArbitrary, fractionsArbitrary, seedArbitrary])('the same seed gives the same split', (labels, fractions, seed) => {
    expect(stratifiedSplit({ labels, fractions, seed })).toEqual(stratifiedSplit({ labels, fractions, seed }));
  });

  test.prop([
    labelsArbitrary,
    fc.record({ train: fc.double(), validation: fc.double(), test: fc.double() }).filter(
      ({ train, validation, test }) =>
        ![train, validation, test].every((value) => Number.isFinite(value) && value >= 0) ||
        Math.abs(train + validation + test - 1) > 1e-9,
    ),
    seedArbitrary,
  ])('fractions that are negative, not finite or do not sum to 1 are rejected', (labels, fractions, seed) => {
    expect(() => stratifiedSplit({ labels, fractions, seed })).toThrow(RangeError);
  });
});
