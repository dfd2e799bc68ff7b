import { fc, test } from '@fast-check/vitest';
import * as ort from 'onnxruntime-web';
import { describe, expect } from 'vitest';
import { buildGradientGraph } from './forward-backward.js';
import { dense, networkParameters, type Activation, type Loss, type NetworkSpec } from './network.js';

ort.env.wasm.numThreads = 1;

// ---------------------------------------------------------------------------------------------------------------
// A float64 reference, written independently of the graph: the forward pass and the loss as plain arithmetic,
// differentiated numerically by central differences.
// ---------------------------------------------------------------------------------------------------------------

type Matrix = number[][];

interface Reference {
  /** Every layer's pre-activations. */
  readonly preActivations: Matrix[];
  readonly activations: Array<{ readonly activation: Activation; readonly values: Matrix }>;
  readonly loss: number;
  readonly output: Matrix;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function activate(activation: Activation, row: number[]): number[] {
  switch (activation) {
    case 'relu':
      return row.map((z) => Math.max(z, 0));
    case 'sigmoid':
      return row.map(sigmoid);
    case 'tanh':
      return row.map(Math.tanh);
    case 'linear':
      return row.slice();
    case 'softmax': {
      const max = Math.max(...row);
      const exps = row.map((z) => Math.exp(z - max));
      const total = exps.reduce((a, b) => a + b, 0);
      return exps.map((e) => e / total);
    }
  }
}

/** Forward pass and loss in float64; `parameters` holds every parameter in graph order, flattened row-major. */
function reference(network: NetworkSpec, loss: Loss, parameters: readonly Float64Array[], x: Matrix, y: Matrix): Reference {
  const preActivations: Matrix[] = [];
  const activations: Reference['activations'] = [];
  let current = x;
  let width = network.inputSize;
  network.layers.forEach((layer, l) => {
    const kernel = parameters[2 * l] as Float64Array;
    const bias = parameters[2 * l + 1] as Float64Array;
    const z = current.map((row) =>
      Array.from({ length: layer.units }, (_, j) => row.reduce((sum, value, i) => sum + value * (kernel[i * layer.units + j] as number), bias[j] as number)),
    );
    preActivations.push(z);
    current = z.map((row) => activate(layer.activation, row));
    activations.push({ activation: layer.activation, values: current });
    width = layer.units;
  });
  const logits = preActivations[preActivations.length - 1] as Matrix;
  const n = x.length;
  let value = 0;
  if (loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') {
    logits.forEach((row, r) => {
      const max = Math.max(...row);
      const lse = max + Math.log(row.reduce((sum, z) => sum + Math.exp(z - max), 0));
      value -= row.reduce((sum, z, j) => sum + (y[r]?.[j] as number) * (z - lse), 0);
    });
    value /= n;
  } else if (loss === 'binaryCrossentropy') {
    // −[y log σ(z) + (1 − y) log(1 − σ(z))], written with log1p for float64 accuracy.
    logits.forEach((row, r) =>
      row.forEach((z, j) => {
        const t = y[r]?.[j] as number;
        value += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
      }),
    );
    value /= n * width;
  } else {
    current.forEach((row, r) => row.forEach((p, j) => (value += (p - (y[r]?.[j] as number)) ** 2)));
    value /= n * width;
  }
  return { preActivations, activations, loss: value, output: current };
}

/** Central finite differences of the float64 loss with respect to every parameter value. */
function numericGradients(network: NetworkSpec, loss: Loss, parameters: readonly Float64Array[], x: Matrix, y: Matrix): Float64Array[] {
  const h = 1e-5;
  return parameters.map((parameter) => {
    const gradient = new Float64Array(parameter.length);
    for (let i = 0; i < parameter.length; i++) {
      const saved = parameter[i] as number;
      parameter[i] = saved + h;
      const plus = reference(network, loss, parameters, x, y).loss;
      parameter[i] = saved - h;
      const minus = reference(network, loss, parameters, x, y).loss;
      parameter[i] = saved;
      gradient[i] = (plus - minus) / (2 * h);
    }
    return gradient;
  });
}

/** Float64 accuracy, or undefined when a near-tie makes float32 and float64 answers legitimately differ. */
function referenceAccuracy(loss: Loss, output: Matrix, y: Matrix): number | undefined {
  const categorical = loss !== 'binaryCrossentropy' && !(loss === 'meanSquaredError' && (output[0]?.length ?? 0) === 1);
  let hits = 0;
  let count = 0;
  const margin = 1e-4;
  for (let r = 0; r < output.length; r++) {
    const row = output[r] as number[];
    const target = y[r] as number[];
    if (categorical) {
      // Keras' argmax: the first maximal column. The targets are fed exactly as given, so only the outputs' near-ties
      // (where float32 may order two columns unlike float64) are left out.
      const argmax = (values: number[]): number => values.indexOf(Math.max(...values));
      const sorted = [...row].sort((a, b) => b - a);
      if (row.length > 1 && (sorted[0] as number) - (sorted[1] as number) < margin) return undefined;
      hits += argmax(row) === argmax(target) ? 1 : 0;
      count += 1;
    } else {
      for (let j = 0; j < row.length; j++) {
        const p = row[j] as number;
        const t = target[j] as number;
        // Keras' binaryAccuracy: only the output is thresholded, so a soft target is never a hit.
        if (Math.abs(p - 0.5) < margin) return undefined;
        hits += t === (p > 0.5 ? 1 : 0) ? 1 : 0;
        count += 1;
      }
    }
  }
  return hits / count;
}

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries: small networks, float32-exact values.
// ---------------------------------------------------------------------------------------------------------------

const HIDDEN_ACTIVATIONS: readonly Activation[] = ['relu', 'sigmoid', 'tanh', 'linear'];
const f32 = (min: number, max: number): fc.Arbitrary<number> => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map(Math.fround);

interface Case {
  readonly network: NetworkSpec;
  readonly loss: Loss;
  readonly parameters: Float64Array[];
  readonly x: Matrix;
  readonly y: Matrix;
}

function caseArbitrary(loss: Loss, lastActivations: readonly Activation[]): fc.Arbitrary<Case> {
  const shape = fc.record({
    inputSize: fc.integer({ min: 1, max: 4 }),
    hidden: fc.array(fc.record({ units: fc.integer({ min: 1, max: 5 }), activation: fc.constantFrom(...HIDDEN_ACTIVATIONS) }), { maxLength: 2 }),
    last: fc.record({ units: fc.integer({ min: 1, max: 5 }), activation: fc.constantFrom(...lastActivations) }),
    batch: fc.integer({ min: 1, max: 5 }),
  });
  return shape.chain(({ inputSize, hidden, last, batch }) => {
    const network: NetworkSpec = { inputSize, layers: [...hidden, last].map((layer) => dense(layer)) };
    const k = last.units;
    const sizes = networkParameters(network).map((parameter) => parameter.size);
    const row = (width: number, value: fc.Arbitrary<number>): fc.Arbitrary<number[]> => fc.array(value, { minLength: width, maxLength: width });
    let target: fc.Arbitrary<number[]>;
    if (loss === 'sparseCategoricalCrossentropy') {
      target = fc.integer({ min: 0, max: k - 1 }).map((label) => Array.from({ length: k }, (_, j) => (j === label ? 1 : 0)));
    } else if (loss === 'categoricalCrossentropy') {
      // Any probability vector (one-hot rows are the sparse case above): the graph handles soft labels too.
      target = row(k, f32(0.01, 1)).map((values) => {
        const total = values.reduce((a, b) => a + b, 0);
        return values.map((value) => Math.fround(value / total));
      });
    } else if (loss === 'binaryCrossentropy') {
      target = row(k, fc.oneof(fc.constantFrom(0, 1), f32(0, 1)));
    } else {
      target = row(k, f32(-1, 1));
    }
    return fc.record({
      parameters: fc.tuple(...sizes.map((size) => row(size, f32(-1, 1)))).map((arrays) => arrays.map((values) => Float64Array.from(values))),
      x: fc.array(row(inputSize, f32(-2, 2)), { minLength: batch, maxLength: batch }),
      y: fc.array(target, { minLength: batch, maxLength: batch }),
    }).map(({ parameters, x, y }) => ({ network, loss, parameters, x, y }));
  });
}

/** No relu pre-activation within 1e-3 of its kink, so the float64 finite differences see a smooth function. */
function awayFromKinks(testCase: Case): boolean {
  const { preActivations } = reference(testCase.network, testCase.loss, testCase.parameters, testCase.x, testCase.y);
  return testCase.network.layers.every((layer, l) => layer.activation !== 'relu' || (preActivations[l] ?? []).every((row) => row.every((z) => Math.abs(z) >= 1e-3)));
}

async function checkGradients(testCase: Case): Promise<void> {
  fc.pre(awayFromKinks(testCase));
  const { network, loss, parameters, x, y } = testCase;
  const graph = buildGradientGraph({ network, loss });
  const k = network.layers[network.layers.length - 1]?.units as number;
  const feeds: Record<string, ort.Tensor> = {
    x: new ort.Tensor('float32', Float32Array.from(x.flat()), [x.length, network.inputSize]),
    y: new ort.Tensor('float32', Float32Array.from(y.flat()), [y.length, k]),
  };
  const infos = networkParameters(network);
  infos.forEach((info, index) => {
    feeds[info.name] = new ort.Tensor('float32', Float32Array.from(parameters[index] as Float64Array), [...info.shape]);
  });
  const session = await ort.InferenceSession.create(graph.bytes, { executionProviders: ['wasm'] });
  let results: ort.InferenceSession.ReturnType;
  try {
    results = await session.run(feeds);
  } finally {
    await session.release();
  }
  const exact = reference(network, loss, parameters, x, y);
  const within = (actual: number, expected: number, relative: number, absolute: number): boolean => Math.abs(actual - expected) <= absolute + relative * Math.abs(expected);

  const lossValue = (results['loss']?.data as Float32Array)[0] as number;
  expect(results['loss']?.dims).toEqual([]);
  expect(within(lossValue, exact.loss, 1e-4, 1e-5), `loss ${lossValue} vs float64 ${exact.loss}`).toBe(true);

  const accuracy = (results['accuracy']?.data as Float32Array)[0] as number;
  const expectedAccuracy = referenceAccuracy(loss, exact.output, y);
  if (expectedAccuracy !== undefined) expect(accuracy).toBeCloseTo(expectedAccuracy, 6);

  const numeric = numericGradients(network, loss, parameters, x, y);
  infos.forEach((info, index) => {
    const tensor = results[`grad/${info.name}`];
    expect(tensor?.dims, info.name).toEqual([...info.shape]);
    const actual = Array.from(tensor?.data as Float32Array);
    const expected = Array.from(numeric[index] as Float64Array);
    actual.forEach((value, i) => {
      const want = expected[i] as number;
      expect(within(value, want, 1e-3, 1e-4), `${info.name}[${i}]: graph ${value}, finite differences ${want}`).toBe(true);
    });
  });
}

describe('gradient graph matches central finite differences of a float64 reference', () => {
  test.prop([caseArbitrary('categoricalCrossentropy', ['softmax'])], { numRuns: 30 })(
    'categorical cross-entropy from softmax logits',
    (testCase) => checkGradients(testCase),
    60_000,
  );
  test.prop([caseArbitrary('sparseCategoricalCrossentropy', ['softmax'])], { numRuns: 30 })(
    'sparse categorical cross-entropy (one-hot targets) from softmax logits',
    (testCase) => checkGradients(testCase),
    60_000,
  );
  test.prop([caseArbitrary('binaryCrossentropy', ['sigmoid'])], { numRuns: 30 })(
    'binary cross-entropy from sigmoid logits',
    (testCase) => checkGradients(testCase),
    60_000,
  );
  test.prop([caseArbitrary('meanSquaredError', ['relu', 'sigmoid', 'tanh', 'linear', 'softmax'])], { numRuns: 40 })(
    'mean squared error after every activation, softmax included',
    (testCase) => checkGradients(testCase),
    60_000,
  );
});
