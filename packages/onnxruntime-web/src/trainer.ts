import {
  checkOptionKeys,
  checkProgressListener,
  createController,
  createControllerMachine,
  EventOrderError,
  InvalidOptionError,
  type Callback,
  type CheckpointRequest,
  type ConflictPolicy,
  type Controller,
  type ControllerSnapshot,
  type Decision,
  type Logs,
  type ProgressListener,
} from '@anneal/core';
import * as ort from 'onnxruntime-web';
import { checkTraining, type Loss, type NetworkSpec } from './graph/network.js';
import { initialWeights, mulberry32 } from './initial-weights.js';
import type { OptimizerSpec } from './optimizers/optimizers.js';
import { createSession, type ExecutionProvider } from './runtime/create-session.js';
import { buildEvaluationGraph, buildPredictionGraph, buildTrainingStepGraph, buildUnrolledTrainingGraph, type TrainingStepGraph, type UnrolledTrainingGraph } from './training-graphs.js';

/**
 * Options of {@link createTrainer}.
 *
 * @example
 * ```ts
 * import { dense, sgd, type TrainerOptions } from '@anneal/onnxruntime-web';
 * const options: TrainerOptions = {
 *   network: { inputSize: 4, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] },
 *   loss: 'categoricalCrossentropy',
 *   optimizer: sgd({ learningRate: 0.01, momentum: 0.9 }),
 *   seed: 7,
 * };
 * ```
 */
export interface TrainerOptions {
  readonly network: NetworkSpec;
  readonly loss: Loss;
  readonly optimizer: OptimizerSpec;
  /** Seed of the glorot-uniform initialisation and of shuffling. Default `0`. */
  readonly seed?: number;
  /** `'auto'` (default): WebGPU when the runtime has it, else wasm. */
  readonly executionProvider?: ExecutionProvider | 'auto';
  /**
   * Start from a checkpoint taken with `trainer.checkpoint()` (possibly through JSON): weights, optimizer state, step
   * count and the controller. `null`, like absence, means a fresh start (nothing saved yet).
   */
  readonly checkpoint?: TrainerCheckpoint | null;
}

/**
 * Everything needed to continue training exactly: weights, optimizer state, the optimizer's step count and the
 * controller's snapshot (when taken during `fit`, e.g. from a `checkpointHandler`). Plain JSON.
 *
 * @example
 * ```ts
 * import { createTrainer, type TrainerCheckpoint } from '@anneal/onnxruntime-web';
 * const saved: TrainerCheckpoint | null = JSON.parse(localStorage.getItem('iris-checkpoint') ?? 'null'); // null: a fresh start
 * const trainer = await createTrainer({ ...options, checkpoint: saved });
 * ```
 */
export interface TrainerCheckpoint {
  readonly format: 'anneal/onnxruntime-web-checkpoint';
  readonly version: 1;
  readonly weights: Readonly<Record<string, readonly number[]>>;
  readonly optimizerState: Readonly<Record<string, readonly number[]>>;
  readonly iterations: number;
  readonly controller: ControllerSnapshot | null;
}

/**
 * Options of {@link Trainer.fit}: Keras's `fit` arguments in camelCase.
 *
 * @example
 * ```ts
 * import { reduceLROnPlateau } from '@anneal/core';
 * import type { FitOptions } from '@anneal/onnxruntime-web';
 * const options: FitOptions = { epochs: 200, batchSize: 5, validationSplit: 0.2, callbacks: [reduceLROnPlateau({ monitor: 'val_loss' })] };
 * ```
 */
export interface FitOptions {
  readonly epochs: number;
  /** Default 32. */
  readonly batchSize?: number;
  /**
   * Fraction of the samples, taken from the end before shuffling as Keras does, held out for validation; in [0, 1),
   * where 0 (Keras's default) holds out nothing.
   */
  readonly validationSplit?: number;
  /** Explicit validation samples, instead of `validationSplit`. */
  readonly validationData?: readonly [readonly (readonly number[])[], Targets];
  /**
   * Shuffle the training samples every epoch. Default `true`. Seeded by the trainer's seed, the epoch and the steps
   * taken by earlier fits: a run resumed from a checkpoint shuffles as the uninterrupted run did, and another `fit`
   * on the same trainer gets new orders, as in Keras.
   */
  readonly shuffle?: boolean;
  /** The epoch to start at (Keras's `initial_epoch`), to continue from a checkpoint. Default `0`. */
  readonly initialEpoch?: number;
  readonly callbacks?: readonly Callback[];
  readonly conflict?: ConflictPolicy;
  /** Performs checkpoint requests of `modelCheckpoint`. Default: none (a request without a handler is an error). */
  readonly checkpointHandler?: (request: CheckpointRequest, trainer: Trainer) => void | Promise<void>;
  /**
   * Verbose lines of the callbacks ("Epoch 5: ReduceLROnPlateau reducing learning rate to 0.001."). Default: the
   * `progress` listener's `log` when it has one, else `console.log`. Given explicitly, it wins over `progress.log`.
   */
  readonly log?: (message: string) => void;
  /**
   * Warnings (a monitored metric missing from the logs). Default: the `progress` listener's `log` when it has one, so
   * a progress display prints them without tearing its output, else `console.warn`. Given explicitly, it wins.
   */
  readonly warn?: (message: string) => void;
  /**
   * Training progress for a display (`progressBar()` from `@anneal/progress`): `onTrainBegin`, per epoch
   * `onEpochBegin`, `onBatchEnd` for every optimizer step in order (with `stepsPerRun > 1`, after the run that held
   * it), `onEpochEnd` with the epoch's logs (`val_*` included), and `onTrainEnd` — the same sequence `@anneal/tfjs`
   * reports for the same training.
   */
  readonly progress?: ProgressListener;
  /**
   * Optimizer steps per `session.run`: `1` (default) runs the one-step graph per batch; `K > 1` runs an unrolled
   * graph of K steps, with the K learning rates (read from the controller before the run) fed as a tensor;
   * `'epoch'` makes K the number of full batches in an epoch. Steps that do not fill a run of K (a trailing partial
   * batch, the remainder of the full batches) run through a smaller graph. Results equal the one-step path: the
   * controller still sees every `batchBegin`/`batchEnd`, with per-step loss and accuracy, and epoch callbacks act at
   * epoch boundaries. Batch-level callbacks run after the run that held their step: when one changes the rate or
   * stops training before the run's last step, the run is undone and its steps up to there are retaken one at a
   * time (the rest of the epoch then runs one step per run), so the result is still the one-step path's. A
   * batch-level checkpoint inside a run sees the weights at the run's end, so it needs `1`.
   */
  readonly stepsPerRun?: number | 'epoch';
}

