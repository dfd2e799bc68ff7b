import { describe, expect, it } from 'vitest';
import type { Params } from './float64-network.js';
import {
  adamBiasCorrections,
  adamStep,
  adamwStep,
  optimizerStep,
  rmspropStep,
  sgdStep,
  type AdamState,
  type OptimizerConfig,
  type OptimizerState,
  type RmspropState,
  type SgdState,
} from './float64-optimizers.js';

// One scalar parameter over three steps, with a changing learning rate (as a schedule would feed it).
const w0 = 0.5;
const gs = [0.3, -0.2, 0.1] as const;
const lrs = [0.1, 0.05, 0.02] as const;

function close(actual: number, expected: number, relative = 1e-12): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(relative * Math.abs(expected) + 1e-15);
}

function run<S>(step: (params: Params, grads: Params, lr: number, state: S | undefined) => { params: Params; state: S }): number[] {
  let params: Params = { w: new Float64Array([w0]) };
  let state: S | undefined;
  const ws: number[] = [];
  gs.forEach((g, t) => {
    ({ params, state } = step(params, { w: new Float64Array([g]) }, lrs[t] as number, state));
    ws.push(params['w']?.[0] as number);
  });
  return ws;
}

describe('float64 SGD', () => {
  it('plain: w − lr·g', () => {
    // 0.5 − 0.1·0.3 = 0.47; 0.47 + 0.05·0.2 = 0.48; 0.48 − 0.02·0.1 = 0.478
    const ws = run<SgdState>((p, g, lr, s) => sgdStep(p, g, lr, {}, s));
    [0.47, 0.48, 0.478].forEach((e, i) => close(ws[i] as number, e));
  });

  it('momentum 0.9: v ← 0.9v + g, w ← w − lr·v', () => {
    // v: 0.3, 0.27 − 0.2 = 0.07, 0.063 + 0.1 = 0.163
    // w: 0.5 − 0.03 = 0.47, 0.47 − 0.0035 = 0.4665, 0.4665 − 0.00326 = 0.46324
    const ws = run<SgdState>((p, g, lr, s) => sgdStep(p, g, lr, { momentum: 0.9 }, s));
    [0.47, 0.4665, 0.46324].forEach((e, i) => close(ws[i] as number, e));
  });

  it('nesterov 0.9: w ← w − lr·(g + 0.9v) with the new v', () => {
    // 0.5 − 0.1·(0.3 + 0.27) = 0.443
    // 0.443 − 0.05·(−0.2 + 0.063) = 0.44985
    // 0.44985 − 0.02·(0.1 + 0.1467) = 0.444916
    const ws = run<SgdState>((p, g, lr, s) => sgdStep(p, g, lr, { momentum: 0.9, nesterov: true }, s));
    [0.443, 0.44985, 0.444916].forEach((e, i) => close(ws[i] as number, e));
  });
});

/** Independent scalar Adam/AdamW: bias corrections from an explicit running product of β's. */
function scalarAdam(beta1: number, beta2: number, eps: number, decay: number): number[] {
  let w = w0;
  let m = 0;
  let v = 0;
  let p1 = 1;
  let p2 = 1;
  const out: number[] = [];
  for (let t = 0; t < 3; t++) {
    const g = gs[t] as number;
    const lr = lrs[t] as number;
    p1 *= beta1;
    p2 *= beta2;
    m = beta1 * m + (1 - beta1) * g;
    v = beta2 * v + (1 - beta2) * g * g;
    const update = m / (1 - p1) / (Math.sqrt(v / (1 - p2)) + eps);
    w = w - lr * update - lr * decay * w;
    out.push(w);
  }
  return out;
}

describe('float64 Adam and AdamW', () => {
  it('first Adam step is about lr·sign(g): m̂ = g, v̂ = g²', () => {
    const { params } = adamStep({ w: new Float64Array([w0]) }, { w: new Float64Array([0.3]) }, 0.1);
    close(params['w']?.[0] as number, 0.5 - (0.1 * 0.3) / (0.3 + 1e-7));
  });

  it('Adam with defaults over 3 steps', () => {
    const ws = run<AdamState>((p, g, lr, s) => adamStep(p, g, lr, {}, s));
    scalarAdam(0.9, 0.999, 1e-7, 0).forEach((e, i) => close(ws[i] as number, e));
  });

  it('Adam with custom β and ε over 3 steps', () => {
    const ws = run<AdamState>((p, g, lr, s) => adamStep(p, g, lr, { beta1: 0.8, beta2: 0.99, epsilon: 1e-3 }, s));
    scalarAdam(0.8, 0.99, 1e-3, 0).forEach((e, i) => close(ws[i] as number, e));
  });

  it('AdamW with the default λ = 0.004 and a custom λ over 3 steps', () => {
    const ws = run<AdamState>((p, g, lr, s) => adamwStep(p, g, lr, {}, s));
    scalarAdam(0.9, 0.999, 1e-7, 0.004).forEach((e, i) => close(ws[i] as number, e));
    // First step by hand: 0.5 − 0.1·(0.3/(0.3 + 1e-7) + 0.004·0.5)
    close(ws[0] as number, 0.5 - 0.1 * (0.3 / (0.3 + 1e-7) + 0.002));
    const ws2 = run<AdamState>((p, g, lr, s) => adamwStep(p, g, lr, { weightDecay: 0.1 }, s));
    scalarAdam(0.9, 0.999, 1e-7, 0.1).forEach((e, i) => close(ws2[i] as number, e));
  });

  it('exposes the bias corrections the graph receives', () => {
    const { biasCorrection1, biasCorrection2 } = adamBiasCorrections(2);
    close(biasCorrection1, 1 - 0.9 * 0.9 * 0.9);
    close(biasCorrection2, 1 - 0.999 * 0.999 * 0.999);
    expect(() => adamBiasCorrections(-1)).toThrow(RangeError);
  });
});

