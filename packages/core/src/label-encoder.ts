import { InvalidOptionError } from './errors.js';
import { readOptions } from './internal/options.js';

/**
 * Options of {@link labelEncoder}.
 *
 * @example
 * ```ts
 * import type { LabelEncoderOptions } from '@anneal/core';
 * const options: LabelEncoderOptions<string> = { labels: ['virginica', 'setosa', 'setosa'] };
 * ```
 */
export interface LabelEncoderOptions<Label extends string | number> {
  /** The training labels, repeats allowed: all strings or all finite numbers. */
  readonly labels: readonly Label[];
}

/**
 * Class labels ⇄ class indices, as scikit-learn's `LabelEncoder` and `KerasClassifier` keep them: the classes are
 * the distinct labels, sorted (numbers numerically, strings by UTF-16 code unit), and a label's index is its place
 * in that list.
 *
 * @example
 * ```ts
 * import { labelEncoder, type LabelEncoder } from '@anneal/core';
 * const encoder: LabelEncoder<string> = labelEncoder({ labels: ['b', 'a', 'b'] });
 * encoder.decodeProbabilities([[0.2, 0.8]]); // ['b']
 * ```
 */
export interface LabelEncoder<Label extends string | number> {
  /** The distinct labels, sorted: index `i` is class `i` (scikit-learn's `classes_`). */
  readonly classes: readonly Label[];
  /** The class index of every label; a label not among `classes` is an `InvalidOptionError`. */
  encode(labels: readonly Label[]): number[];
  /** The label of every class index. */
  decode(indices: readonly number[]): Label[];
  /**
   * The predicted label of every row of model outputs: the class of the largest value (the first one on a tie, as
   * numpy's `argmax`), or — for a single column, a sigmoid's P(`classes[1]`) — `classes[1]` above 0.5, as Keras.
   */
  decodeProbabilities(rows: readonly (readonly number[])[]): Label[];
}

/**
 * Builds the {@link LabelEncoder} of a set of training labels: what the estimators of `@anneal/tfjs` and
 * `@anneal/onnxruntime-web` use to accept labels of any type and give them back from `predict`.
 *
 * @example
 * ```ts
 * import { labelEncoder } from '@anneal/core';
 * const encoder = labelEncoder({ labels: ['versicolor', 'setosa', 'virginica', 'setosa'] });
 * encoder.classes; // ['setosa', 'versicolor', 'virginica']
 * encoder.encode(['virginica', 'setosa']); // [2, 0]
 * encoder.decode([1]); // ['versicolor']
 * ```
 */
export function labelEncoder<Label extends string | number>(options: LabelEncoderOptions<Label>): LabelEncoder<Label> {
  const source = 'labelEncoder';
  const labels = readOptions(source, options, ['labels']).input['labels'];
  if (!Array.isArray(labels) || labels.length === 0) throw new InvalidOptionError(source, 'labels', labels, 'must be a non-empty array');
  const kind = typeof labels[0];
  labels.forEach((label: unknown, index) => {
    if (typeof label !== kind || (kind === 'number' ? !Number.isFinite(label) : kind !== 'string')) {
      throw new InvalidOptionError(source, `labels[${index}]`, label, "must be a string or a finite number, of labels[0]'s type");
    }
  });
  const classes = [...new Set(labels as Label[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const indexOf = new Map(classes.map((label, index) => [label, index]));
  const decode = (indices: readonly number[]): Label[] =>
    indices.map((index, position) => {
      const label = classes[index];
      if (label === undefined || !Number.isInteger(index)) {
        throw new InvalidOptionError('decode', `indices[${position}]`, index, `must be an integer in [0, ${classes.length - 1}]`);
      }
      return label;
    });
  return {
    classes,
    encode: (values) =>
      values.map((label, position) => {
        const index = indexOf.get(label);
        if (index === undefined) throw new InvalidOptionError('encode', `labels[${position}]`, label, `must be one of the classes (${classes.join(', ')})`);
        return index;
      }),
    decode,
    decodeProbabilities: (rows) =>
      decode(
        rows.map((row) => {
          if (row.length === 1 && classes.length === 2) return (row[0] as number) > 0.5 ? 1 : 0;
          if (row.length !== classes.length) {
            throw new InvalidOptionError('decodeProbabilities', 'rows', row, `must hold one value per class (${classes.length}), or one for two classes`);
          }
          let best = 0;
          for (let index = 1; index < row.length; index++) if ((row[index] as number) > (row[best] as number)) best = index;
          return best;
        }),
      ),
  };
}
