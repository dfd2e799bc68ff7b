import type { CheckpointRequest, ProgressListener } from '@anneal/core';
import { fitCallback, withSchedule } from '@anneal/tfjs';
import * as tf from '@tensorflow/tfjs';
import type { BuiltCallbacks } from './callbacks.js';
import { confusion, type Confusion, type IrisData, type IrisPart } from './data.js';
import type { BackendInfo, CheckpointStore, StoredCheckpoint } from './events.js';
import type { BackendName, ExperimentSettings } from './settings.js';

/** What a runtime hands back to the experiment. */
export interface RuntimeRun {
  readonly history: Record<string, number[]>;
  readonly test: Confusion;
  readonly fitSeconds: number;
}

/** How a runtime is asked to train. */
export interface RuntimeRequest {
  readonly settings: ExperimentSettings;
  readonly data: IrisData;
  readonly built: BuiltCallbacks;
  readonly store: CheckpointStore;
  /** The display the adapter reports progress to (it implements the listener's contract: rates, order, batches). */
  readonly progress: ProgressListener | undefined;
  readonly log: (message: string) => void;
  readonly warn: (message: string) => void;
  readonly onCheckpoint: (checkpoint: StoredCheckpoint) => void;
  readonly onReady: (backend: BackendInfo) => void;
}

const TFJS_BACKENDS: Record<string, string> = { 'tfjs-webgl': 'webgl', 'tfjs-webgpu': 'webgpu', 'tfjs-wasm': 'wasm', 'tfjs-cpu': 'cpu' };

/**
 * Switches tfjs to a backend, which the caller has registered (`@tensorflow/tfjs` brings cpu and webgl;
 * `@tensorflow/tfjs-backend-webgpu` and `-wasm` register theirs on import). A backend that cannot start is an error,
 * never a silent fallback to another.
 */
export async function useTfjsBackend(name: BackendName): Promise<BackendInfo> {
  const backend = TFJS_BACKENDS[name];
  if (backend === undefined) throw new Error(`${name} is not a tfjs backend`);
  let ok = false;
  try {
    ok = await tf.setBackend(backend);
  } catch {
    ok = false;
  }
  if (!ok || tf.getBackend() !== backend) throw new Error(`${name}: tfjs could not start its '${backend}' backend here`);
  await tf.ready();
  return { name, runtime: 'tfjs', backend: tf.getBackend(), gpu: backend === 'webgl' || backend === 'webgpu' };
}

/** The article's 4 → 4 relu → 6 relu → 3 softmax MLP, glorot-uniform kernels seeded per layer. */
export function createTfjsModel(seed: number): tf.Sequential {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed * 10 + offset });
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, activation: 'relu', inputShape: [4], kernelInitializer: init(0) }),
      tf.layers.dense({ units: 6, activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(2) }),
    ],
  });
}

async function testConfusion(model: tf.LayersModel, test: IrisPart): Promise<Confusion> {
  const x = tf.tensor2d(test.x, [test.x.length, 4]);
  const predicted = model.predict(x) as tf.Tensor;
  const rows = (await predicted.array()) as number[][];
  tf.dispose([x, predicted]);
  return confusion(rows, test.labels);
}

/** Trains on a tfjs backend already selected with {@link useTfjsBackend}. */
export async function trainTfjs(request: RuntimeRequest, backend: BackendInfo, observers: BuiltCallbacks['callbacks']): Promise<RuntimeRun> {
  const { settings, data, built } = request;
  const model = createTfjsModel(settings.seed);
  const initialRate = typeof built.learningRate === 'number' ? built.learningRate : built.learningRate(0);
  const optimizer = tf.train.momentum(initialRate, settings.momentum);
  if (typeof built.learningRate !== 'number') withSchedule(optimizer, built.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const tensors = {
    x: tf.tensor2d(data.train.x, [data.train.x.length, 4]),
    y: tf.tensor2d(data.train.y, [data.train.y.length, 3]),
    vx: tf.tensor2d(data.validation.x, [data.validation.x.length, 4]),
    vy: tf.tensor2d(data.validation.y, [data.validation.y.length, 3]),
  };
  const save = (request_: CheckpointRequest): tf.io.IOHandler =>
    tf.io.withSaveHandler(async (artifacts) => {
      const test = await testConfusion(model, data.test);
      const checkpoint: StoredCheckpoint = {
        epoch: request_.epoch,
        valAcc: request_.value,
        testAccuracy: test.accuracy,
        backend: backend.name,
        settings,
        savedAt: Date.now(),
        tfjs: artifacts,
        ort: null,
      };
      await request.store.save(checkpoint);
      request.onCheckpoint(checkpoint);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    });
  try {
    const started = performance.now();
    const history = await model.fit(tensors.x, tensors.y, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      validationData: [tensors.vx, tensors.vy],
      shuffle: false,
      verbose: 0,
      // One yield per epoch (tfjs's 'auto' may wait for an animation frame inside an epoch): enough for a worker to
      // read a Stop message, and nothing between the steps of an epoch.
      yieldEvery: 'epoch',
      callbacks: [
        fitCallback({
          callbacks: [...built.callbacks, ...observers],
          conflict: settings.conflict,
          checkpointHandler: save,
          log: request.log,
          warn: request.warn,
          ...(request.progress === undefined ? {} : { progress: request.progress }),
        }),
      ],
    });
    const fitSeconds = (performance.now() - started) / 1000;
    const test = await testConfusion(model, data.test);
    return { history: history.history as Record<string, number[]>, test, fitSeconds };
  } finally {
    tf.dispose(Object.values(tensors));
    model.dispose();
    // A model frees only an optimizer it built from a name: this instance's momentum slots stay allocated (on WebGL,
    // textures, one set per Train click) unless disposed here.
    optimizer.dispose();
    // tfjs 4.22's MomentumOptimizer.dispose forgets the learning-rate scalar of its SGD base, which SGD's own dispose
    // frees. A tensor disposed twice is left alone, so this stays right once tfjs frees it itself.
    tf.SGDOptimizer.prototype.dispose.call(optimizer);
  }
}

/** The test results of a tfjs checkpoint, loaded back into a new model. */
export async function evaluateTfjsCheckpoint(checkpoint: StoredCheckpoint, test: IrisPart): Promise<Confusion> {
  const model = await tf.loadLayersModel(tf.io.fromMemory(checkpoint.tfjs as tf.io.ModelArtifacts));
  try {
    return await testConfusion(model, test);
  } finally {
    model.dispose();
  }
}
