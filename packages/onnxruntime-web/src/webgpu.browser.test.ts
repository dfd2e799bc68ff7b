import { exponentialDecay } from '@anneal/core';
import { irisFeatures, irisLabels, mulberry32, oneHot, stratifiedSplit } from '@anneal/iris-data';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  adam,
  adamw,
  buildTrainingStepGraph,
  createSession,
  createTrainer,
  dense,
  GraphBuilder,
  hasWebGpu,
  rmsprop,
  sgd,
  type ExecutionProvider,
  type History,
  type Loss,
  type NetworkSpec,
  type OptimizerSpec,
  type TrainerCheckpoint,
} from './index.js';

// Runs in Debian's Chromium (vitest.browser.config.ts): the training graphs on onnxruntime-web's WebGPU execution
// provider (SwiftShader's adapter) against the wasm provider in the same page.
//
// Known upstream bug, onnxruntime-web 1.30.0: the WebGPU EP's ArgMax reuses the program it compiled for the first
// reduced-axis length seen in the page (same attributes) for every other length, so its indices are wrong once
// tensors of two widths have gone through it in one page. The training graphs no longer use ArgMax: categorical
// accuracy is computed with ReduceMax/ReduceMin/Equal/Where (see `emitLoss`), so `accuracy`, `acc` and `val_acc` are
// compared here like everything else. The raw-ArgMax `test.fails` below still pins the upstream bug down; once
// onnxruntime-web fixes it, that test fails as `test.fails` and the mark comes off.

const TOLERANCE = 1e-4;

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