/**
 * Targets as users hold them: rows of numbers (one-hot for categorical cross-entropy), or one number per sample
 * (class labels for sparse categorical cross-entropy, 0/1 for binary cross-entropy).
 *
 * @example
 * ```ts
 * import type { Targets } from '@anneal/onnxruntime-web';
 * const labels: Targets = [0, 2, 1];
 * ```
 */
export type Targets = readonly (readonly number[])[] | readonly number[];

/**
 * Keras's `History`: the epochs run and, per metric, one value per epoch (`loss`, `acc`, `val_loss`, `val_acc`,
 * `learningRate`).
 *
 * @example
 * ```ts
 * const history = await trainer.fit(x, y, { epochs: 10 });
 * history.history['loss']?.at(-1);
 * ```
 */
export interface History {
  readonly epoch: number[];
  readonly history: Record<string, number[]>;
}

/**
 * A network being trained on onnxruntime-web, Keras-style.
 *
 * @example
 * ```ts
 * import { createTrainer } from '@anneal/onnxruntime-web';
 * const trainer = await createTrainer(options);
 * await trainer.fit(x, y, { epochs: 20, batchSize: 5 });
 * const { accuracy } = await trainer.evaluate(testX, testY);
 * ```
 */
export interface Trainer {
  /** The execution provider the sessions run on. */
  readonly executionProvider: ExecutionProvider;
  /** The controller of the last `fit` (its learning rates and decisions), or `null` before any. */
  readonly controller: Controller | null;
  /**
   * Where the trainer's parameter tensors live now, read-only (for tests and diagnostics): `'gpu-buffer'` on WebGPU
   * once a training step ran — parameters and optimizer state stay in GPU memory between runs, each run's `next/…`
   * outputs feed the next run, and they are downloaded only at the end of `fit`, before a `checkpointHandler` call
   * and when early stopping remembers the best weights — `'cpu'` on wasm, before the first step, and after
   * `setWeights` or `release`.
   */
  readonly parameterLocation: 'cpu' | 'gpu-buffer';
  /**
   * Trains on `x` and `y` as Keras's `fit` does, epochs `initialEpoch` … `epochs − 1`: a new controller
   * ({@link Trainer.controller}) gives every optimizer step its rate, from the optimizer's schedule and the callbacks
   * under the conflict rule, and the trainer carries out its decisions — checkpoints through `checkpointHandler`,
   * early stopping, restoring the best weights. The optimizer's step count carries on from earlier fits; the first
   * fit after `createTrainer({ checkpoint })` continues the checkpoint's controller. Resolves to the history
   * (`loss`, `acc`, `val_loss` and `val_acc` with validation data, `learningRate`) once the weights are back on the
   * CPU, so `getWeights`, `checkpoint` and `exportOnnx` can be called right after.
   */
  fit(x: readonly (readonly number[])[], y: Targets, options: FitOptions): Promise<History>;
  /**
   * The loss and accuracy of the current weights on `x` and `y` (targets in the same forms as `fit`'s), averaged
   * over the samples, in batches of `batchSize` (default 32). Changes nothing; `fit` uses it for the `val_*` logs.
   */
  evaluate(x: readonly (readonly number[])[], y: Targets, options?: { readonly batchSize?: number }): Promise<{ loss: number; accuracy: number }>;
  /**
   * The network's output for every row of `x` — the last layer's activations, class probabilities after a softmax
   * — one row per sample, computed with the current weights in batches of `batchSize` (default 32).
   */
  predict(x: readonly (readonly number[])[], options?: { readonly batchSize?: number }): Promise<number[][]>;
  /** Copies of the current weights, by parameter name (`dense_0/kernel`, `dense_0/bias`, …). */
  getWeights(): Record<string, Float32Array>;
  /**
   * Replaces the weights with copies of `weights`: one `Float32Array` per parameter, under the names `getWeights`
   * gives and with the parameter's size (anything else is an `InvalidOptionError`). The optimizer state and step
   * count are kept. `fit` calls it to put back early stopping's best weights.
   */
  setWeights(weights: Readonly<Record<string, Float32Array>>): void;
  /** The trained network as a standalone inference `.onnx` (weights as initializers, output `predictions`). */
  exportOnnx(): Uint8Array;
  /** A JSON-safe checkpoint to continue from with `createTrainer({ ..., checkpoint })`. */
  checkpoint(): TrainerCheckpoint;
  /**
   * Frees the sessions (and GPU memory); the weights stay readable (`getWeights`, `checkpoint`, `exportOnnx`). Calling
   * it again does nothing; `fit`, `evaluate` and `predict` afterwards are `EventOrderError`s. Called while one of them
   * runs (from a callback, say), it lets that call stop at its next step, with an `EventOrderError`, and the sessions
   * are freed as it ends.
   */
  release(): Promise<void>;
}