/** Independent scalar RMSProp (optionally centered, optionally with momentum). */
function scalarRmsprop(rho: number, eps: number, mu: number, centered: boolean): number[] {
  let w = w0;
  let s = 0;
  let gBar = 0;
  let buf = 0;
  const out: number[] = [];
  for (let t = 0; t < 3; t++) {
    const g = gs[t] as number;
    const lr = lrs[t] as number;
    s = rho * s + (1 - rho) * g ** 2;
    gBar = rho * gBar + (1 - rho) * g;
    const denominator = Math.sqrt((centered ? s - gBar ** 2 : s) + eps);
    if (mu > 0) {
      buf = mu * buf + (lr * g) / denominator;
      w -= buf;
    } else {
      w -= (lr * g) / denominator;
    }
    out.push(w);
  }
  return out;
}

describe('float64 RMSProp', () => {
  it('first step by hand: s = 0.1·g², w − lr·g/√(s + ε)', () => {
    const { params } = rmspropStep({ w: new Float64Array([w0]) }, { w: new Float64Array([0.3]) }, 0.1);
    close(params['w']?.[0] as number, 0.5 - (0.1 * 0.3) / Math.sqrt(0.1 * 0.09 + 1e-7));
  });

  it('defaults (ρ 0.9, ε 1e-7, no momentum, not centered) over 3 steps', () => {
    const ws = run<RmspropState>((p, g, lr, s) => rmspropStep(p, g, lr, {}, s));
    scalarRmsprop(0.9, 1e-7, 0, false).forEach((e, i) => close(ws[i] as number, e));
  });

  it('momentum 0.5 over 3 steps', () => {
    const ws = run<RmspropState>((p, g, lr, s) => rmspropStep(p, g, lr, { momentum: 0.5 }, s));
    scalarRmsprop(0.9, 1e-7, 0.5, false).forEach((e, i) => close(ws[i] as number, e));
  });

  it('centered with momentum over 3 steps', () => {
    const ws = run<RmspropState>((p, g, lr, s) => rmspropStep(p, g, lr, { rho: 0.8, momentum: 0.3, centered: true }, s));
    scalarRmsprop(0.8, 1e-7, 0.3, true).forEach((e, i) => close(ws[i] as number, e));
  });
});

describe('float64 optimizer plumbing', () => {
  const configs: OptimizerConfig[] = [
    { kind: 'sgd', momentum: 0.9, nesterov: true },
    { kind: 'adam' },
    { kind: 'adamw', weightDecay: 0.01 },
    { kind: 'rmsprop', momentum: 0.2 },
  ];

  it.each(configs)('$kind: optimizerStep acts element-wise, counts steps, and leaves its inputs alone', (config) => {
    const params: Params = { a: new Float64Array([0.5, -1]), b: new Float64Array([2]) };
    const grads: Params = { a: new Float64Array([0.3, 0.7]), b: new Float64Array([-0.2]) };
    let state: OptimizerState | undefined;
    let current = params;
    for (let t = 0; t < 3; t++) ({ params: current, state } = optimizerStep(config, current, grads, 0.05, state));
    expect(state?.step).toBe(3);
    expect(Array.from(params['a'] ?? [])).toEqual([0.5, -1]);
    // Element 0 of `a` follows the same trajectory as a 1-element parameter.
    let single: Params = { a: new Float64Array([0.5]) };
    let singleState: OptimizerState | undefined;
    for (let t = 0; t < 3; t++) ({ params: single, state: singleState } = optimizerStep(config, single, { a: new Float64Array([0.3]) }, 0.05, singleState));
    close(current['a']?.[0] as number, single['a']?.[0] as number);
  });

  it('rejects mismatched gradients and bad rates', () => {
    const params: Params = { a: new Float64Array(2) };
    expect(() => sgdStep(params, { a: new Float64Array(3) }, 0.1)).toThrow(/3 values/);
    expect(() => sgdStep(params, {}, 0.1)).toThrow(/no gradient/);
    expect(() => sgdStep(params, { a: new Float64Array(2), b: new Float64Array(1) }, 0.1)).toThrow(/no parameter/);
    expect(() => adamStep(params, { a: new Float64Array(2) }, Number.NaN)).toThrow(/finite/);
  });
});
