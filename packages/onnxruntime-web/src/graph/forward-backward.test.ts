import { InvalidOptionError } from '@anneal/core';
import * as ort from 'onnxruntime-web';
import { describe, expect, test } from 'vitest';
import { runModel } from '../test-support/run-model.js';
import { buildGradientGraph, emitForward, emitForwardBackward } from './forward-backward.js';
import { GraphBuilder } from './graph-builder.js';
import { dense, networkParameters, type NetworkSpec } from './network.js';

ort.env.wasm.numThreads = 1;

async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, number[]>> {
  const results = await runModel(bytes, feeds);
  return Object.fromEntries(Object.entries(results).map(([name, tensor]) => [name, Array.from(tensor.data as Float32Array)]));
}

const tensor = (values: readonly number[], dims: readonly number[]): ort.Tensor => new ort.Tensor('float32', Float32Array.from(values), [...dims]);

// One linear-to-softmax layer over 2 features with an identity kernel: the logits are the features.
const softmaxNetwork: NetworkSpec = { inputSize: 2, layers: [dense({ units: 2, activation: 'softmax' })] };
const identity = { 'dense_0/kernel': tensor([1, 0, 0, 1], [2, 2]), 'dense_0/bias': tensor([0, 0], [2]) };

describe('emitForward', () => {
  test('builds a standalone inference model with initializer weights', async () => {
    const graph = new GraphBuilder({ name: 'inference' });
    const parameters = {
      'dense_0/kernel': graph.initializer({ name: 'dense_0/kernel', data: new Float32Array([1, -1, 0.5, 2]), dims: [2, 2] }),
      'dense_0/bias': graph.initializer({ name: 'dense_0/bias', data: new Float32Array([0.1, -0.2]), dims: [2] }),
      'dense_1/kernel': graph.initializer({ name: 'dense_1/kernel', data: new Float32Array([1, 0, 0, 1]), dims: [2, 2] }),
      'dense_1/bias': graph.initializer({ name: 'dense_1/bias', data: new Float32Array([0, 0]), dims: [2] }),
    };
    const network: NetworkSpec = { inputSize: 2, layers: [dense({ units: 2, activation: 'relu' }), dense({ units: 2, activation: 'softmax' })] };
    const forward = emitForward(graph, { network, parameters });
    graph.output({ name: 'probabilities', source: forward.predictions, dims: ['batch', 2] });
    const { probabilities } = await run(graph.toBytes(), { x: tensor([1, 2], [1, 2]) });
    // hidden = relu([1 + 1 + 0.1, −1 + 4 − 0.2]) = [2.1, 2.8]; softmax([2.1, 2.8])
    const e = [Math.exp(2.1), Math.exp(2.8)];
    expect(probabilities?.[0]).toBeCloseTo((e[0] as number) / ((e[0] as number) + (e[1] as number)), 6);
    expect(probabilities?.[1]).toBeCloseTo((e[1] as number) / ((e[0] as number) + (e[1] as number)), 6);
  });

  test('rejects parameters and inputs missing from the builder', () => {
    const graph = new GraphBuilder();
    expect(() => emitForward(graph, { network: softmaxNetwork, input: 'nope' })).toThrow(InvalidOptionError);
    expect(() => emitForward(graph, { network: softmaxNetwork, parameters: { 'dense_0/kernel': 'missing' } })).toThrow(/parameters\['dense_0\/kernel'\]/);
  });
});