const TRAINER_KEYS = ['network', 'loss', 'optimizer', 'seed', 'executionProvider', 'checkpoint'];
const FIT_KEYS = ['epochs', 'batchSize', 'validationSplit', 'validationData', 'shuffle', 'initialEpoch', 'callbacks', 'conflict', 'checkpointHandler', 'log', 'warn', 'progress', 'stepsPerRun'];

/**
 * Creates a trainer: compiles the training-step, evaluation and prediction graphs of the network once (the learning
 * rate is a graph input, so one session serves every step of every schedule), opens them on WebGPU or wasm, and
 * initialises the weights from the seed.
 *
 * @example
 * ```ts
 * import { exponentialDecay } from '@anneal/core';
 * import { createTrainer, dense, sgd } from '@anneal/onnxruntime-web';
 * const trainer = await createTrainer({
 *   network: { inputSize: 4, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 6, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] },
 *   loss: 'categoricalCrossentropy',
 *   optimizer: sgd({ learningRate: exponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10_000, decayRate: 0.96 }), momentum: 0.9 }),
 *   seed: 7,
 * });
 * ```
 */
export async function createTrainer(options: TrainerOptions): Promise<Trainer> {
  checkOptionKeys({ source: 'createTrainer', options, validKeys: TRAINER_KEYS });
  const checked = checkTraining({ network: options.network, loss: options.loss });
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new InvalidOptionError('createTrainer', 'seed', seed, 'must be a safe integer');
  const stepGraph = buildTrainingStepGraph({ network: checked.network, loss: options.loss, optimizer: options.optimizer });
  const requested = options.executionProvider ?? 'auto';
  // Every option is checked before a session opens, so a refused one leaves nothing to release.
  let initialHostWeights = initialWeights({ network: checked.network, seed });
  let initialHostState = zeroState(stepGraph);
  let controller: Controller | null = null;
  let iterations = 0;
  let resumeFrom: ControllerSnapshot | null = null;
  if (options.checkpoint !== undefined && options.checkpoint !== null) {
    const restored = readCheckpoint(options.checkpoint, stepGraph);
    initialHostWeights = restored.weights;
    initialHostState = restored.state;
    iterations = restored.iterations;
    resumeFrom = restored.controller;
  }
  // On WebGPU the next parameters and state stay in GPU memory, to be fed straight into the next run.
  const training = await createSession({ model: stepGraph.bytes, executionProvider: requested, gpuOutputs: nextOutputs(stepGraph) });
  const opened = [training.session];
  let evaluation: Awaited<ReturnType<typeof createSession>>;
  let prediction: Awaited<ReturnType<typeof createSession>>;
  try {
    // The other sessions use the provider the training session got, so every number comes from the same kernels.
    evaluation = await createSession({ model: buildEvaluationGraph({ network: checked.network, loss: options.loss }), executionProvider: training.executionProvider });
    opened.push(evaluation.session);
    prediction = await createSession({ model: buildPredictionGraph({ network: checked.network }), executionProvider: training.executionProvider });
  } catch (error) {
    await Promise.all(opened.map((session) => session.release().catch(() => undefined)));
    throw error;
  }
  let released = false;
  /** The sessions are gone after `release()`: a clear error instead of onnxruntime's "invalid session id". */
  const checkOpen = (method: string): void => {
    if (released) throw new EventOrderError(method, 'the trainer was released; create a new one (createTrainer with its checkpoint() to continue)');
  };
  // fit, evaluate and predict calls in progress. A release() during one (from a callback, say) only marks the trainer
  // released: the call stops at its next step, and the last one to finish frees the sessions, so no run reads
  // memory that is already freed, and release() never waits on a fit that may be waiting on it.
  let active = 0;
  let freed = false;
  async function during<Result>(method: string, work: () => Promise<Result>): Promise<Result> {
    checkOpen(method);
    active += 1;
    try {
      return await work();
    } finally {
      active -= 1;
      if (active === 0 && released) await free();
    }
  }
  async function free(): Promise<void> {
    if (freed) return;
    freed = true;
    // Keep the values readable (getWeights, checkpoint) and free the GPU memory.
    await download();
    disposeGpu(weights);
    disposeGpu(state);
    weights = cpuTensors(hostWeights as Record<string, Float32Array>, parameterShapes);
    state = cpuTensors(hostState as Record<string, Float32Array>, stateShapes);
    const extra = await Promise.all(unrolledSessions.values());
    unrolledSessions.clear();
    await Promise.all([training.session.release(), evaluation.session.release(), prediction.session.release(), ...extra.map((entry) => entry.session.release())]);
  }
  const parameterShapes: Record<string, readonly number[]> = Object.fromEntries(stepGraph.parameters.map((parameter) => [parameter.name, parameter.shape]));
  const stateShapes: Record<string, readonly number[]> = Object.fromEntries(stepGraph.state.map((slot) => [slot.name, slot.dims]));
  // The parameters and optimizer state as tensors: CPU tensors on wasm; on WebGPU, after the first step, the GPU
  // tensors the last run returned (the trainer owns and disposes them). `hostWeights`/`hostState` are CPU copies of
  // the same values, or null while the GPU holds newer ones (`download()` fills them).
  let weights = cpuTensors(initialHostWeights, parameterShapes);
  let state = cpuTensors(initialHostState, stateShapes);
  let hostWeights: Record<string, Float32Array> | null = initialHostWeights;
  let hostState: Record<string, Float32Array> | null = initialHostState;
  const outputSize = checked.outputSize;
  const inputSize = checked.network.inputSize;
  const unrolledSessions = new Map<number, Promise<{ graph: UnrolledTrainingGraph; session: ort.InferenceSession }>>();

  const targetsOf = (source: string, y: Targets, rows: number): number[][] => toTargetRows(source, y, rows, outputSize, options.loss);
  // Every session runs on the training session's provider, so GPU-resident tensors feed them directly.
  const parameterFeeds = (): Record<string, ort.Tensor> => ({ ...weights });

  /** Makes `hostWeights` and `hostState` current, downloading GPU-resident tensors (which stay on the GPU). */
  async function download(): Promise<void> {
    if (hostWeights === null) {
      const read = await readTensors(weights);
      weights = read.tensors;
      hostWeights = read.values;
    }
    if (hostState === null) {
      const read = await readTensors(state);
      state = read.tensors;
      hostState = read.values;
    }
  }

  function currentWeights(source: string): Record<string, Float32Array> {
    if (hostWeights === null) throw new Error(`${source}: the weights are being trained on the GPU; call it between or after fit calls, or from a checkpointHandler`);
    return hostWeights;
  }

  function currentState(source: string): Record<string, Float32Array> {
    if (hostState === null) throw new Error(`${source}: the optimizer state is being trained on the GPU; call it between or after fit calls, or from a checkpointHandler`);
    return hostState;
  }

  /**
   * Takes a run's `next/…` outputs as the new parameters and state. Returns what they replace, which the caller
   * either disposes (`disposeParameters`) or, to undo an unrolled run, puts back (`restoreParameters`).
   */
  function adopt(outputs: ort.InferenceSession.ReturnType, graph: TrainingStepGraph): TrainingParameters {
    const replaced: TrainingParameters = { weights, state, hostWeights, hostState };
    const nextWeights: Record<string, ort.Tensor> = {};
    for (const [name, output] of Object.entries(graph.nextParameters)) nextWeights[name] = outputs[output] as ort.Tensor;
    const nextState: Record<string, ort.Tensor> = {};
    for (const [name, output] of Object.entries(graph.nextState)) nextState[name] = outputs[output] as ort.Tensor;
    weights = nextWeights;
    state = nextState;
    hostWeights = hostValues(weights);
    hostState = hostValues(state);
    return replaced;
  }

  /** Makes `kept` the parameters and state again, disposing the GPU tensors of the ones it replaces. */
  function restoreParameters(kept: TrainingParameters): void {
    disposeParameters({ weights, state, hostWeights, hostState });
    ({ weights, state, hostWeights, hostState } = kept);
  }

  const trainer: Trainer = {
    get executionProvider() {
      return training.executionProvider;
    },
    get controller() {
      return controller;
    },
    get parameterLocation() {
      return Object.values(weights).some((tensor) => tensor.location === 'gpu-buffer') ? 'gpu-buffer' : 'cpu';
    },
    fit(x, y, fitOptions) {
      return during('fit', async () => {
        let history: History;
        try {
          history = await fitOnce(x, y, fitOptions);
        } catch (error) {
          // Leave readable weights behind, but report the fit's own error.
          await download().catch(() => undefined);
          throw error;
        }
        // One download per fit, so getWeights, checkpoint and exportOnnx stay synchronous.
        await download();
        return history;
      });
    },
    evaluate(x, y, evaluateOptions = {}) {
      return during('evaluate', async () => {
        checkOptionKeys({ source: 'evaluate', options: evaluateOptions, validKeys: ['batchSize'] });
        const features = checkFeatures('evaluate', 'x', x, inputSize);
        const targets = targetsOf('evaluate', y, features.length);
        const batchSize = integer('evaluate', 'batchSize', evaluateOptions.batchSize ?? 32, 1);
        let loss = 0;
        let accuracy = 0;
        for (let start = 0; start < features.length; start += batchSize) {
          const batchX = features.slice(start, start + batchSize);
          const outputs = await evaluation.session.run({
            ...parameterFeeds(),
            x: matrix(batchX, inputSize),
            y: matrix(targets.slice(start, start + batchSize), outputSize),
          });
          loss += scalar(outputs['loss']) * batchX.length;
          accuracy += scalar(outputs['accuracy']) * batchX.length;
        }
        return { loss: loss / features.length, accuracy: accuracy / features.length };
      });
    },
    predict(x, predictOptions = {}) {
      return during('predict', async () => {
        checkOptionKeys({ source: 'predict', options: predictOptions, validKeys: ['batchSize'] });
        const features = checkFeatures('predict', 'x', x, inputSize);
        const batchSize = integer('predict', 'batchSize', predictOptions.batchSize ?? 32, 1);
        const rows: number[][] = [];
        for (let start = 0; start < features.length; start += batchSize) {
          const batchX = features.slice(start, start + batchSize);
          const outputs = await prediction.session.run({ ...parameterFeeds(), x: matrix(batchX, inputSize) });
          const data = (outputs['predictions'] as ort.Tensor).data as Float32Array;
          for (let row = 0; row < batchX.length; row++) rows.push(Array.from(data.subarray(row * outputSize, (row + 1) * outputSize)));
        }
        return rows;
      });
    },
    getWeights() {
      return Object.fromEntries(Object.entries(currentWeights('getWeights')).map(([name, values]) => [name, values.slice()]));
    },
    setWeights(next) {
      const replacement: Record<string, Float32Array> = {};
      for (const parameter of stepGraph.parameters) {
        const values = next[parameter.name];
        if (!(values instanceof Float32Array) || values.length !== parameter.size) {
          throw new InvalidOptionError('setWeights', parameter.name, values, `must be a Float32Array of ${parameter.size} values (shape ${JSON.stringify(parameter.shape)})`);
        }
        replacement[parameter.name] = values.slice();
      }
      disposeGpu(weights);
      weights = cpuTensors(replacement, parameterShapes);
      hostWeights = replacement;
    },
    checkpoint() {
      const plain = (record: Record<string, Float32Array>): Record<string, number[]> =>
        Object.fromEntries(Object.entries(record).map(([name, values]) => [name, Array.from(values)]));
      return {
        format: 'anneal/onnxruntime-web-checkpoint',
        version: 1,
        weights: plain(currentWeights('checkpoint')),
        optimizerState: plain(currentState('checkpoint')),
        iterations,
        controller: controller === null ? null : controller.snapshot(),
      };
    },
    exportOnnx() {
      return buildPredictionGraph({ network: checked.network, weights: currentWeights('exportOnnx') });
    },
    async release() {
      released = true;
      if (active === 0) await free();
    },
  };

  async function fitOnce(x: readonly (readonly number[])[], y: Targets, fitOptions: FitOptions): Promise<History> {
    checkOptionKeys({ source: 'fit', options: fitOptions, validKeys: FIT_KEYS });
    const epochs = integer('fit', 'epochs', fitOptions.epochs, 1);
    const batchSize = integer('fit', 'batchSize', fitOptions.batchSize ?? 32, 1);
    const features = checkFeatures('fit', 'x', x, inputSize);
    const targets = targetsOf('fit', y, features.length);
    let trainX = features;
    let trainY = targets;
    let validation: { x: number[][]; y: number[][] } | null = null;
    if (fitOptions.validationData !== undefined) {
      const [vx, vy] = fitOptions.validationData;
      const validationX = checkFeatures('fit', 'validationData[0]', vx, inputSize);
      validation = { x: validationX, y: targetsOf('fit', vy, validationX.length) };
    } else if (fitOptions.validationSplit !== undefined && fitOptions.validationSplit !== 0) {
      const split = fitOptions.validationSplit;
      if (typeof split !== 'number' || !(split > 0 && split < 1)) throw new InvalidOptionError('fit', 'validationSplit', split, 'must be a number in [0, 1)');
      const cut = Math.floor(features.length * (1 - split));
      if (cut === 0 || cut === features.length) throw new InvalidOptionError('fit', 'validationSplit', split, `leaves an empty training or validation set of ${features.length} samples`);
      trainX = features.slice(0, cut);
      trainY = targets.slice(0, cut);
      validation = { x: features.slice(cut), y: targets.slice(cut) };
    }
    const stepsPerRun = fitOptions.stepsPerRun === undefined || fitOptions.stepsPerRun === 'epoch' ? (fitOptions.stepsPerRun ?? 1) : integer('fit', 'stepsPerRun', fitOptions.stepsPerRun, 1);
    // Reads the rate of a step ahead from the controller's state (schedule, callback override and scale).
    const rateMachine = createControllerMachine({ learningRate: options.optimizer.learningRate });
    const shuffle = fitOptions.shuffle ?? true;
    const initialEpoch = integer('fit', 'initialEpoch', fitOptions.initialEpoch ?? 0, 0);
    const progress = checkProgressListener({ source: 'fit', listener: fitOptions.progress });
    const progressLog = progress?.log === undefined ? undefined : (message: string) => progress.log?.(message);
    const log = fitOptions.log ?? progressLog;
    const warn = fitOptions.warn ?? progressLog;
    const controllerOptions = {
      learningRate: options.optimizer.learningRate,
      callbacks: fitOptions.callbacks ?? [],
      ...(fitOptions.conflict === undefined ? {} : { conflict: fitOptions.conflict }),
      ...(log === undefined ? {} : { log }),
      ...(warn === undefined ? {} : { warn }),
    };
    // The first fit after restoring a checkpoint continues its controller (and so its run, if it was taken mid-fit);
    // a later fit carries the state of the callbacks it shares with the last one, as Keras callback objects keep
    // theirs from fit to fit (modelCheckpoint's best value: a worse model must not overwrite the best checkpoint).
    const activeController =
      resumeFrom !== null
        ? createController(controllerOptions, { snapshot: resumeFrom })
        : controller === null
          ? createController(controllerOptions)
          : createController(controllerOptions, { callbacksFrom: controller });
    controller = activeController;
    resumeFrom = null;
    const history: History = { epoch: [], history: {} };
    let best: Record<string, Float32Array> | null = null;
    activeController.trainBegin();
    const stepsPerEpoch = Math.ceil(trainX.length / batchSize);
    progress?.onTrainBegin?.({ epochs, initialEpoch, stepsPerEpoch });
    let epochsRun = 0;
    // The rate of the last step taken, for the epoch's progress line.
    let lastRate = activeController.learningRate;
    const featuresOf = (rows: readonly number[]): number[][] => rows.map((row) => trainX[row] as number[]);
    const targetsOfRows = (rows: readonly number[]): number[][] => rows.map((row) => trainY[row] as number[]);
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      progress?.onEpochBegin?.({ epoch, epochs });
      // Keras reads stop_training after every batch, so a stop asked for here takes effect after the epoch's first batch.
      let stopRequested = activeController.epochBegin(epoch).stopTraining;
      const order = trainX.map((_, index) => index);
      // Seeded, not drawn from a stream, so a run resumed at an epoch boundary sees the same batches (see shuffleSeed).
      if (shuffle) seededShuffle(order, mulberry32(shuffleSeed(seed, epoch, iterations - epoch * stepsPerEpoch)));
      const batchRows = (batch: number, count = 1): number[] => order.slice(batch * batchSize, (batch + count) * batchSize);
      let lossSum = 0;
      let accuracySum = 0;
      // Fewer than the epoch's samples when a callback stopped training inside it: the logs average what was trained.
      let trainedSamples = 0;
      // A requested stop took effect: no more batches in this epoch, no more epochs after it.
      let stopped = false;
      /** A trained step's share of the epoch's logs, its progress line and the controller's `batchEnd`. */
      const account = (batch: number, samples: number, learningRate: number, result: StepResult): Decision => {
        lastRate = learningRate;
        lossSum += result.loss * samples;
        accuracySum += result.accuracy * samples;
        trainedSamples += samples;
        const batchLogs = { loss: result.loss, acc: result.accuracy };
        progress?.onBatchEnd?.({ epoch, batch, step: activeController.step, learningRate, logs: Object.freeze({ ...batchLogs }) });
        return activeController.batchEnd(batchLogs);
      };
      // The first batch the one-step path trains, after the unrolled runs.
      let oneStepFrom = 0;
      if (stepsPerRun !== 1 && !stopRequested) {
        const fullBatches = Math.floor(order.length / batchSize);
        const perRun = stepsPerRun === 'epoch' ? fullBatches : stepsPerRun;
        runs: while (oneStepFrom < fullBatches) {
          const batch = oneStepFrom;
          const count = Math.min(perRun, fullBatches - batch);
          if (count === 1) break;
          const rows = batchRows(batch, count);
          const rates = Array.from({ length: count }, (_, index) => rateMachine.learningRate({ ...activeController.state, step: iterations + index }));
          const runStart = iterations;
          const run = await runSteps(count, featuresOf(rows), targetsOfRows(rows), rates);
          // What the run started from, until the run is accepted or undone.
          let before: TrainingParameters | null = run.before;
          /**
           * Undoes the run and retakes its first `steps` steps one at a time, with the rates and step counts they had:
           * the one-step graph computes them bitwise as the unrolled one did, and their results were already reported.
           */
          const retake = async (steps: number): Promise<void> => {
            restoreParameters(before as TrainingParameters);
            before = null;
            iterations = runStart;
            for (let index = 0; index < steps; index++) {
              const stepRows = batchRows(batch + index);
              await runStep(featuresOf(stepRows), targetsOfRows(stepRows), rates[index] as number);
              iterations += 1;
            }
          };
          try {
            for (let index = 0; index < count; index++) {
              const learningRate = activeController.batchBegin(iterations);
              if (learningRate !== rates[index]) {
                // A batch-level callback changed the rate for this step after the run had fed the old one: take the
                // step again at the controller's rate, and the rest of the epoch one step per run (the rates ahead
                // are no longer known).
                await retake(index);
                const stepRows = batchRows(batch + index);
                const result = await runStep(featuresOf(stepRows), targetsOfRows(stepRows), learningRate);
                iterations += 1;
                const decision = account(batch + index, batchSize, learningRate, result);
                for (const request of decision.checkpoints) await save(request);
                stopRequested ||= decision.stopTraining;
                stopped = stopRequested;
                oneStepFrom = batch + index + 1;
                break runs;
              }
              iterations += 1;
              const decision = account(batch + index, batchSize, learningRate, run.results[index] as StepResult);
              stopRequested ||= decision.stopTraining;
              if (stopRequested) {
                // Training ends after this step, so the run's later steps must not stand; its checkpoints see them gone.
                if (index < count - 1) await retake(index + 1);
                for (const request of decision.checkpoints) await save(request);
                stopped = true;
                break runs;
              }
              for (const request of decision.checkpoints) await save(request);
            }
          } catch (error) {
            // Leave a consistent trainer (weights, optimizer state and step count of one moment): the run's start.
            if (before !== null) {
              restoreParameters(before);
              before = null;
              iterations = runStart;
            }
            throw error;
          } finally {
            // Accepted: the parameters it started from are no longer used by anything.
            if (before !== null) disposeParameters(before);
          }
          oneStepFrom = batch + count;
        }
      }
      for (let batch = oneStepFrom; !stopped && batch * batchSize < order.length; batch++) {
        const rows = batchRows(batch);
        const learningRate = activeController.batchBegin(iterations);
        const result = await runStep(featuresOf(rows), targetsOfRows(rows), learningRate);
        iterations += 1;
        const decision = account(batch, rows.length, learningRate, result);
        for (const request of decision.checkpoints) await save(request);
        stopRequested ||= decision.stopTraining;
        stopped = stopRequested;
      }
      const logs: Record<string, number> = { loss: lossSum / trainedSamples, acc: accuracySum / trainedSamples };
      if (validation !== null) {
        const scores = await trainer.evaluate(validation.x, validation.y, { batchSize: Math.max(batchSize, validation.x.length) });
        logs['val_loss'] = scores.loss;
        logs['val_acc'] = scores.accuracy;
      }
      epochsRun += 1;
      // Before the controller's epochEnd, as in @anneal/tfjs: the epoch's line comes before what its callbacks print.
      progress?.onEpochEnd?.({ epoch, epochs, learningRate: lastRate, logs: Object.freeze({ ...logs }) as Logs });
      // Called after a batch-level stop too, as Keras calls on_epoch_end before it leaves the epoch loop.
      const decision = activeController.epochEnd(epoch, logs);
      history.epoch.push(epoch);
      for (const [key, value] of Object.entries(logs)) (history.history[key] ??= []).push(value);
      for (const request of decision.checkpoints) await save(request);
      if (decision.rememberWeights) {
        await download();
        best = trainer.getWeights();
      }
      if (stopped || decision.stopTraining) break;
    }
    if (activeController.trainEnd().restoreWeights && best !== null) trainer.setWeights(best);
    progress?.onTrainEnd?.({ epochsRun, stoppedEarly: initialEpoch + epochsRun < epochs });
    return history;

    async function save(request: CheckpointRequest): Promise<void> {
      if (fitOptions.checkpointHandler === undefined) {
        throw new InvalidOptionError('fit', 'checkpointHandler', undefined, 'is required to perform the checkpoints a modelCheckpoint callback requests');
      }
      await download();
      await fitOptions.checkpointHandler(request, trainer);
    }
  }

  async function unrolled(steps: number): Promise<{ graph: UnrolledTrainingGraph; session: ort.InferenceSession }> {
    let cached = unrolledSessions.get(steps);
    if (cached === undefined) {
      cached = (async () => {
        const graph = buildUnrolledTrainingGraph({ network: checked.network, loss: options.loss, optimizer: options.optimizer, steps });
        const opened = await createSession({ model: graph.bytes, executionProvider: training.executionProvider, gpuOutputs: nextOutputs(graph) });
        return { graph, session: opened.session };
      })();
      unrolledSessions.set(steps, cached);
    }
    return cached;
  }

  /**
   * Runs `steps` optimizer steps in one `session.run`; `batchX`/`batchY` hold the steps' batches back to back.
   * `before` is what the run started from, kept (GPU memory included) so that the caller can undo the run: it must
   * end in `disposeParameters` once the run is accepted or in `restoreParameters` to undo it.
   */
  async function runSteps(
    steps: number,
    batchX: number[][],
    batchY: number[][],
    learningRates: readonly number[],
  ): Promise<{ results: StepResult[]; before: TrainingParameters }> {
    // A release() from a callback stops the fit here, before a run on sessions about to be freed.
    checkOpen('fit');
    const { graph, session } = await unrolled(steps);
    const batch = batchX.length / steps;
    const feeds: Record<string, ort.Tensor> = {
      ...parameterFeeds(),
      x: new ort.Tensor('float32', matrix(batchX, inputSize).data as Float32Array, [steps, batch, inputSize]),
      y: new ort.Tensor('float32', matrix(batchY, outputSize).data as Float32Array, [steps, batch, outputSize]),
      learningRates: new ort.Tensor('float32', Float32Array.from(learningRates), [steps]),
    };
    for (const slot of graph.state) feeds[slot.name] = state[slot.name] as ort.Tensor;
    if (options.optimizer.name === 'adam' || options.optimizer.name === 'adamw') {
      const { beta1, beta2 } = options.optimizer;
      feeds['biasCorrections1'] = new ort.Tensor('float32', Float32Array.from({ length: steps }, (_, index) => 1 - beta1 ** (iterations + index + 1)), [steps]);
      feeds['biasCorrections2'] = new ort.Tensor('float32', Float32Array.from({ length: steps }, (_, index) => 1 - beta2 ** (iterations + index + 1)), [steps]);
    }
    const outputs = await session.run(feeds);
    const before = adopt(outputs, graph);
    const losses = (outputs['losses'] as ort.Tensor).data as Float32Array;
    const accuracies = (outputs['accuracies'] as ort.Tensor).data as Float32Array;
    const results = Array.from({ length: steps }, (_, index) => ({ loss: losses[index] as number, accuracy: accuracies[index] as number }));
    return { results, before };
  }

  async function runStep(batchX: number[][], batchY: number[][], learningRate: number): Promise<StepResult> {
    // A release() from a callback stops the fit here, before a run on sessions about to be freed.
    checkOpen('fit');
    const feeds: Record<string, ort.Tensor> = {
      ...parameterFeeds(),
      x: matrix(batchX, inputSize),
      y: matrix(batchY, outputSize),
      learningRate: new ort.Tensor('float32', Float32Array.of(learningRate), []),
    };
    for (const slot of stepGraph.state) feeds[slot.name] = state[slot.name] as ort.Tensor;
    if (stepGraph.scalarInputs.includes('biasCorrection1') && (options.optimizer.name === 'adam' || options.optimizer.name === 'adamw')) {
      // Adam's bias corrections for step t = iterations + 1, computed here in float64 and fed as inputs.
      const t = iterations + 1;
      feeds['biasCorrection1'] = new ort.Tensor('float32', Float32Array.of(1 - options.optimizer.beta1 ** t), []);
      feeds['biasCorrection2'] = new ort.Tensor('float32', Float32Array.of(1 - options.optimizer.beta2 ** t), []);
    }
    const outputs = await training.session.run(feeds);
    disposeParameters(adopt(outputs, stepGraph));
    return { loss: scalar(outputs['loss']), accuracy: scalar(outputs['accuracy']) };
  }

  return trainer;
}

