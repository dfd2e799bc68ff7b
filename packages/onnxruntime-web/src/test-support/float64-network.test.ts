import { describe, expect, it } from 'vitest';
import {
  accuracy,
  forward,
  gradients,
  loss,
  parameterShapes,
  type Activation,
  type LossName,
  type NetworkSpec,
  type Params,
} from './float64-network.js';
import { glorotUniformParams, mulberry32 } from './glorot.js';

const activations: readonly Activation[] = ['relu', 'sigmoid', 'tanh', 'linear', 'softmax'];
const outputActivations: Record<LossName, readonly Activation[]> = {
  categoricalCrossentropy: ['softmax', 'linear'],
  sparseCategoricalCrossentropy: ['softmax', 'linear'],
  binaryCrossentropy: ['sigmoid', 'linear'],
  meanSquaredError: activations,
};

function randomMatrix(random: () => number, rows: number, cols: number, scale: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => (2 * random() - 1) * scale));
}

function randomTargets(random: () => number, lossName: LossName, rows: number, units: number, variant: number): number[][] {
  switch (lossName) {
    case 'categoricalCrossentropy':
      // Alternate one-hot rows and arbitrary positive soft labels (not summing to 1: the definition still holds).
      return Array.from({ length: rows }, (_, r) => {
        if ((r + variant) % 2 === 0) {
          const label = Math.floor(random() * units);
          return Array.from({ length: units }, (__, k) => (k === label ? 1 : 0));
        }
        return Array.from({ length: units }, () => random());
      });
    case 'sparseCategoricalCrossentropy':
      return Array.from({ length: rows }, () => [Math.floor(random() * units)]);
    case 'binaryCrossentropy':
      return Array.from({ length: rows }, () => Array.from({ length: units }, () => (random() < 0.3 ? random() : Math.round(random()))));
    case 'meanSquaredError':
      return randomMatrix(random, rows, units, 1);
  }
}

/** Sign pattern of every relu pre-activation, to skip finite differences that straddle a kink. */
function reluPattern(spec: NetworkSpec, params: Params, x: number[][]): string {
  const { layers } = forward(spec, params, x);
  return layers
    .map((trace, i) => (spec.layers[i]?.activation === 'relu' ? trace.preActivation.map((row) => row.map((v) => (v > 0 ? 1 : 0)).join('')).join('|') : ''))
    .join('/');
}

describe('float64 network gradients against central finite differences', () => {
  const cases: { hidden: Activation; lossName: LossName; output: Activation }[] = [];
  for (const hidden of activations) {
    for (const lossName of Object.keys(outputActivations) as LossName[]) {
      for (const output of outputActivations[lossName]) cases.push({ hidden, lossName, output });
    }
  }

  it.each(cases.map((c, index) => ({ ...c, index })))('hidden $hidden, $lossName with $output output', ({ hidden, lossName, output, index }) => {
    const random = mulberry32(1000 + index);
    const inputSize = 2 + (index % 3);
    const outputUnits = lossName === 'binaryCrossentropy' || lossName === 'meanSquaredError' ? 1 + (index % 3) : 2 + (index % 3);
    const spec: NetworkSpec = {
      inputSize,
      layers: [
        { units: 4, activation: hidden },
        { units: 3, activation: activations[(index + 1) % activations.length] as Activation },
        { units: outputUnits, activation: output },
      ],
    };
    const params = glorotUniformParams(spec, index);
    // Non-zero biases, so the bias paths are exercised too.
    for (const [name, values] of Object.entries(params)) {
      if (name.endsWith('/bias')) for (let i = 0; i < values.length; i++) values[i] = (2 * random() - 1) * 0.5;
    }
    const rows = 5;
    const x = randomMatrix(random, rows, inputSize, 2);
    const y = randomTargets(random, lossName, rows, outputUnits, index);

    const analytic = gradients(spec, params, x, y, lossName);
    expect(Object.keys(analytic)).toEqual(Object.keys(parameterShapes(spec)));

    const h = 1e-5;
    const basePattern = reluPattern(spec, params, x);
    let checked = 0;
    let skipped = 0;
    for (const [name, values] of Object.entries(params)) {
      const grad = analytic[name] as Float64Array;
      expect(grad.length).toBe(values.length);
      for (let i = 0; i < values.length; i++) {
        const original = values[i] as number;
        values[i] = original + h;
        const up = loss(spec, params, x, y, lossName);
        const upPattern = reluPattern(spec, params, x);
        values[i] = original - h;
        const down = loss(spec, params, x, y, lossName);
        const downPattern = reluPattern(spec, params, x);
        values[i] = original;
        if (upPattern !== basePattern || downPattern !== basePattern) {
          skipped++;
          continue;
        }
        const numeric = (up - down) / (2 * h);
        const g = grad[i] as number;
        const tolerance = 1e-6 * Math.max(Math.abs(g), Math.abs(numeric)) + 1e-9;
        expect(Math.abs(g - numeric), `${name}[${i}]: analytic ${g}, numeric ${numeric}`).toBeLessThanOrEqual(tolerance);
        checked++;
      }
    }
    expect(skipped).toBeLessThanOrEqual(2);
    expect(checked).toBeGreaterThan(20);
  });
});