describe('buildGradientGraph', () => {
  test('names its inputs and outputs', () => {
    const network: NetworkSpec = { inputSize: 3, layers: [dense({ units: 4, activation: 'tanh' }), dense({ units: 2, activation: 'softmax' })] };
    const graph = buildGradientGraph({ network, loss: 'categoricalCrossentropy' });
    expect(graph.parameterNames).toEqual(['dense_0/kernel', 'dense_0/bias', 'dense_1/kernel', 'dense_1/bias']);
    expect(graph.inputNames).toEqual(['x', 'y', ...graph.parameterNames]);
    expect(graph.outputNames).toEqual(['loss', 'accuracy', ...graph.parameterNames.map((name) => `grad/${name}`)]);
  });

  test('categorical accuracy compares argmaxes; the loss stays finite for logits of ±1000', async () => {
    const { bytes } = buildGradientGraph({ network: softmaxNetwork, loss: 'categoricalCrossentropy' });
    // Rows 0 and 2 are right, row 1 is wrong.
    const x = tensor([1000, -1000, 3, 1, -1000, 1000], [3, 2]);
    const y = tensor([1, 0, 0, 1, 0, 1], [3, 2]);
    const results = await run(bytes, { x, y, ...identity });
    expect(results['accuracy']?.[0]).toBeCloseTo(2 / 3, 6);
    // Row 1: −log softmax(3, 1)[1] = log(1 + e²); rows 0 and 2 contribute 0.
    expect(results['loss']?.[0]).toBeCloseTo(Math.log1p(Math.exp(2)) / 3, 5);
    for (const values of Object.values(results)) expect(values.every(Number.isFinite)).toBe(true);
  });

  test('categorical accuracy without ArgMax: negative outputs (MSE, linear) and soft targets', async () => {
    const network: NetworkSpec = { inputSize: 3, layers: [dense({ units: 3, activation: 'linear' })] };
    const { bytes } = buildGradientGraph({ network, loss: 'meanSquaredError' });
    // Outputs = x. Row 0: argmax 1 = target's; row 1: all negative, argmax 2 = target's; row 2: argmax 0, target's 2.
    const results = await run(bytes, {
      x: tensor([-3, -1, -2, -5, -4, -0.5, 2, -1, 1], [3, 3]),
      y: tensor([0.1, 0.8, 0.1, 0, 0, 1, 0.2, 0.3, 0.5], [3, 3]),
      'dense_0/kernel': tensor([1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 3]),
      'dense_0/bias': tensor([0, 0, 0], [3]),
    });
    expect(results['accuracy']?.[0]).toBeCloseTo(2 / 3, 6);
  });

  test('binary accuracy thresholds the outputs at 0.5 and compares them with 0/1 targets; BCE from logits stays finite for ±100', async () => {
    const network: NetworkSpec = { inputSize: 1, layers: [dense({ units: 1, activation: 'sigmoid' })] };
    const { bytes } = buildGradientGraph({ network, loss: 'binaryCrossentropy' });
    const results = await run(bytes, {
      x: tensor([100, -100, 2, -2], [4, 1]),
      y: tensor([1, 0, 0, 0], [4, 1]),
      'dense_0/kernel': tensor([1], [1, 1]),
      'dense_0/bias': tensor([0], [1]),
    });
    expect(results['accuracy']?.[0]).toBeCloseTo(3 / 4, 6);
    expect(results['loss']?.[0]).toBeCloseTo((Math.log1p(Math.exp(-100)) * 2 + 2 + Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-2))) / 4, 5);
    for (const values of Object.values(results)) expect(values.every(Number.isFinite)).toBe(true);
  });
});

/** Keras' and tfjs's argmax: the index of the FIRST maximal value of a row. */
const firstArgmax = (row: readonly number[]): number => row.indexOf(Math.max(...row));

/** Keras' categorical accuracy of float32 predictions against targets, both `[batch, width]` row-major. */
function kerasCategoricalAccuracy(predictions: readonly number[], targets: readonly number[], width: number): number {
  const rows = predictions.length / width;
  let hits = 0;
  for (let row = 0; row < rows; row++) {
    const slice = (values: readonly number[]): number[] => values.slice(row * width, (row + 1) * width);
    if (firstArgmax(slice(predictions)) === firstArgmax(slice(targets))) hits += 1;
  }
  return hits / rows;
}

/** Keras' and tfjs's binaryAccuracy: mean of `y == cast(p > 0.5)`, element by element. */
function kerasBinaryAccuracy(predictions: readonly number[], targets: readonly number[]): number {
  return predictions.filter((prediction, index) => targets[index] === (prediction > 0.5 ? 1 : 0)).length / predictions.length;
}

/** Runs a gradient graph and the prediction graph of the same network on the same feeds. */
async function accuracyAndPredictions(network: NetworkSpec, loss: 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy' | 'binaryCrossentropy' | 'meanSquaredError', feeds: Record<string, ort.Tensor>): Promise<{ accuracy: number; predictions: number[] }> {
  const { bytes } = buildGradientGraph({ network, loss });
  const results = await run(bytes, feeds);
  const graph = new GraphBuilder();
  const forward = emitForward(graph, { network });
  const width = network.layers[network.layers.length - 1]?.units as number;
  graph.output({ name: 'predictions', source: forward.predictions, dims: ['batch', width] });
  const { y: _target, ...forwardFeeds } = feeds;
  const { predictions } = await run(graph.toBytes(), forwardFeeds);
  return { accuracy: results['accuracy']?.[0] as number, predictions: predictions as number[] };
}