/** A training step's loss and accuracy on its batch. */
interface StepResult {
  readonly loss: number;
  readonly accuracy: number;
}

/** The trainer's parameters and optimizer state as tensors, with their CPU copies (null while only the GPU has them). */
interface TrainingParameters {
  readonly weights: Record<string, ort.Tensor>;
  readonly state: Record<string, ort.Tensor>;
  readonly hostWeights: Record<string, Float32Array> | null;
  readonly hostState: Record<string, Float32Array> | null;
}

function readCheckpoint(
  checkpoint: unknown,
  graph: TrainingStepGraph,
): { weights: Record<string, Float32Array>; state: Record<string, Float32Array>; iterations: number; controller: ControllerSnapshot | null } {
  const source = 'createTrainer';
  const record = checkpoint as Partial<TrainerCheckpoint> | null;
  if (typeof record !== 'object' || record === null || record.format !== 'anneal/onnxruntime-web-checkpoint') {
    throw new InvalidOptionError(source, 'checkpoint', checkpoint, "must be a checkpoint from trainer.checkpoint() (format 'anneal/onnxruntime-web-checkpoint')");
  }
  if (record.version !== 1) throw new InvalidOptionError(source, 'checkpoint.version', record.version, 'must be 1 (newer checkpoints need a newer @anneal/onnxruntime-web)');
  const read = (group: 'weights' | 'optimizerState', name: string, size: number): Float32Array => {
    const values = record[group]?.[name];
    if (!Array.isArray(values) || values.length !== size || values.some((value) => typeof value !== 'number' || !Number.isFinite(value))) {
      throw new InvalidOptionError(source, `checkpoint.${group}['${name}']`, values, `must hold ${size} finite numbers (the checkpoint must come from the same network and optimizer)`);
    }
    return Float32Array.from(values);
  };
  const weights = Object.fromEntries(graph.parameters.map((parameter) => [parameter.name, read('weights', parameter.name, parameter.size)]));
  const state = Object.fromEntries(graph.state.map((slot) => [slot.name, read('optimizerState', slot.name, slot.dims.reduce((a, b) => a * b, 1))]));
  const iterations = integer(source, 'checkpoint.iterations', record.iterations, 0);
  return { weights, state, iterations, controller: record.controller ?? null };
}