describe('float64 network losses', () => {
  const oneLayer = (units: number, activation: Activation): NetworkSpec => ({ inputSize: 2, layers: [{ units, activation }] });
  const zeros = (spec: NetworkSpec): Params => {
    const params: Params = {};
    for (const [name, shape] of Object.entries(parameterShapes(spec))) params[name] = new Float64Array(shape.reduce((a, b) => a * b, 1));
    return params;
  };

  it('computes the forward pass with a row-major [in, units] kernel', () => {
    const spec: NetworkSpec = { inputSize: 2, layers: [{ units: 3, activation: 'linear' }, { units: 1, activation: 'relu' }] };
    const params: Params = {
      'dense_0/kernel': new Float64Array([1, 2, 3, 4, 5, 6]),
      'dense_0/bias': new Float64Array([0.5, 0, -0.5]),
      'dense_1/kernel': new Float64Array([1, -1, 1]),
      'dense_1/bias': new Float64Array([-10]),
    };
    const result = forward(spec, params, [[1, 1], [1, 0]]);
    expect(result.layers[0]?.preActivation).toEqual([[5.5, 7, 8.5], [1.5, 2, 2.5]]);
    expect(result.layers[1]?.preActivation).toEqual([[-3], [-8]]);
    expect(result.output).toEqual([[0], [0]]);
  });

  it('categorical cross-entropy of zero logits is log(units)', () => {
    const spec = oneLayer(3, 'softmax');
    expect(loss(spec, zeros(spec), [[1, 2], [3, 4]], [[1, 0, 0], [0, 0, 1]], 'categoricalCrossentropy')).toBeCloseTo(Math.log(3), 14);
    expect(loss(spec, zeros(spec), [[1, 2], [3, 4]], [[0], [2]], 'sparseCategoricalCrossentropy')).toBeCloseTo(Math.log(3), 14);
  });

  it('cross-entropies equal their naive forms for one-hot labels and moderate logits', () => {
    const spec = oneLayer(3, 'softmax');
    const params: Params = { 'dense_0/kernel': new Float64Array([0.3, -0.2, 0.7, 1.1, 0.4, -0.9]), 'dense_0/bias': new Float64Array([0.1, 0, -0.1]) };
    const x = [[0.5, -1], [2, 0.25]];
    const y = [[0, 1, 0], [0, 0, 1]];
    const p = forward(spec, params, x).output;
    const naive = -(Math.log(p[0]?.[1] as number) + Math.log(p[1]?.[2] as number)) / 2;
    expect(loss(spec, params, x, y, 'categoricalCrossentropy')).toBeCloseTo(naive, 13);
    expect(loss(spec, params, x, [[1], [2]], 'sparseCategoricalCrossentropy')).toBeCloseTo(naive, 13);

    const binary = oneLayer(3, 'sigmoid');
    const yb = [[1, 0, 0.25], [0, 1, 1]];
    const q = forward(binary, params, x).output;
    let total = 0;
    q.forEach((row, r) => row.forEach((v, k) => {
      const t = yb[r]?.[k] as number;
      total += -(t * Math.log(v) + (1 - t) * Math.log(1 - v));
    }));
    expect(loss(binary, params, x, yb, 'binaryCrossentropy')).toBeCloseTo(total / 6, 13);
  });

  it('binary cross-entropy stays finite for huge logits', () => {
    const spec = oneLayer(1, 'sigmoid');
    const params: Params = { 'dense_0/kernel': new Float64Array([1000, 0]), 'dense_0/bias': new Float64Array([0]) };
    expect(loss(spec, params, [[1, 0]], [[0]], 'binaryCrossentropy')).toBeCloseTo(1000, 10);
    expect(loss(spec, params, [[1, 0]], [[1]], 'binaryCrossentropy')).toBe(0);
  });

  it('mean squared error averages over every element', () => {
    const spec = oneLayer(2, 'linear');
    expect(loss(spec, zeros(spec), [[1, 1], [2, 2]], [[1, 2], [3, 4]], 'meanSquaredError')).toBe((1 + 4 + 9 + 16) / 4);
  });

  it('rejects malformed input', () => {
    const spec = oneLayer(2, 'softmax');
    const params = zeros(spec);
    expect(() => loss(spec, params, [[1, 2, 3]], [[1, 0]], 'categoricalCrossentropy')).toThrow(RangeError);
    expect(() => loss(spec, params, [], [], 'categoricalCrossentropy')).toThrow(/empty/);
    expect(() => loss(spec, params, [[1, 2]], [[2]], 'sparseCategoricalCrossentropy')).toThrow(/sparse label/);
    expect(() => loss(spec, params, [[1, 2]], [[1, 0]], 'binaryCrossentropy')).toThrow(/sigmoid/);
    expect(() => loss(oneLayer(2, 'relu'), params, [[1, 2]], [[1, 0]], 'categoricalCrossentropy')).toThrow(/softmax/);
    expect(() => forward(spec, { 'dense_0/kernel': new Float64Array(3), 'dense_0/bias': new Float64Array(2) }, [[1, 2]])).toThrow(/dense_0\/kernel/);
  });
});

