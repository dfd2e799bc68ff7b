import { createTrainer, dense, sgd, type NetworkSpec, type Trainer, type TrainerCheckpoint } from '@anneal/onnxruntime-web';
import * as ort from 'onnxruntime-web';
import type { Callback } from '@anneal/core';
import { confusion, type Confusion, type IrisPart } from './data.js';
import type { BackendInfo, StoredCheckpoint } from './events.js';
import type { BackendName } from './settings.js';
import type { RuntimeRequest, RuntimeRun } from './train-tfjs.js';

/** The article's MLP as the onnxruntime-web package builds it (glorot-uniform kernels from the trainer's seed). */
export const ORT_NETWORK: NetworkSpec = {
  inputSize: 4,
  layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 6, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })],
};

function providerOf(name: BackendName): 'webgpu' | 'wasm' {
  if (name === 'ort-webgpu') return 'webgpu';
  if (name === 'ort-wasm') return 'wasm';
  throw new Error(`${name} is not an onnxruntime-web backend`);
}

function configureOrt(): void {
  // One wasm thread: threads need cross-origin isolation in a page, and one thread is what the package's benchmarks
  // measure in Node.
  ort.env.wasm.numThreads = 1;
}

async function openTrainer(name: BackendName, seed: number, learningRate: number | ((step: number) => number), momentum: number, checkpoint?: TrainerCheckpoint): Promise<{ trainer: Trainer; backend: BackendInfo }> {
  configureOrt();
  const executionProvider = providerOf(name);
  const trainer = await createTrainer({
    network: ORT_NETWORK,
    loss: 'categoricalCrossentropy',
    optimizer: sgd({ learningRate, momentum }),
    seed,
    executionProvider,
    ...(checkpoint === undefined ? {} : { checkpoint }),
  });
  if (trainer.executionProvider !== executionProvider) {
    await trainer.release();
    throw new Error(`${name}: onnxruntime-web opened '${trainer.executionProvider}' instead of '${executionProvider}'`);
  }
  return { trainer, backend: { name, runtime: 'onnxruntime-web', backend: trainer.executionProvider, gpu: executionProvider === 'webgpu' } };
}

async function testConfusion(trainer: Trainer, test: IrisPart): Promise<Confusion> {
  return confusion(await trainer.predict(test.x), test.labels);
}

/** Trains with the onnxruntime-web trainer on its WebGPU or wasm execution provider. */
export async function trainOrt(request: RuntimeRequest, name: BackendName, observers: Callback[]): Promise<RuntimeRun> {
  const { settings, data, built } = request;
  const { trainer, backend } = await openTrainer(name, settings.seed, built.learningRate, settings.momentum);
  request.onReady(backend);
  try {
    const started = performance.now();
    const history = await trainer.fit(data.train.x, data.train.y, {
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      validationData: [data.validation.x, data.validation.y],
      shuffle: false,
      callbacks: [...built.callbacks, ...observers],
      conflict: settings.conflict,
      // One session.run per epoch: the rates of its steps are known at its start (the callbacks here act at epoch
      // boundaries), and it is the package's fastest path.
      stepsPerRun: 'epoch',
      log: request.log,
      warn: request.warn,
      ...(request.progress === undefined ? {} : { progress: request.progress }),
      checkpointHandler: async (checkpointRequest, fitted) => {
        const test = await testConfusion(fitted, data.test);
        const checkpoint: StoredCheckpoint = {
          epoch: checkpointRequest.epoch,
          valAcc: checkpointRequest.value,
          testAccuracy: test.accuracy,
          backend: name,
          settings,
          savedAt: Date.now(),
          tfjs: null,
          ort: fitted.checkpoint(),
        };
        await request.store.save(checkpoint);
        request.onCheckpoint(checkpoint);
      },
    });
    const fitSeconds = (performance.now() - started) / 1000;
    const test = await testConfusion(trainer, data.test);
    return { history: history.history, test, fitSeconds };
  } finally {
    await trainer.release();
  }
}

/** The test results of an onnxruntime-web checkpoint, restored into a new trainer on `name`. */
export async function evaluateOrtCheckpoint(checkpoint: StoredCheckpoint, name: BackendName, test: IrisPart): Promise<{ test: Confusion; backend: BackendInfo }> {
  const { trainer, backend } = await openTrainer(name, checkpoint.settings.seed, checkpoint.settings.learningRate, checkpoint.settings.momentum, checkpoint.ort as TrainerCheckpoint);
  try {
    return { test: await testConfusion(trainer, test), backend };
  } finally {
    await trainer.release();
  }
}