describe('accuracy counts as Keras and tfjs count it', () => {
  test('categorical: tied outputs of a zeros-initialised network take the first maximal column, not every tied one', async () => {
    const network: NetworkSpec = { inputSize: 2, layers: [dense({ units: 4, activation: 'relu', kernelInitializer: 'zeros' }), dense({ units: 3, activation: 'softmax', kernelInitializer: 'zeros' })] };
    // All parameters zero: every prediction is [⅓, ⅓, ⅓], so argmax is column 0 and only rows labelled 0 are hits.
    const targets = [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0];
    const feeds: Record<string, ort.Tensor> = { x: tensor([1, 2, -3, 4, 0.5, -1, 2, 2], [4, 2]), y: tensor(targets, [4, 3]) };
    for (const parameter of networkParameters(network)) feeds[parameter.name] = tensor(new Array<number>(parameter.size).fill(0), parameter.shape as number[]);
    for (const loss of ['categoricalCrossentropy', 'sparseCategoricalCrossentropy'] as const) {
      const { accuracy, predictions } = await accuracyAndPredictions(network, loss, feeds);
      expect(new Set(predictions).size, 'every prediction is tied').toBe(1);
      expect(accuracy, loss).toBeCloseTo(kerasCategoricalAccuracy(predictions, targets, 3), 6);
      expect(accuracy, loss).toBeCloseTo(2 / 4, 6);
    }
  });

  test('categorical: all-zero relu outputs and saturated sigmoids tie, and the first maximal column decides', async () => {
    // Outputs = relu(x) and sigmoid(x): negative features give all-zero relu rows, features ≥ 20 give sigmoid 1 in float32.
    const x = [-1, -2, -3, 30, 40, -1, -5, 25, 25, 2, 1, 3];
    const targets = [0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1];
    for (const activation of ['relu', 'sigmoid'] as const) {
      const network: NetworkSpec = { inputSize: 3, layers: [dense({ units: 3, activation })] };
      const feeds = { x: tensor(x, [4, 3]), y: tensor(targets, [4, 3]), 'dense_0/kernel': tensor([1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 3]), 'dense_0/bias': tensor([0, 0, 0], [3]) };
      const { accuracy, predictions } = await accuracyAndPredictions(network, 'meanSquaredError', feeds);
      const expected = kerasCategoricalAccuracy(predictions, targets, 3);
      expect(accuracy, activation).toBeCloseTo(expected, 6);
      expect(expected, activation).toBeLessThan(1);
    }
  });

  test('binary: only the output is thresholded, so soft (0.7) and regression targets count as Keras counts them', async () => {
    const x = [3, -3, 0.2, -0.2, 5, 1];
    const targets = [0.7, 0.7, 1, 0, 0.3, 1];
    const feeds = { x: tensor(x, [6, 1]), y: tensor(targets, [6, 1]), 'dense_0/kernel': tensor([1], [1, 1]), 'dense_0/bias': tensor([0], [1]) };
    for (const [activation, loss] of [['sigmoid', 'binaryCrossentropy'], ['linear', 'meanSquaredError']] as const) {
      const network: NetworkSpec = { inputSize: 1, layers: [dense({ units: 1, activation })] };
      const { accuracy, predictions } = await accuracyAndPredictions(network, loss, feeds);
      const expected = kerasBinaryAccuracy(predictions, targets);
      expect(accuracy, loss).toBeCloseTo(expected, 6);
      // The 0.7 and 0.3 targets never match a thresholded 0 or 1; the 0/1 targets do where the output agrees.
      expect(expected, loss).toBeCloseTo(loss === 'binaryCrossentropy' ? 3 / 6 : 2 / 6, 6);
    }
  });
});

describe('emitForwardBackward', () => {
  test('emits into a caller-owned builder with its own tensor names, leaving outputs to the caller', async () => {
    const graph = new GraphBuilder({ name: 'train_step' });
    const features = graph.input({ name: 'features', dims: ['batch', 2] });
    const labels = graph.input({ name: 'labels_one_hot', dims: ['batch', 2] });
    const parameters = { 'dense_0/kernel': graph.input({ name: 'w', dims: [2, 2] }), 'dense_0/bias': graph.input({ name: 'b', dims: [2] }) };
    const step = emitForwardBackward(graph, { network: softmaxNetwork, loss: 'sparseCategoricalCrossentropy', input: features, target: labels, parameters });
    expect(Object.keys(step.gradients)).toEqual(['dense_0/kernel', 'dense_0/bias']);
    graph.output({ name: 'loss', source: step.loss, dims: [] });
    graph.output({ name: 'db', source: step.gradients['dense_0/bias'] as string, dims: [2] });
    const results = await run(graph.toBytes(), {
      features: tensor([0, 0, 0, 0], [2, 2]),
      labels_one_hot: tensor([1, 0, 1, 0], [2, 2]),
      w: tensor([1, 0, 0, 1], [2, 2]),
      b: tensor([0, 0], [2]),
    });
    // Logits 0: softmax = [½, ½]; db = Σ_rows (p − y) / N = [−½, ½].
    expect(results['loss']?.[0]).toBeCloseTo(Math.LN2, 6);
    expect(results['db']).toEqual([-0.5, 0.5]);
  });

  test('rejects a loss that does not fit the last layer before emitting anything', () => {
    const graph = new GraphBuilder();
    expect(() => emitForwardBackward(graph, { network: softmaxNetwork, loss: 'binaryCrossentropy' })).toThrow(InvalidOptionError);
    expect(graph.has('x')).toBe(false);
  });
});
