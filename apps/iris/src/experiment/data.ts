import { IRIS_CLASS_NAMES, irisFeatures, irisLabels, mulberry32, oneHot, stratifiedSplit } from '@anneal/iris-data';

/** Rows of one part of the split: features, one-hot targets and integer labels. */
export interface IrisPart {
  readonly x: number[][];
  readonly y: number[][];
  readonly labels: number[];
}

/** The three parts the experiment uses. */
export interface IrisData {
  readonly train: IrisPart;
  readonly validation: IrisPart;
  readonly test: IrisPart;
}

/** The split's seed: the article's `np.random.seed(7)`. Fixed, so that every run is tested on the same rows. */
export const SPLIT_SEED = 7;

/** 70 % train, 15 % validation (so that `val_acc` exists), 15 % test, in every class. */
export const SPLIT_FRACTIONS = { train: 0.7, validation: 0.15, test: 0.15 } as const;

/** The class names, for the confusion matrix. */
export const CLASS_NAMES: readonly string[] = IRIS_CLASS_NAMES;

function part(indices: readonly number[]): IrisPart {
  const labels = indices.map((index) => irisLabels[index] as number);
  return {
    x: indices.map((index) => [...(irisFeatures[index] as readonly number[])]),
    y: oneHot({ labels, classes: 3 }),
    labels,
  };
}

/**
 * Fisher's 150 iris rows, split 70/15/15 by class (seed 7), with the training rows shuffled once by `seed`: the split
 * lists each class in turn, and both runtimes then train with `shuffle: false`, so a run is reproducible (tfjs's own
 * shuffle is not seeded).
 *
 * @example
 * ```ts
 * import { irisData } from './data.js';
 * const { train, validation, test } = irisData(7);
 * train.x.length; // 105
 * ```
 */
export function irisData(seed: number): IrisData {
  const split = stratifiedSplit({ labels: irisLabels, fractions: SPLIT_FRACTIONS, seed: SPLIT_SEED });
  const order = [...split.train];
  const random = mulberry32(seed);
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  return { train: part(order), validation: part(split.validation), test: part(split.test) };
}

/**
 * Optimizer steps per epoch for a batch size: both runtimes run a last, smaller batch when the rows do not divide.
 *
 * @example
 * ```ts
 * import { stepsPerEpoch } from './data.js';
 * stepsPerEpoch(5); // 21
 * ```
 */
export function stepsPerEpoch(batchSize: number): number {
  const rows = stratifiedSplit({ labels: irisLabels, fractions: SPLIT_FRACTIONS, seed: SPLIT_SEED }).train.length;
  return Math.ceil(rows / batchSize);
}

/** A confusion matrix: `counts[actual][predicted]`. */
export interface Confusion {
  readonly classes: readonly string[];
  readonly counts: number[][];
  readonly accuracy: number;
}

/**
 * The confusion matrix and accuracy of predicted class probabilities against labels (the arg-max of each row).
 *
 * @example
 * ```ts
 * import { confusion } from './data.js';
 * confusion([[0.9, 0.1, 0], [0.2, 0.3, 0.5]], [0, 1]).accuracy; // 0.5
 * ```
 */
export function confusion(predictions: readonly (readonly number[])[], labels: readonly number[]): Confusion {
  const counts = CLASS_NAMES.map(() => CLASS_NAMES.map(() => 0));
  let correct = 0;
  predictions.forEach((row, index) => {
    let best = 0;
    for (let column = 1; column < row.length; column++) if ((row[column] as number) > (row[best] as number)) best = column;
    const actual = labels[index] as number;
    (counts[actual] as number[])[best] = ((counts[actual] as number[])[best] as number) + 1;
    if (best === actual) correct++;
  });
  return { classes: CLASS_NAMES, counts, accuracy: labels.length === 0 ? Number.NaN : correct / labels.length };
}
