import {
  checkOptionKeys,
  EventOrderError,
  InvalidOptionError,
  labelEncoder,
  type Callback,
  type CheckpointRequest,
  type ConflictPolicy,
  type LabelEncoder,
  type ProgressListener,
  type Schedule,
} from '@anneal/core';
import * as tf from '@tensorflow/tfjs';
import { fitCallback, type FitCallbackOptions } from './fit-callback.js';

/**
 * Samples for {@link Classifier}: a `[samples, features]` tensor or rows of numbers.
 *
 * @example
 * ```ts
 * import type { Features } from '@anneal/tfjs';
 * const x: Features = [[5.1, 3.5, 1.4, 0.2], [6.3, 3.3, 6.0, 2.5]];
 * ```
 */
export type Features = tf.Tensor2D | readonly (readonly number[])[];

/**
 * Targets for {@link Classifier}: one label per sample (numbers or strings), or a tensor of labels (`[samples]`,
 * `[samples, 1]`) or of one-hot rows (`[samples, classes]`, whose classes are then `0 … classes − 1`).
 *
 * @example
 * ```ts
 * import type { ClassLabels } from '@anneal/tfjs';
 * const y: ClassLabels<string> = ['setosa', 'virginica'];
 * ```
 */
export type ClassLabels<Label extends string | number> = readonly Label[] | tf.Tensor;

/**
 * Options of {@link classifier}: scikit-learn's `KerasClassifier(build_fn, **fit_params)` with `fit`'s arguments in
 * camelCase, and `fitCallback`'s.
 *
 * @example
 * ```ts
 * import { reduceLROnPlateau } from '@anneal/core';
 * import type { ClassifierOptions } from '@anneal/tfjs';
 * const options: ClassifierOptions<number> = { model: createModel, epochs: 200, batchSize: 5, callbacks: [reduceLROnPlateau({ monitor: 'loss' })] };
 * ```
 */
export interface ClassifierOptions<Label extends string | number> {
  /** Builds a new compiled model (`build_fn`): `fit` calls it every time, as `KerasClassifier` does. */
  readonly model: () => tf.LayersModel;
  /** Default 1, as Keras's `fit`. */
  readonly epochs?: number;
  /** Default 32. */
  readonly batchSize?: number;
  /** `1` or `2`: one line per epoch through `log` (unless a `progress` listener displays it); `0`: silent. Default 1. */
  readonly verbose?: 0 | 1 | 2;
  /** anneal callbacks, run by `fitCallback`. */
  readonly callbacks?: readonly Callback[];
  readonly validationSplit?: number;
  /** Validation samples and labels, in the same forms as `fit`'s. */
  readonly validationData?: readonly [Features, ClassLabels<Label>];
  /** Default `true`. */
  readonly shuffle?: boolean;
  readonly conflict?: ConflictPolicy;
  /** `fitCallback`'s "in the optimizer" rate. */
  readonly learningRate?: number | Schedule;
  /**
   * Where a `modelCheckpoint` save goes, passed to `fitCallback` (see {@link FitCallbackOptions.checkpointHandler}):
   * a URL `model.save` understands or an IO handler, per request. Default: the callback's `filepath`, with `{epoch}`
   * and log keys filled in as Keras does.
   */
  readonly checkpointHandler?: (request: CheckpointRequest) => string | tf.io.IOHandler;
  /** Verbose lines. Default `console.log`. */
  readonly log?: (message: string) => void;
  /** Warnings. Default `console.warn`. */
  readonly warn?: (message: string) => void;
  /** Training progress, passed to `fitCallback`'s `progress`. */
  readonly progress?: ProgressListener;
}

/**
 * A scikit-learn-style classifier over a tfjs model: `fit` encodes the labels (remembering the classes), builds a new
 * model and trains it; `predict` answers in the same labels.
 *
 * @example
 * ```ts
 * import { classifier, type Classifier } from '@anneal/tfjs';
 * const estimator: Classifier<string> = classifier<string>({ model: createModel, epochs: 50, batchSize: 5, verbose: 0 });
 * await estimator.fit(x, ['setosa', 'virginica', 'versicolor']);
 * await estimator.predict(x); // ['setosa', …]
 * ```
 */
export interface Classifier<Label extends string | number> {
  /**
   * Builds a new model with `options.model`, remembers the classes of `y`, and trains with `model.fit` and a
   * `fitCallback` carrying the options' callbacks; the previous model is disposed once the new one has trained.
   * Resolves to the fit's history. A fit that throws disposes its own model and leaves the classifier as it was.
   */
  fit(x: Features, y: ClassLabels<Label>): Promise<tf.History>;
  /** The label of every sample (the most probable class). */
  predict(x: Features): Promise<Label[]>;
  /** Per sample, the probability of every class in `classes` order (a single sigmoid output gives `[1 − p, p]`). */
  predictProba(x: Features): Promise<number[][]>;
  /** Accuracy: the share of samples whose predicted label equals the given one (scikit-learn's `score`). */
  score(x: Features, y: ClassLabels<Label>): Promise<number>;
  /** The labels seen by the last `fit`, sorted (scikit-learn's `classes_`); empty before it. */
  readonly classes: readonly Label[];
  /** The model the last `fit` built and trained, or `null`. */
  readonly model: tf.LayersModel | null;
  /** The history of the last `fit`, or `null`. */
  readonly history: tf.History | null;
  /** Disposes the model. */
  dispose(): void;
}

