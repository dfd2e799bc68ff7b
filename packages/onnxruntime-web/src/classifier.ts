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
} from '@anneal/core';
import { createTrainer, type FitOptions, type History, type Trainer, type TrainerOptions } from './trainer.js';

/**
 * Options of {@link classifier}: scikit-learn's `KerasClassifier(build_fn, **fit_params)`, with the trainer's
 * options in place of a compiled model and `fit`'s arguments in camelCase — the same options as `@anneal/tfjs`'s
 * `classifier` but `learningRate`, which here is the optimizer spec's.
 *
 * @example
 * ```ts
 * import { dense, sgd, type ClassifierOptions } from '@anneal/onnxruntime-web';
 * const options: ClassifierOptions<number> = {
 *   model: () => ({ network: { inputSize: 4, layers: [dense({ units: 3, activation: 'softmax' })] }, loss: 'categoricalCrossentropy', optimizer: sgd({ learningRate: 0.01, momentum: 0.9 }) }),
 *   epochs: 200,
 *   batchSize: 5,
 * };
 * ```
 */
export interface ClassifierOptions<Label extends string | number> {
  /** The trainer to build (`build_fn`): `fit` calls it and `createTrainer` every time, as `KerasClassifier` does. */
  readonly model: () => TrainerOptions;
  /** Default 1, as Keras's `fit`. */
  readonly epochs?: number;
  /** Default 32. */
  readonly batchSize?: number;
  /** `1` or `2`: one line per epoch through `log` (unless a `progress` listener displays it); `0`: silent. Default 1. */
  readonly verbose?: 0 | 1 | 2;
  readonly callbacks?: readonly Callback[];
  readonly validationSplit?: number;
  /** Validation samples and labels, in the same forms as `fit`'s. */
  readonly validationData?: readonly [readonly (readonly number[])[], readonly Label[]];
  /** Default `true`. */
  readonly shuffle?: boolean;
  readonly conflict?: ConflictPolicy;
  /**
   * Performs the checkpoint requests of a `modelCheckpoint` callback, passed to the trainer's `fit` (see
   * {@link FitOptions.checkpointHandler}); it receives the trainer this `fit` built, to store `trainer.checkpoint()`
   * or `trainer.exportOnnx()`. Required when a callback requests checkpoints.
   */
  readonly checkpointHandler?: (request: CheckpointRequest, trainer: Trainer) => void | Promise<void>;
  /** Verbose lines. Default `console.log`. */
  readonly log?: (message: string) => void;
  /** Warnings. Default `console.warn`. */
  readonly warn?: (message: string) => void;
  /** Training progress, passed to the trainer's `fit`. */
  readonly progress?: ProgressListener;
}

/**
 * A scikit-learn-style classifier over an onnxruntime-web trainer: `fit` encodes the labels (remembering the
 * classes), builds a new trainer and trains it; `predict` answers in the same labels.
 *
 * @example
 * ```ts
 * import { classifier, type Classifier } from '@anneal/onnxruntime-web';
 * const estimator: Classifier<string> = classifier<string>({ model: createModel, epochs: 50, batchSize: 5, verbose: 0 });
 * await estimator.fit(x, ['setosa', 'virginica', 'versicolor']);
 * await estimator.predict(x); // ['setosa', …]
 * ```
 */
export interface Classifier<Label extends string | number> {
  /**
   * Builds a new trainer from `options.model()`, remembers the classes of `y`, trains; the previous trainer is released
   * once the new one has trained. A fit that throws releases its own trainer and leaves the classifier as it was.
   */
  fit(x: readonly (readonly number[])[], y: readonly Label[]): Promise<History>;
  /** The label of every sample (the most probable class). */
  predict(x: readonly (readonly number[])[]): Promise<Label[]>;
  /** Per sample, the probability of every class in `classes` order (a single sigmoid output gives `[1 − p, p]`). */
  predictProba(x: readonly (readonly number[])[]): Promise<number[][]>;
  /** Accuracy: the share of samples whose predicted label equals the given one (scikit-learn's `score`). */
  score(x: readonly (readonly number[])[], y: readonly Label[]): Promise<number>;
  /** The labels seen by the last `fit`, sorted (scikit-learn's `classes_`); empty before it. */
  readonly classes: readonly Label[];
  /** The trainer the last `fit` built, or `null`. */
  readonly trainer: Trainer | null;
  /** The history of the last `fit`, or `null`. */
  readonly history: History | null;
  /** Releases the trainer's sessions; `predict` and friends then ask for a new `fit`. */
  release(): Promise<void>;
}

const KEYS = ['model', 'epochs', 'batchSize', 'verbose', 'callbacks', 'validationSplit', 'validationData', 'shuffle', 'conflict', 'checkpointHandler', 'log', 'warn', 'progress'];