function zeroState(graph: TrainingStepGraph): Record<string, Float32Array> {
  return Object.fromEntries(graph.state.map((slot) => [slot.name, new Float32Array((slot.dims).reduce((a, b) => a * b, 1))]));
}

/** The `next/…` outputs of a training graph: what stays on the GPU between runs on WebGPU. */
function nextOutputs(graph: TrainingStepGraph): string[] {
  return [...Object.values(graph.nextParameters), ...Object.values(graph.nextState)];
}

function cpuTensors(values: Readonly<Record<string, Float32Array>>, shapes: Readonly<Record<string, readonly number[]>>): Record<string, ort.Tensor> {
  return Object.fromEntries(Object.entries(values).map(([name, data]) => [name, new ort.Tensor('float32', data, shapes[name] as readonly number[])]));
}

/** The tensors' values when they are all CPU tensors, else null. */
function hostValues(tensors: Readonly<Record<string, ort.Tensor>>): Record<string, Float32Array> | null {
  const values: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    if (tensor.location !== 'cpu') return null;
    values[name] = tensor.data as Float32Array;
  }
  return values;
}

function disposeGpu(tensors: Readonly<Record<string, ort.Tensor>>): void {
  for (const tensor of Object.values(tensors)) if (tensor.location === 'gpu-buffer') tensor.dispose();
}