const KEYS = ['model', 'epochs', 'batchSize', 'verbose', 'callbacks', 'validationSplit', 'validationData', 'shuffle', 'conflict', 'learningRate', 'checkpointHandler', 'log', 'warn', 'progress'];

/**
 * scikit-learn's `KerasClassifier` for tfjs: give it a function that builds a compiled model and Keras's `fit`
 * arguments; `fit(x, y)` takes integer or string labels (one-hot encoding is done for you) and builds a fresh model
 * on every call, as `KerasClassifier` does. The learning rates follow the same rules as `model.fit` with
 * `fitCallback`: the same options give the same `history.history['learningRate']`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { learningRateScheduler, modelCheckpoint, stepDecay } from '@anneal/core';
 * import { classifier } from '@anneal/tfjs';
 * // KerasClassifier(build_fn=create_model, epochs=200, batch_size=5, verbose=1, callbacks=[checkpoint, lr_callback])
 * const model = classifier({ model: createModel, epochs: 200, batchSize: 5, verbose: 1, callbacks: [modelCheckpoint({ filepath: 'indexeddb://iris', monitor: 'acc', mode: 'max', saveBestOnly: true }), learningRateScheduler(stepDecay({ initialLearningRate: 0.1, drop: 0.5, epochsDrop: 10 }))] });
 * await model.fit(X, Y); // Y: integer class labels
 * await model.score(X, Y);
 * ```
 */
export function classifier<Label extends string | number = number>(options: ClassifierOptions<Label>): Classifier<Label> {
  const source = 'classifier';
  checkOptionKeys({ source, options, validKeys: KEYS });
  if (typeof options.model !== 'function') throw new InvalidOptionError(source, 'model', options.model, 'must be a function that builds a compiled tf.LayersModel');
  const verbose = options.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new InvalidOptionError(source, 'verbose', verbose, 'must be 0, 1 or 2');
  let encoder: LabelEncoder<Label> | null = null;
  let model: tf.LayersModel | null = null;
  let history: tf.History | null = null;

  const fitted = (method: string): { encoder: LabelEncoder<Label>; model: tf.LayersModel } => {
    if (encoder === null || model === null) throw new EventOrderError(method, 'call fit first: the classifier has no model and no classes yet');
    return { encoder, model };
  };

  const probabilities = async (x: Features): Promise<number[][]> => {
    const { model: current } = fitted('predictProba');
    const input = features('predictProba', x);
    try {
      const output = current.predict(input.tensor) as tf.Tensor;
      const rows = (await output.array()) as number[][];
      output.dispose();
      return rows;
    } finally {
      if (input.owned) input.tensor.dispose();
    }
  };

  return {
    get classes() {
      return encoder?.classes ?? [];
    },
    get model() {
      return model;
    },
    get history() {
      return history;
    },
    async fit(x, y) {
      const { labels, classes } = await readLabels('fit', y);
      const next = labelEncoder<Label>({ labels: classes ?? labels });
      const built = options.model();
      if (typeof built?.fit !== 'function' || built.optimizer == null) {
        throw new InvalidOptionError(source, 'model', built, 'must return a compiled tf.LayersModel (call model.compile in the factory, as build_fn does)');
      }
      const owned: tf.Tensor[] = [];
      let trained = false;
      try {
        const input = features('fit', x);
        if (input.owned) owned.push(input.tensor);
        const target = targets(built, next, labels, input.tensor.shape[0]);
        owned.push(target);
        let validationData: [tf.Tensor, tf.Tensor] | undefined;
        if (options.validationData !== undefined) {
          const [vx, vy] = options.validationData;
          const validationInput = features('fit', vx);
          if (validationInput.owned) owned.push(validationInput.tensor);
          const validationTarget = targets(built, next, (await readLabels('fit', vy)).labels, validationInput.tensor.shape[0]);
          owned.push(validationTarget);
          validationData = [validationInput.tensor, validationTarget];
        }
        const epochs = options.epochs ?? 1;
        const callback = fitCallback(fitCallbackOptions(options, verbose === 0 || options.progress !== undefined ? [] : [epochLine(epochs)]));
        const fitted = await built.fit(input.tensor, target, {
          epochs,
          batchSize: options.batchSize ?? 32,
          shuffle: options.shuffle ?? true,
          verbose: 0,
          callbacks: [callback],
          ...(options.validationSplit === undefined ? {} : { validationSplit: options.validationSplit }),
          ...(validationData === undefined ? {} : { validationData }),
        });
        model?.dispose();
        model = built;
        encoder = next;
        history = fitted;
        trained = true;
        return history;
      } finally {
        tf.dispose(owned);
        // A fit that throws (bad labels or data, a failing callback) leaves the classifier as it was, and no weights.
        if (!trained) built.dispose();
      }
    },
    async predict(x) {
      const rows = await probabilities(x);
      return fitted('predict').encoder.decodeProbabilities(rows);
    },
    async predictProba(x) {
      const rows = await probabilities(x);
      return rows.map((row) => (row.length === 1 ? [1 - (row[0] as number), row[0] as number] : row));
    },
    async score(x, y) {
      const predicted = await this.predict(x);
      const { labels } = await readLabels('score', y);
      if (labels.length !== predicted.length) throw new InvalidOptionError('score', 'y', labels.length, `must hold one label per sample (${predicted.length})`);
      return predicted.filter((label, index) => label === labels[index]).length / predicted.length;
    },
    dispose() {
      model?.dispose();
      model = null;
    },
  };
}