/**
 * scikit-learn's `KerasClassifier` for onnxruntime-web, with the surface of `@anneal/tfjs`'s `classifier`: give it a
 * function returning the trainer's options and Keras's `fit` arguments; `fit(x, y)` takes integer or string labels
 * and builds a fresh trainer on every call. Switching runtime is changing the `model` factory.
 *
 * @example
 * ```ts
 * import { exponentialDecay, reduceLROnPlateau } from '@anneal/core';
 * import { classifier, dense, sgd } from '@anneal/onnxruntime-web';
 * const model = classifier({
 *   model: () => ({
 *     network: { inputSize: 4, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 6, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] },
 *     loss: 'categoricalCrossentropy',
 *     optimizer: sgd({ learningRate: exponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10_000, decayRate: 0.96 }), momentum: 0.9 }),
 *   }),
 *   epochs: 200,
 *   batchSize: 5,
 *   callbacks: [reduceLROnPlateau({ monitor: 'loss' })],
 * });
 * await model.fit(X, Y); // Y: integer or string class labels
 * ```
 */
export function classifier<Label extends string | number = number>(options: ClassifierOptions<Label>): Classifier<Label> {
  const source = 'classifier';
  checkOptionKeys({ source, options, validKeys: KEYS });
  if (typeof options.model !== 'function') throw new InvalidOptionError(source, 'model', options.model, 'must be a function that returns the options of createTrainer');
  const verbose = options.verbose ?? 1;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new InvalidOptionError(source, 'verbose', verbose, 'must be 0, 1 or 2');
  let encoder: LabelEncoder<Label> | null = null;
  let trainer: Trainer | null = null;
  let history: History | null = null;

  const probabilities = async (method: string, x: readonly (readonly number[])[]): Promise<{ rows: number[][]; encoder: LabelEncoder<Label> }> => {
    if (encoder === null || trainer === null) throw new EventOrderError(method, 'call fit first: the classifier has no trainer and no classes yet');
    return { rows: await trainer.predict(x), encoder };
  };

  const estimator: Classifier<Label> = {
    get classes() {
      return encoder?.classes ?? [];
    },
    get trainer() {
      return trainer;
    },
    get history() {
      return history;
    },
    async fit(x, y) {
      if (!Array.isArray(y)) throw new InvalidOptionError('fit', 'y', y, 'must be an array of labels');
      const next = labelEncoder<Label>({ labels: y });
      const trainerOptions = options.model();
      const outputs = trainerOptions?.network?.layers?.at(-1)?.units;
      const classes = next.classes.length;
      if (outputs !== classes && !(outputs === 1 && classes === 2)) {
        throw new InvalidOptionError(source, 'model', `${String(outputs)} output units`, `must have one output unit per class of y (${classes}: ${next.classes.join(', ')}); a single sigmoid output serves two classes`);
      }
      // Class indices for a sparse loss or a single (binary) output; one-hot rows for any other loss over one output
      // per class (categorical cross-entropy, mean squared error…), as KerasClassifier encodes them. Training and
      // validation labels alike.
      const targetsOf = (labels: readonly Label[]): number[] | number[][] => {
        const indices = next.encode(labels);
        return outputs === 1 || trainerOptions.loss === 'sparseCategoricalCrossentropy' ? indices : indices.map((index) => Array.from({ length: classes }, (_, column) => (column === index ? 1 : 0)));
      };
      const validationData = options.validationData;
      const epochs = options.epochs ?? 1;
      const fitOptions: Record<string, unknown> = {
        epochs,
        callbacks: [...(options.callbacks ?? []), ...(verbose === 0 || options.progress !== undefined ? [] : [epochLine(epochs)])],
        ...(validationData === undefined ? {} : { validationData: [validationData[0], targetsOf(validationData[1])] }),
      };
      for (const key of ['batchSize', 'validationSplit', 'shuffle', 'conflict', 'checkpointHandler', 'log', 'warn', 'progress'] as const) {
        if (options[key] !== undefined) fitOptions[key] = options[key];
      }
      const targets = targetsOf(y);
      const built = await createTrainer(trainerOptions);
      let trained: History;
      try {
        trained = await built.fit(x, targets, fitOptions as unknown as FitOptions);
      } catch (error) {
        // A failed fit leaves the classifier as it was (the previous trainer, classes and history) and nothing open.
        await built.release();
        throw error;
      }
      const previous = trainer;
      trainer = built;
      encoder = next;
      history = trained;
      await previous?.release();
      return history;
    },
    async predict(x) {
      const { rows, encoder: current } = await probabilities('predict', x);
      return current.decodeProbabilities(rows);
    },
    async predictProba(x) {
      const { rows } = await probabilities('predictProba', x);
      return rows.map((row) => (row.length === 1 ? [1 - (row[0] as number), row[0] as number] : row));
    },
    async score(x, y) {
      const predicted = await estimator.predict(x);
      if (!Array.isArray(y) || y.length !== predicted.length) throw new InvalidOptionError('score', 'y', y, `must hold one label per sample (${predicted.length})`);
      return predicted.filter((label, index) => label === y[index]).length / predicted.length;
    },
    async release() {
      const current = trainer;
      trainer = null;
      await current?.release();
    },
  };
  return estimator;
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