/** |actual − expected| ≤ 1e-4 · max(1, |expected|): absolute below 1, relative above. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): number {
  expect(actual.length, label).toBe(expected.length);
  let worst = 0;
  for (let at = 0; at < expected.length; at++) {
    const want = expected[at] as number;
    const difference = Math.abs((actual[at] as number) - want);
    worst = Math.max(worst, difference);
    expect(difference, `${label}[${at}]: ${actual[at]} vs ${want}`).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(want)));
  }
  return worst;
}

test('Chromium offers a WebGPU adapter (SwiftShader)', async () => {
  expect(await hasWebGpu()).toBe(true);
});

describe('one optimizer step: webgpu gives the wasm results', () => {
  const optimizers: [string, OptimizerSpec][] = [
    ['sgd', sgd({ learningRate: 0.1 })],
    ['sgd with momentum', sgd({ learningRate: 0.1, momentum: 0.9 })],
    ['sgd with nesterov momentum', sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true })],
    ['adam', adam({ learningRate: 0.01 })],
    ['adamw', adamw({ learningRate: 0.01, weightDecay: 0.01 })],
    ['rmsprop', rmsprop({ learningRate: 0.01 })],
    ['rmsprop with momentum', rmsprop({ learningRate: 0.01, momentum: 0.5 })],
  ];
  // Every loss, and every activation as a hidden or last layer.
  const networks: [Loss, NetworkSpec, number[][]][] = [
    ['categoricalCrossentropy', { inputSize: 3, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] }, [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 1]]],
    ['sparseCategoricalCrossentropy', { inputSize: 3, layers: [dense({ units: 5, activation: 'tanh' }), dense({ units: 3, activation: 'softmax' })] }, [[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]]],
    ['binaryCrossentropy', { inputSize: 3, layers: [dense({ units: 4, activation: 'tanh' }), dense({ units: 1, activation: 'sigmoid' })] }, [[1], [0], [1], [0]]],
    ['meanSquaredError', { inputSize: 3, layers: [dense({ units: 4, activation: 'sigmoid' }), dense({ units: 2, activation: 'linear' })] }, [[1, -1], [0.5, 0.2], [-0.4, 0.9], [0.3, 0.3]]],
  ];
  const x = [[0.5, -1, 2], [1, 0.25, -0.5], [-0.3, 0.8, 0.1], [0.9, -0.6, -1.2]];
  const cases = optimizers.flatMap(([name, optimizer]) => networks.map(([loss, network, y]) => [`${name}, ${loss}`, optimizer, loss, network, y] as const));

  test.each(cases)('%s', async (_name, optimizer, loss, network, y) => {
    const graph = buildTrainingStepGraph({ network, loss, optimizer });
    const feeds = (): Record<string, ort.Tensor> => {
      const result: Record<string, ort.Tensor> = {};
      graph.parameters.forEach((parameter, index) => {
        result[parameter.name] = new ort.Tensor('float32', Float32Array.from({ length: parameter.size }, (_, at) => Math.sin(index * 7 + at) * 0.5), parameter.shape);
      });
      // Non-zero optimizer state, so the step reads it.
      graph.state.forEach((slot, index) => {
        const size = slot.dims.reduce((a, b) => a * b, 1);
        result[slot.name] = new ort.Tensor('float32', Float32Array.from({ length: size }, (_, at) => 0.01 + 0.05 * Math.abs(Math.cos(index * 3 + at))), slot.dims);
      });
      result['x'] = new ort.Tensor('float32', Float32Array.from(x.flat()), [x.length, 3]);
      result['y'] = new ort.Tensor('float32', Float32Array.from(y.flat()), [y.length, (y[0] as number[]).length]);
      result['learningRate'] = new ort.Tensor('float32', Float32Array.of(optimizer.learningRate as number), []);
      if (graph.scalarInputs.includes('biasCorrection1')) {
        result['biasCorrection1'] = new ort.Tensor('float32', Float32Array.of(1 - 0.9 ** 3), []);
        result['biasCorrection2'] = new ort.Tensor('float32', Float32Array.of(1 - 0.999 ** 3), []);
      }
      return result;
    };
    const run = async (executionProvider: ExecutionProvider): Promise<Record<string, Float32Array>> => {
      const opened = await createSession({ model: graph.bytes, executionProvider });
      expect(opened.executionProvider).toBe(executionProvider);
      const outputs = await opened.session.run(feeds());
      const values = Object.fromEntries(Object.entries(outputs).map(([name, tensor]) => [name, Float32Array.from((tensor as ort.Tensor).data as Float32Array)]));
      await opened.session.release();
      return values;
    };
    const wasm = await run('wasm');
    const webgpu = await run('webgpu');
    expect(Object.keys(webgpu).sort()).toEqual(Object.keys(wasm).sort());
    expect(Object.keys(wasm)).toEqual(expect.arrayContaining(['loss', 'accuracy', ...Object.values(graph.nextParameters), ...Object.values(graph.nextState)]));
    for (const [name, expected] of Object.entries(wasm)) expectClose(webgpu[name] as Float32Array, expected, name);
  });
});

describe('ArgMax on the WebGPU EP, and the accuracy output that avoids it', () => {
  function argMaxGraph(width: number): Uint8Array {
    const builder = new GraphBuilder({ name: 'argmax' });
    const x = builder.input({ name: 'x', dims: ['batch', width] });
    // keepdims 1: an attribute set no training graph uses, so this test compiles its own WebGPU programs.
    builder.output({ name: 'index', type: 'int64', source: builder.op({ opType: 'ArgMax', inputs: [x], attributes: { axis: { int: 1 }, keepdims: { int: 1 } } }) });
    return builder.toBytes();
  }
  /** Row r has its maximum in column r mod width. */
  async function indices(executionProvider: ExecutionProvider, width: number): Promise<{ actual: number[]; expected: number[] }> {
    const rows = 6;
    const data = Float32Array.from({ length: rows * width }, (_, at) => (at % width === Math.floor(at / width) % width ? 1 : 0.1 * (at % width)));
    const opened = await createSession({ model: argMaxGraph(width), executionProvider });
    expect(opened.executionProvider).toBe(executionProvider);
    const outputs = await opened.session.run({ x: new ort.Tensor('float32', data, [rows, width]) });
    await opened.session.release();
    return { actual: Array.from((outputs['index'] as ort.Tensor).data as BigInt64Array, Number), expected: Array.from({ length: rows }, (_, row) => row % width) };
  }

  test('wasm: right for every width', async () => {
    for (const width of [2, 5, 3]) {
      const { actual, expected } = await indices('wasm', width);
      expect(actual, `width ${width}`).toEqual(expected);
    }
  });

  // onnxruntime-web 1.30.0 bug: the WebGPU ArgMax program compiled for the first reduced-axis length seen in the page
  // is reused for other lengths (its cache key leaves that length out): after width 2, widths 5 and 3 come out as if
  // only the first 2 columns existed. The first width is right.
  test.fails('webgpu: right for every width in one page', async () => {
    const first = await indices('webgpu', 2);
    expect(first.actual).toEqual(first.expected);
    for (const width of [5, 3]) {
      const { actual, expected } = await indices('webgpu', width);
      expect(actual, `width ${width}`).toEqual(expected);
    }
  });

  // The training graphs' accuracy does not use ArgMax, so it stays right on webgpu once networks of several output
  // widths ran in the page (with ArgMax, widths 4 and 3 after 2 came out wrong).
  test("the training graphs' accuracy agrees with wasm for several output widths in one page", async () => {
    const accuracyOf = async (executionProvider: ExecutionProvider, width: number): Promise<number> => {
      // Identity weights: the logits are x, so the prediction is argmax x; y is its one-hot except in the last row,
      // which points one column further (accuracy 5/6).
      const network = { inputSize: width, layers: [dense({ units: width, activation: 'relu' }), dense({ units: width, activation: 'softmax' })] };
      const graph = buildTrainingStepGraph({ network, loss: 'categoricalCrossentropy', optimizer: sgd({ learningRate: 0.1 }) });
      const identity = Float32Array.from({ length: width * width }, (_, at) => (at % (width + 1) === 0 ? 1 : 0));
      const rows = 6;
      const x = Float32Array.from({ length: rows * width }, (_, at) => (at % width === Math.floor(at / width) % width ? 1 : 0.1 * (at % width)));
      const y = Float32Array.from({ length: rows * width }, (_, at) => {
        const row = Math.floor(at / width);
        return at % width === (row + (row === rows - 1 ? 1 : 0)) % width ? 1 : 0;
      });
      const opened = await createSession({ model: graph.bytes, executionProvider });
      const outputs = await opened.session.run({
        'dense_0/kernel': new ort.Tensor('float32', identity, [width, width]),
        'dense_0/bias': new ort.Tensor('float32', new Float32Array(width), [width]),
        'dense_1/kernel': new ort.Tensor('float32', identity.slice(), [width, width]),
        'dense_1/bias': new ort.Tensor('float32', new Float32Array(width), [width]),
        x: new ort.Tensor('float32', x, [rows, width]),
        y: new ort.Tensor('float32', y, [rows, width]),
        learningRate: new ort.Tensor('float32', Float32Array.of(0.1), []),
      });
      await opened.session.release();
      return ((outputs['accuracy'] as ort.Tensor).data as Float32Array)[0] as number;
    };
    for (const width of [2, 4, 3]) {
      const wasm = await accuracyOf('wasm', width);
      expect(wasm, `wasm, width ${width}`).toBeCloseTo(5 / 6, 6);
      expect(await accuracyOf('webgpu', width), `webgpu, width ${width}`).toBe(wasm);
    }
  });
});