describe('float64 network accuracy', () => {
  const spec: NetworkSpec = { inputSize: 2, layers: [{ units: 2, activation: 'softmax' }] };
  const identity: Params = { 'dense_0/kernel': new Float64Array([1, 0, 0, 1]), 'dense_0/bias': new Float64Array(2) };
  const x = [[2, 1], [0, 3], [5, 4]];

  it('uses categorical accuracy by default', () => {
    expect(accuracy(spec, identity, x, [[1, 0], [0, 1], [0, 1]])).toBeCloseTo(2 / 3, 15);
  });

  it('uses sparse accuracy for sparse labels', () => {
    expect(accuracy(spec, identity, x, [[0], [1], [0]], 'sparseCategoricalCrossentropy')).toBe(1);
  });

  it('uses binary accuracy at 0.5 for binary cross-entropy or one output unit', () => {
    const binary: NetworkSpec = { inputSize: 2, layers: [{ units: 1, activation: 'sigmoid' }] };
    const params: Params = { 'dense_0/kernel': new Float64Array([1, -1]), 'dense_0/bias': new Float64Array(1) };
    expect(accuracy(binary, params, x, [[1], [1], [1]], 'binaryCrossentropy')).toBeCloseTo(2 / 3, 15);
    expect(accuracy(binary, params, x, [[1], [0], [1]], 'meanSquaredError')).toBe(1);
  });
});
