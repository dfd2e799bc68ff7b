/**
 * Options of {@link oneHot}.
 *
 * @example
 * ```ts
 * import { irisLabels, type OneHotOptions } from '@anneal/iris-data';
 * const byCount: OneHotOptions = { labels: irisLabels, classes: 3 };
 * const byName: OneHotOptions = { labels: ['cat', 'dog'], classes: ['cat', 'dog', 'bird'] };
 * ```
 */
export interface OneHotOptions {
  /** The class of each row. With a numeric `classes`, integers in `[0, classes)`; otherwise members of `classes`. */
  readonly labels: readonly (number | string)[];
  /**
   * Either the number of classes (labels are class indices), or the list of classes (a label's column is its
   * position in the list, by SameValueZero equality).
   */
  readonly classes: number | readonly (number | string)[];
}

/**
 * One-hot encodes labels: row `i` is all zeros except a 1 in the column of `labels[i]`'s class.
 *
 * @returns A new `labels.length` × (number of classes) array of 0s and 1s.
 * @throws RangeError when `classes` is not a positive integer or an array of distinct values, or when a label is
 * not one of the classes.
 *
 * @example
 * ```ts
 * import { oneHot } from '@anneal/iris-data';
 * oneHot({ labels: [0, 2, 1], classes: 3 }); // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * oneHot({ labels: ['dog'], classes: ['cat', 'dog'] }); // [[0, 1]]
 * ```
 */
export function oneHot(options: OneHotOptions): number[][] {
  const { labels, classes } = options;
  const columns = new Map<number | string, number>();
  let width: number;
  if (typeof classes === 'number') {
    if (!Number.isSafeInteger(classes) || classes < 1) {
      throw new RangeError(`oneHot: classes must be a positive integer or an array of classes, got ${String(classes)}`);
    }
    width = classes;
    for (let k = 0; k < classes; k += 1) columns.set(k, k);
  } else {
    if (!Array.isArray(classes) || classes.length === 0) {
      throw new RangeError('oneHot: classes must be a positive integer or a non-empty array of classes');
    }
    width = classes.length;
    classes.forEach((name, k) => {
      if (columns.has(name)) throw new RangeError(`oneHot: classes lists ${JSON.stringify(name)} twice`);
      columns.set(name, k);
    });
  }
  return labels.map((label, index) => {
    const column = columns.get(label);
    if (column === undefined) {
      const known = typeof classes === 'number' ? `an integer in [0, ${classes})` : `one of ${JSON.stringify(classes)}`;
      throw new RangeError(`oneHot: labels[${index}] is ${JSON.stringify(label)}, expected ${known}`);
    }
    const row = new Array<number>(width).fill(0);
    row[column] = 1;
    return row;
  });
}