/** Frees the GPU memory of parameters and state that nothing uses any more (CPU tensors are left to the collector). */
function disposeParameters(parameters: TrainingParameters): void {
  disposeGpu(parameters.weights);
  disposeGpu(parameters.state);
}

/**
 * The shuffle seed of an epoch. `offset` is the trainer's step count at the start of the epoch minus the steps the
 * epochs before it take from scratch (epoch × steps per epoch). It is 0 in a first fit and in a fit resumed from a
 * checkpoint taken at an epoch boundary, which so keep the order that (seed, epoch) alone always gave; in a later
 * fit on the same trainer it counts the steps of the earlier fits, so each call reshuffles, as Keras's fit does,
 * instead of visiting the batches in the same order again.
 */
function shuffleSeed(seed: number, epoch: number, offset: number): number {
  return (((seed + Math.imul(epoch + 1, 0x9e3779b1)) | 0) + Math.imul(offset, 0x85ebca6b)) | 0;
}

/**
 * Downloads tensors. `getData()` turns a GPU tensor into a CPU one (still holding its buffer), so each GPU tensor is
 * replaced by a GPU tensor over the same buffer — values never change, so its download is the data just read, and
 * disposing it frees the buffer through the original tensor.
 */
async function readTensors(tensors: Readonly<Record<string, ort.Tensor>>): Promise<{ tensors: Record<string, ort.Tensor>; values: Record<string, Float32Array> }> {
  const resident: Record<string, ort.Tensor> = {};
  const values: Record<string, Float32Array> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    if (tensor.location !== 'gpu-buffer') {
      resident[name] = tensor;
      values[name] = (await tensor.getData()) as Float32Array;
      continue;
    }
    const buffer = tensor.gpuBuffer;
    const data = (await tensor.getData()) as Float32Array;
    resident[name] = ort.Tensor.fromGpuBuffer(buffer, { dataType: 'float32', dims: tensor.dims, download: async () => data.slice(), dispose: () => tensor.dispose() });
    values[name] = data;
  }
  return { tensors: resident, values };
}