/** fitCallback's options from the classifier's, `progress` passed through (when fitCallback has the option). */
function fitCallbackOptions<Label extends string | number>(options: ClassifierOptions<Label>, extra: readonly Callback[]): FitCallbackOptions {
  const passed: Record<string, unknown> = { callbacks: [...(options.callbacks ?? []), ...extra] };
  for (const key of ['learningRate', 'conflict', 'checkpointHandler', 'log', 'warn', 'progress'] as const) {
    if (options[key] !== undefined) passed[key] = options[key];
  }
  return passed as FitCallbackOptions;
}

/** Keras's `verbose` epoch line, as an anneal callback message so that it goes through the same `log`. */
function epochLine(epochs: number): Callback<null> {
  const format = (value: number): string => (Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(4) : value.toExponential(4));
  return {
    name: 'verbose',
    setsLearningRate: false,
    initialState: null,
    // The epoch logs hold `learningRate` as the history records it: the rate in force before this epoch's callbacks.
    onEpochEnd: (_state, { epoch, logs }) => ({
      messages: [[`Epoch ${epoch + 1}/${epochs}`, ...Object.entries(logs).map(([key, value]) => `${key}: ${format(value)}`)].join(' - ')],
    }),
  };
}

function features(source: string, x: Features): { tensor: tf.Tensor; owned: boolean } {
  if (x instanceof tf.Tensor) return { tensor: x, owned: false };
  if (!Array.isArray(x) || x.length === 0) throw new InvalidOptionError(source, 'x', x, 'must be a 2-D tensor or a non-empty array of rows of numbers');
  return { tensor: tf.tensor2d(x as number[][]), owned: true };
}

/**
 * The labels of `y`; for one-hot rows, their column indices and the classes `0 … width − 1` (as `KerasClassifier`
 * does for a 2-D `y`).
 */
async function readLabels<Label>(source: string, y: ClassLabels<Label & (string | number)>): Promise<{ labels: Label[]; classes?: Label[] }> {
  if (!(y instanceof tf.Tensor)) {
    if (!Array.isArray(y)) throw new InvalidOptionError(source, 'y', y, 'must be an array of labels or a tensor');
    return { labels: [...y] as Label[] };
  }
  const width = y.rank === 2 ? (y.shape[1] as number) : 1;
  if (y.rank > 2 || y.rank === 0) throw new InvalidOptionError(source, 'y', y.shape, 'must be a tensor of shape [samples], [samples, 1] or [samples, classes]');
  if (width === 1) return { labels: Array.from(await y.data()) as Label[] };
  const indices = tf.argMax(y, 1);
  const labels = Array.from(await indices.data()) as Label[];
  indices.dispose();
  return { labels, classes: Array.from({ length: width }, (_, index) => index) as Label[] };
}

/** The targets `model.fit` needs for the model's output and loss: one-hot rows, or class indices for a sparse loss or one sigmoid output. */
function targets<Label extends string | number>(model: tf.LayersModel, encoder: LabelEncoder<Label>, labels: readonly Label[], samples: number): tf.Tensor {
  if (labels.length !== samples) throw new InvalidOptionError('fit', 'y', labels.length, `must hold one label per sample (${samples})`);
  const indices = encoder.encode(labels);
  const width = model.outputs[0]?.shape.at(-1) ?? 1;
  const loss = String(model.loss).toLowerCase();
  const classes = encoder.classes.length;
  if (width === 1) {
    if (classes !== 2) throw new InvalidOptionError('classifier', 'model', 'one output unit', `must have one output per class (${classes}); a single sigmoid output serves two classes`);
    return tf.tensor2d(indices, [samples, 1]);
  }
  if (width !== classes) throw new InvalidOptionError('classifier', 'model', `${width} output units`, `must have one output unit per class of y (${classes}: ${encoder.classes.join(', ')})`);
  if (loss.includes('sparse')) return tf.tensor2d(indices, [samples, 1]);
  return tf.tidy(() => tf.oneHot(tf.tensor1d(indices, 'int32'), width).toFloat());
}
