import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-web';
import { describe, expect, test } from 'vitest';
import { runModel } from './test-support/run-model.js';
import { dense, networkParameters, type NetworkSpec } from './graph/network.js';
import { initialWeights } from './initial-weights.js';
import { adam, rmsprop, sgd } from './optimizers/optimizers.js';
import { buildEvaluationGraph, buildPredictionGraph, buildTrainingStepGraph, buildUnrolledTrainingGraph } from './training-graphs.js';

const { onnx } = onnxProto;
ort.env.wasm.numThreads = 1;

const run = runModel;

const tensor = (values: ArrayLike<number>, dims: readonly number[]): ort.Tensor => new ort.Tensor('float32', Float32Array.from(values), [...dims]);

/**
 * Each graph output's declared shape, by name: numbers for fixed dims, strings for symbolic ones, `undefined` for an
 * output declared without a shape (what onnx.checker rejects: "Field 'shape' of 'type' is required but missing").
 */
function declaredOutputShapes(bytes: Uint8Array): Record<string, (number | string)[] | undefined> {
  const model = onnx.ModelProto.decode(bytes);
  return Object.fromEntries(
    (model.graph?.output ?? []).map((output) => {
      const shape = output.type?.tensorType?.shape;
      const dims = shape == null ? undefined : (shape.dim ?? []).map((dim) => (dim.dimParam ? dim.dimParam : Number(dim.dimValue)));
      return [output.name as string, dims];
    }),
  );
}

const network: NetworkSpec = { inputSize: 3, layers: [dense({ units: 4, activation: 'tanh' }), dense({ units: 2, activation: 'softmax' })] };

describe('declared output shapes', () => {
  test('the exported inference model declares predictions as [batch, units of the last layer], and runs', async () => {
    const weights = initialWeights({ network, seed: 7 });
    const bytes = buildPredictionGraph({ network, weights });
    const shapes = declaredOutputShapes(bytes);
    expect(shapes['predictions']).toHaveLength(2);
    expect(shapes).toEqual({ predictions: ['batch', 2] });
    expect(declaredOutputShapes(buildPredictionGraph({ network }))).toEqual({ predictions: ['batch', 2] });
    const { predictions } = await run(bytes, { x: tensor([1, 2, 3, -1, 0, 1, 0.5, 0.5, 0.5], [3, 3]) });
    expect(predictions?.dims).toEqual([3, 2]);
  });

  test('the training-step, evaluation and unrolled graphs declare the shape of every output', () => {
    const shapesOfParameters = Object.fromEntries(networkParameters(network).map((parameter) => [`next/${parameter.name}`, [...parameter.shape]]));
    for (const optimizer of [sgd({ momentum: 0.9 }), adam(), rmsprop({ momentum: 0.5 })]) {
      const step = buildTrainingStepGraph({ network, loss: 'categoricalCrossentropy', optimizer });
      const stepShapes = declaredOutputShapes(step.bytes);
      expect(Object.values(stepShapes).every((dims) => dims !== undefined), optimizer.name).toBe(true);
      expect(stepShapes).toMatchObject({ loss: [], accuracy: [], ...shapesOfParameters });
      for (const slot of step.state) expect(stepShapes[`next/${slot.name}`], slot.name).toEqual([...slot.dims]);

      const unrolled = buildUnrolledTrainingGraph({ network, loss: 'categoricalCrossentropy', optimizer, steps: 3 });
      const unrolledShapes = declaredOutputShapes(unrolled.bytes);
      expect(Object.values(unrolledShapes).every((dims) => dims !== undefined), optimizer.name).toBe(true);
      expect(unrolledShapes).toMatchObject({ losses: [3], accuracies: [3], ...shapesOfParameters });
      for (const slot of unrolled.state) expect(unrolledShapes[`next/${slot.name}`], slot.name).toEqual([...slot.dims]);
    }
    expect(declaredOutputShapes(buildEvaluationGraph({ network, loss: 'meanSquaredError' }))).toEqual({ loss: [], accuracy: [] });
  });

  test('onnxruntime-web runs the graphs with their declared output shapes, and the outputs match them', async () => {
    const weights = initialWeights({ network, seed: 3 });
    const batch = { x: tensor([1, 2, 3, -1, 0, 1], [2, 3]), y: tensor([1, 0, 0, 1], [2, 2]) };
    const parameterFeeds = Object.fromEntries(networkParameters(network).map((parameter) => [parameter.name, tensor(weights[parameter.name] as Float32Array, parameter.shape)]));
    const step = buildTrainingStepGraph({ network, loss: 'categoricalCrossentropy', optimizer: adam() });
    const feeds: Record<string, ort.Tensor> = { ...batch, ...parameterFeeds, learningRate: tensor([0.01], []), biasCorrection1: tensor([0.1], []), biasCorrection2: tensor([0.001], []) };
    for (const slot of step.state) feeds[slot.name] = tensor(new Float32Array(slot.dims.reduce((product, dim) => product * dim, 1)), slot.dims);
    const results = await run(step.bytes, feeds);
    const shapes = declaredOutputShapes(step.bytes);
    for (const [name, result] of Object.entries(results)) expect(result.dims, name).toEqual(shapes[name]);
  });
});

describe('evaluation accuracy', () => {
  test("a zeros-initialised network's accuracy is Keras' first-index argmax accuracy of its predictions", async () => {
    const zeros: NetworkSpec = {
      inputSize: 2,
      layers: [dense({ units: 3, activation: 'relu', kernelInitializer: 'zeros' }), dense({ units: 3, activation: 'softmax', kernelInitializer: 'zeros' })],
    };
    const weights = initialWeights({ network: zeros, seed: 1 });
    const parameterFeeds = Object.fromEntries(networkParameters(zeros).map((parameter) => [parameter.name, tensor(weights[parameter.name] as Float32Array, parameter.shape)]));
    const x = tensor([0.5, 1, -2, 3, 4, -1, 0, 0, 1, 1], [5, 2]);
    const labels = [0, 2, 1, 0, 2];
    const oneHot = labels.flatMap((label) => [0, 1, 2].map((column) => (column === label ? 1 : 0)));
    const { predictions } = await run(buildPredictionGraph({ network: zeros, weights }), { x });
    const rows = Array.from({ length: 5 }, (_, row) => Array.from((predictions?.data as Float32Array).subarray(row * 3, row * 3 + 3)));
    const firstArgmax = (row: readonly number[]): number => row.indexOf(Math.max(...row));
    const expected = rows.filter((row, index) => firstArgmax(row) === labels[index]).length / rows.length;
    // Every row is the tie [⅓, ⅓, ⅓], so argmax is column 0: only the two rows labelled 0 are hits.
    expect(expected).toBeCloseTo(2 / 5, 12);
    for (const loss of ['categoricalCrossentropy', 'sparseCategoricalCrossentropy'] as const) {
      const { accuracy } = await run(buildEvaluationGraph({ network: zeros, loss }), { x, y: tensor(oneHot, [5, 3]), ...parameterFeeds });
      expect((accuracy?.data as Float32Array)[0], loss).toBeCloseTo(expected, 6);
    }
  });
});