function scalar(tensor: ort.Tensor | undefined): number {
  return ((tensor as ort.Tensor).data as Float32Array)[0] as number;
}

function matrix(rows: readonly (readonly number[])[], width: number): ort.Tensor {
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, index) => data.set(row, index * width));
  return new ort.Tensor('float32', data, [rows.length, width]);
}

function integer(source: string, option: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new InvalidOptionError(source, option, value, `must be an integer >= ${min}`);
  return value;
}

/** Rejects what would otherwise reach a session as garbage: an empty set, ragged rows, the wrong width, NaN. */
function checkFeatures(source: string, option: string, x: unknown, width: number): number[][] {
  if (!Array.isArray(x) || x.length === 0) throw new InvalidOptionError(source, option, x, 'must be a non-empty array of rows');
  x.forEach((row: unknown, index) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new InvalidOptionError(source, `${option}[${index}]`, row, `must be a row of ${width} numbers (the network's inputSize)`);
    }
    row.forEach((value: unknown, column) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidOptionError(source, `${option}[${index}][${column}]`, value, 'must be a finite number');
    });
  });
  return x as number[][];
}

function toTargetRows(source: string, y: Targets, rows: number, width: number, loss: Loss): number[][] {
  if (!Array.isArray(y) || y.length !== rows) throw new InvalidOptionError(source, 'y', y, `must hold one target per sample (${rows})`);
  return y.map((target: unknown, index) => {
    if (typeof target === 'number') {
      if (loss === 'sparseCategoricalCrossentropy' || (loss === 'categoricalCrossentropy' && width > 1)) {
        if (!Number.isInteger(target) || target < 0 || target >= width) {
          throw new InvalidOptionError(source, `y[${index}]`, target, `must be a class label, an integer in [0, ${width - 1}]`);
        }
        const oneHot = new Array<number>(width).fill(0);
        oneHot[target] = 1;
        return oneHot;
      }
      if (width !== 1 || !Number.isFinite(target)) throw new InvalidOptionError(source, `y[${index}]`, target, `must be a row of ${width} finite numbers`);
      return [target];
    }
    if (!Array.isArray(target) || target.length !== width || target.some((value) => typeof value !== 'number' || !Number.isFinite(value))) {
      throw new InvalidOptionError(source, `y[${index}]`, target, `must be a row of ${width} finite numbers`);
    }
    return target as number[];
  });
}

function seededShuffle(order: number[], random: () => number): void {
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
}