describe('iris fit: webgpu gives the wasm losses and the same learning rates', () => {
  const iris = (() => {
    const split = stratifiedSplit({ labels: irisLabels, fractions: { train: 0.7, validation: 0.15, test: 0.15 }, seed: 7 });
    // One seeded shuffle of the training rows, then `shuffle: false`: both providers see the same batches.
    const train = [...split.train];
    const random = mulberry32(11);
    for (let index = train.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [train[index], train[other]] = [train[other] as number, train[index] as number];
    }
    const pick = (indices: readonly number[]) => ({
      x: indices.map((index) => [...(irisFeatures[index] as readonly number[])]),
      y: oneHot({ labels: indices.map((index) => irisLabels[index] as number), classes: 3 }),
    });
    return { train: pick(train), validation: pick(split.validation) };
  })();
  const schedule = exponentialDecay({ initialLearningRate: 0.01, decaySteps: 50, decayRate: 0.9 });

  interface Fitted {
    history: History;
    provider: ExecutionProvider;
    location: 'cpu' | 'gpu-buffer';
    weights: Record<string, Float32Array>;
    checkpoint: TrainerCheckpoint;
    accuracy: number;
    predictions: number[][];
  }
  async function fit(executionProvider: ExecutionProvider, stepsPerRun: number | 'epoch' = 1): Promise<Fitted> {
    const trainer = await createTrainer({
      network: { inputSize: 4, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 6, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] },
      loss: 'categoricalCrossentropy',
      optimizer: sgd({ learningRate: schedule, momentum: 0.9 }),
      seed: 3,
      executionProvider,
    });
    const history = await trainer.fit(iris.train.x, iris.train.y, { epochs: 20, batchSize: 5, shuffle: false, validationData: [iris.validation.x, iris.validation.y], stepsPerRun });
    // Read before anything else touches the tensors: where the parameters stayed between runs.
    const location = trainer.parameterLocation;
    const weights = trainer.getWeights();
    const checkpoint = trainer.checkpoint();
    // evaluate and predict feed the GPU-resident parameters straight into their sessions.
    const { accuracy } = await trainer.evaluate(iris.validation.x, iris.validation.y);
    const predictions = await trainer.predict(iris.validation.x);
    expect(trainer.parameterLocation, 'evaluate and predict leave the parameters where they are').toBe(location);
    const provider = trainer.executionProvider;
    await trainer.release();
    expect(trainer.parameterLocation, 'release frees the GPU tensors').toBe('cpu');
    expect(trainer.getWeights(), 'the weights stay readable after release').toEqual(weights);
    return { history, provider, location, weights, checkpoint, accuracy, predictions };
  }

  test('20 epochs of SGD momentum with exponentialDecay', async () => {
    const wasm = await fit('wasm');
    const webgpu = await fit('webgpu');
    expect(wasm.provider).toBe('wasm');
    expect(webgpu.provider).toBe('webgpu');
    expect(webgpu.history.epoch).toEqual(wasm.history.epoch);
    expect(wasm.history.epoch).toHaveLength(20);
    expect(webgpu.history.history['learningRate']).toEqual(wasm.history.history['learningRate']);
    for (const key of ['loss', 'val_loss', 'acc', 'val_acc']) expectClose(webgpu.history.history[key] as number[], wasm.history.history[key] as number[], key);
    // It learned: the loss fell.
    const losses = wasm.history.history['loss'] as number[];
    expect(losses.at(-1) as number).toBeLessThan((losses[0] as number) * 0.8);
    for (const [name, values] of Object.entries(wasm.weights)) expectClose(webgpu.weights[name] as Float32Array, values, name);
    expectGpuResidentLikeWasm(webgpu, wasm);
  });

  test('stepsPerRun: epoch keeps the parameters and state on the GPU between unrolled runs too', async () => {
    const wasm = await fit('wasm', 'epoch');
    const webgpu = await fit('webgpu', 'epoch');
    for (const key of ['loss', 'val_loss', 'acc', 'val_acc']) expectClose(webgpu.history.history[key] as number[], wasm.history.history[key] as number[], key);
    expectGpuResidentLikeWasm(webgpu, wasm);
  });

  /** On webgpu the parameters stayed in GPU memory, yet every way of reading them agrees with wasm. */
  function expectGpuResidentLikeWasm(webgpu: Fitted, wasm: Fitted): void {
    expect(wasm.location).toBe('cpu');
    expect(webgpu.location).toBe('gpu-buffer');
    for (const [name, values] of Object.entries(wasm.weights)) expectClose(webgpu.weights[name] as Float32Array, values, `getWeights ${name}`);
    for (const [name, values] of Object.entries(wasm.checkpoint.weights)) expectClose(webgpu.checkpoint.weights[name] as number[], values, `checkpoint weights ${name}`);
    expect(Object.keys(webgpu.checkpoint.optimizerState).sort()).toEqual(Object.keys(wasm.checkpoint.optimizerState).sort());
    expect(Object.keys(wasm.checkpoint.optimizerState).length).toBeGreaterThan(0);
    for (const [name, values] of Object.entries(wasm.checkpoint.optimizerState)) expectClose(webgpu.checkpoint.optimizerState[name] as number[], values, `checkpoint state ${name}`);
    expect(webgpu.checkpoint.iterations).toBe(wasm.checkpoint.iterations);
    expect(webgpu.accuracy).toBe(wasm.accuracy);
    expectClose(webgpu.predictions.flat(), wasm.predictions.flat(), 'predictions');
  }
});
