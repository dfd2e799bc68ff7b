import { describe, expect, it } from 'vitest';
import type { NetworkSpec } from './float64-network.js';
import { glorotLimit, glorotUniformKernel, glorotUniformParams, mulberry32 } from './glorot.js';

const spec: NetworkSpec = {
  inputSize: 4,
  layers: [
    { units: 6, activation: 'relu' },
    { units: 3, activation: 'softmax' },
  ],
};

describe('mulberry32', () => {
  it('is deterministic, in [0, 1), and seed-dependent', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(first);
    expect(Array.from({ length: 100 }, () => c())).not.toEqual(first);
    for (const v of first) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });

  it('rejects non-integer seeds', () => {
    expect(() => mulberry32(1.5)).toThrow(/seed/);
  });
});

describe('glorotUniformParams', () => {
  it('draws kernels row-major from one stream, layer after layer, biases zero', () => {
    const params = glorotUniformParams(spec, 7);
    const random = mulberry32(7);
    const l0 = glorotLimit(4, 6);
    const l1 = glorotLimit(6, 3);
    const expected0 = Array.from({ length: 24 }, () => (2 * random() - 1) * l0);
    const expected1 = Array.from({ length: 18 }, () => (2 * random() - 1) * l1);
    expect(Object.keys(params)).toEqual(['dense_0/kernel', 'dense_0/bias', 'dense_1/kernel', 'dense_1/bias']);
    expect(Array.from(params['dense_0/kernel'] ?? [])).toEqual(expected0);
    expect(Array.from(params['dense_1/kernel'] ?? [])).toEqual(expected1);
    expect(Array.from(params['dense_0/bias'] ?? [])).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(params['dense_1/bias'] ?? [])).toEqual([0, 0, 0]);
  });

  it('stays within ±√(6/(fanIn+fanOut)) and is reproducible', () => {
    expect(glorotLimit(4, 6)).toBeCloseTo(Math.sqrt(0.6), 15);
    const kernel = glorotUniformKernel(50, 40, mulberry32(1));
    const limit = Math.sqrt(6 / 90);
    let sum = 0;
    for (const v of kernel) {
      expect(Math.abs(v)).toBeLessThanOrEqual(limit);
      sum += v;
    }
    expect(Math.abs(sum / kernel.length)).toBeLessThan(limit / 10);
    expect(glorotUniformParams(spec, 3)).toEqual(glorotUniformParams(spec, 3));
    expect(glorotUniformParams(spec, 3)).not.toEqual(glorotUniformParams(spec, 4));
  });
});
