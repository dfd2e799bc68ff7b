import { mulberry32 } from './mulberry32.js';

/**
 * Shares of a dataset for {@link stratifiedSplit}: three finite numbers `>= 0` that sum to 1 (within `1e-9`).
 *
 * @example
 * ```ts
 * import type { SplitFractions } from '@anneal/iris-data';
 * const fractions: SplitFractions = { train: 0.7, validation: 0.15, test: 0.15 };
 * ```
 */
export interface SplitFractions {
  /** Share of each class that goes to the training set. */
  readonly train: number;
  /** Share of each class that goes to the validation set. */
  readonly validation: number;
  /** Share of each class that goes to the test set. */
  readonly test: number;
}

/**
 * Options of {@link stratifiedSplit}.
 *
 * @example
 * ```ts
 * import { irisLabels, type StratifiedSplitOptions } from '@anneal/iris-data';
 * const options: StratifiedSplitOptions = {
 *   labels: irisLabels,
 *   fractions: { train: 0.6, validation: 0.2, test: 0.2 },
 *   seed: 7,
 * };
 * ```
 */
export interface StratifiedSplitOptions {
  /** The class of each row; rows are grouped by SameValueZero equality (as in a `Map`). */
  readonly labels: readonly (number | string)[];
  /** How to share out each class between the three sets. */
  readonly fractions: SplitFractions;
  /** Seed of the shuffle: the same seed gives the same split. Any safe integer (reduced modulo 2^32). */
  readonly seed: number;
}

/**
 * Row indices of each set, from {@link stratifiedSplit}: disjoint, together covering every row once, each in
 * ascending order.
 *
 * @example
 * ```ts
 * import { irisLabels, stratifiedSplit, type SplitIndices } from '@anneal/iris-data';
 * const split: SplitIndices = stratifiedSplit({ labels: irisLabels, fractions: { train: 0.8, validation: 0, test: 0.2 }, seed: 1 });
 * split.train.length; // 120
 * ```
 */
export interface SplitIndices {
  /** Indices of the training rows, ascending. */
  readonly train: number[];
  /** Indices of the validation rows, ascending. */
  readonly validation: number[];
  /** Indices of the test rows, ascending. */
  readonly test: number[];
}

const SUM_TOLERANCE = 1e-9;
const SPLITS = ['train', 'validation', 'test'] as const;

function checkFractions(fractions: SplitFractions): readonly [number, number, number] {
  if (typeof fractions !== 'object' || fractions === null) {
    throw new TypeError(`stratifiedSplit: fractions must be an object { train, validation, test }, got ${String(fractions)}`);
  }
  const values = SPLITS.map((name) => {
    const value: unknown = fractions[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`stratifiedSplit: fractions.${name} must be a finite number >= 0, got ${String(value)}`);
    }
    return value;
  });
  const [train, validation, test] = values as [number, number, number];
  const sum = train + validation + test;
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    throw new RangeError(
      `stratifiedSplit: fractions must sum to 1, got ${train} + ${validation} + ${test} = ${sum} (train + validation + test)`,
    );
  }
  return [train / sum, validation / sum, test / sum];
}

/**
 * Splits `count` items by largest remainders: each share is within 1 of `count * fraction`, the shares sum to
 * `count`, and a zero fraction always gets zero items. Ties go to train, then validation, then test.
 */
function allocate(count: number, fractions: readonly [number, number, number]): [number, number, number] {
  const exact = fractions.map((fraction) => count * fraction);
  const sizes = exact.map((value) => Math.floor(value)) as [number, number, number];
  let left = count - sizes[0] - sizes[1] - sizes[2];
  const byRemainder = [0, 1, 2]
    .filter((split) => fractions[split]! > 0)
    .sort((a, b) => exact[b]! - sizes[b]! - (exact[a]! - sizes[a]!) || a - b);
  for (const split of byRemainder) {
    if (left <= 0) break;
    sizes[split as 0 | 1 | 2] += 1;
    left -= 1;
  }
  return sizes;
}

/**
 * Splits rows into train, validation and test sets so that every class is shared out in the given proportions
 * (stratification). Within each class the rows are shuffled with a seeded PRNG ({@link mulberry32}), so a split is
 * reproducible: the same labels, fractions and seed always give the same indices, in any JavaScript engine.
 *
 * Each class of `n` rows sends `floor(n * fraction)` or one more row to each set (largest remainders), so per
 * class and set the count is within 1 of `n * fraction`, and a set with fraction 0 is empty.
 *
 * @returns Row indices of each set, disjoint, together covering `0 .. labels.length - 1`, each ascending.
 * @throws RangeError when a fraction is negative or not finite, when the fractions do not sum to 1 (within
 * `1e-9`), or when `seed` is not a safe integer.
 *
 * @example
 * ```ts
 * import { irisFeatures, irisLabels, stratifiedSplit } from '@anneal/iris-data';
 * const { train, validation, test } = stratifiedSplit({
 *   labels: irisLabels,
 *   fractions: { train: 0.6, validation: 0.2, test: 0.2 },
 *   seed: 42,
 * });
 * // 30 + 10 + 10 rows of each species: 90, 30 and 30 rows.
 * const trainX = train.map((index) => irisFeatures[index]!);
 * ```
 */
export function stratifiedSplit(options: StratifiedSplitOptions): SplitIndices {
  const { labels, seed } = options;
  const fractions = checkFractions(options.fractions);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`stratifiedSplit: seed must be a safe integer, got ${String(seed)}`);
  const random = mulberry32(seed);

  const classes = new Map<number | string, number[]>();
  labels.forEach((label, index) => {
    const members = classes.get(label);
    if (members === undefined) classes.set(label, [index]);
    else members.push(index);
  });

  const sets: [number[], number[], number[]] = [[], [], []];
  // Classes in order of first appearance; the PRNG stream runs through them in that order.
  for (const members of classes.values()) {
    for (let i = members.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    const [trainSize, validationSize] = allocate(members.length, fractions);
    sets[0].push(...members.slice(0, trainSize));
    sets[1].push(...members.slice(trainSize, trainSize + validationSize));
    sets[2].push(...members.slice(trainSize + validationSize));
  }
  for (const set of sets) set.sort((a, b) => a - b);
  return { train: sets[0], validation: sets[1], test: sets[2] };
}
