/**
 * Float64 references for one step of each optimizer the ONNX training graphs implement, on parameter records
 * (`Record<string, Float64Array>`, see `float64-network.ts`). Every function is pure: it returns new parameters and a
 * new state and never mutates its arguments.
 *
 * The update rules below are the exact definitions the ONNX graphs implement; the learning rate `lr` is an argument
 * of every step (a graph input there), and `step` counts the steps already taken (0 before the first).
 *
 * - SGD: `w ← w − lr·g`.
 *   With momentum `m > 0`: `v ← m·v + g; w ← w − lr·v`. With Nesterov: `v ← m·v + g; w ← w − lr·(g + m·v)` (the new
 *   `v`). This is the convention of tfjs's `MomentumOptimizer` and PyTorch's `SGD` (dampening 0), where the velocity
 *   carries no learning rate. Keras 3's `SGD` instead keeps `v ← m·v − lr·g; w ← w + v` (Nesterov
 *   `w ← w + m·v − lr·g`): identical trajectories while `lr` is constant, different once the rate changes, since
 *   Keras's velocity remembers old rates.
 * - Adam (Kingma & Ba, Algorithm 1): `m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²`; with `t = step + 1`,
 *   `m̂ = m / (1−β₁ᵗ)`, `v̂ = v / (1−β₂ᵗ)`, `w ← w − lr·m̂ / (√v̂ + ε)`. Defaults `β₁ = 0.9`, `β₂ = 0.999`,
 *   `ε = 1e-7` (Keras's default ε; PyTorch's is 1e-8). ε is added after the bias correction, as tfjs and PyTorch
 *   place it. Keras 3's `Adam` computes `lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε)`, which equals this rule with ε replaced
 *   by `ε / √(1−β₂ᵗ)` (the paper's "ε̂"): the two differ only where `√v̂` is comparable to ε.
 *   The graphs receive `1−β₁ᵗ` and `1−β₂ᵗ` as inputs; {@link adamBiasCorrections} gives the same numbers.
 * - AdamW (decoupled weight decay, Loshchilov & Hutter, as Keras 3 and PyTorch apply it):
 *   `w ← w − lr·(m̂ / (√v̂ + ε) + λ·w)`, with `w` the value before the step and the decay scaled by `lr` (not by a
 *   separate schedule multiplier). Default `λ = 0.004`, Keras 3's `AdamW` default (PyTorch's is 0.01): chosen because
 *   the package follows Keras's API and defaults. Keras subtracts `lr·λ·w` first and PyTorch multiplies by
 *   `1 − lr·λ` first; since the Adam direction does not depend on `w`, both equal this single expression.
 * - RMSProp (not centered by default, no momentum by default): `s ← ρs + (1−ρ)g²; w ← w − lr·g / √(s + ε)`,
 *   `ρ = 0.9`, `ε = 1e-7` (Keras's defaults). With momentum `μ > 0`: `buf ← μ·buf + lr·g / √(s + ε); w ← w − buf`
 *   (Keras's placement of `lr` inside the buffer). Centered: `ḡ ← ρḡ + (1−ρ)g` and the denominator becomes
 *   `√(s − ḡ² + ε)`. ε sits inside the square root, as in Keras 3 and tfjs (PyTorch's `RMSprop` adds it outside,
 *   `√s + ε`), so a Keras optimizer config trains the same on both adapters.
 */

import type { Params } from './float64-network.js';

/** A step's result: the new parameters and the optimizer state to pass to the next step. */
export interface StepResult<State> {
  /** The parameters after the step (fresh arrays). */
  readonly params: Params;
  /** The state after the step (`step` incremented). */
  readonly state: State;
}

/** Options of {@link sgdStep}. */
export interface SgdOptions {
  /** Momentum `m ≥ 0`; default 0 (plain SGD). */
  readonly momentum?: number;
  /** Nesterov momentum; default false. */
  readonly nesterov?: boolean;
}

/** State of {@link sgdStep}. */
export interface SgdState {
  /** Steps already taken. */
  readonly step: number;
  /** The velocity `v` per parameter (zeros at first; stays zero without momentum). */
  readonly velocity: Params;
}

/** Options of {@link adamStep}. */
export interface AdamOptions {
  /** First-moment decay β₁; default 0.9. */
  readonly beta1?: number;
  /** Second-moment decay β₂; default 0.999. */
  readonly beta2?: number;
  /** ε, added to `√v̂`; default 1e-7. */
  readonly epsilon?: number;
}

/** Options of {@link adamwStep}. */
export interface AdamWOptions extends AdamOptions {
  /** Decoupled weight decay λ; default 0.004 (Keras 3's default). */
  readonly weightDecay?: number;
}

/** State of {@link adamStep} and {@link adamwStep}. */
export interface AdamState {
  /** Steps already taken (`t − 1` for the next step's bias correction). */
  readonly step: number;
  /** First moments `m`. */
  readonly m: Params;
  /** Second moments `v`. */
  readonly v: Params;
}

/** Options of {@link rmspropStep}. */
export interface RmspropOptions {
  /** Decay ρ of the mean square; default 0.9. */
  readonly rho?: number;
  /** ε, added to the square root; default 1e-7. */
  readonly epsilon?: number;
  /** Momentum μ ≥ 0; default 0 (none). */
  readonly momentum?: number;
  /** Divide by the estimated variance `s − ḡ²` instead of `s`; default false. */
  readonly centered?: boolean;
}

/** State of {@link rmspropStep}. */
export interface RmspropState {
  /** Steps already taken. */
  readonly step: number;
  /** Mean squares `s`. */
  readonly meanSquare: Params;
  /** Mean gradients `ḡ` (used only when centered; zeros otherwise). */
  readonly meanGradient: Params;
  /** Momentum buffers (used only with momentum; zeros otherwise). */
  readonly momentum: Params;
}

/** Which optimizer, with its options, for {@link optimizerStep}. */
export type OptimizerConfig =
  | ({ readonly kind: 'sgd' } & SgdOptions)
  | ({ readonly kind: 'adam' } & AdamOptions)
  | ({ readonly kind: 'adamw' } & AdamWOptions)
  | ({ readonly kind: 'rmsprop' } & RmspropOptions);

/** The state of any optimizer of {@link OptimizerConfig}. */
export type OptimizerState = SgdState | AdamState | RmspropState;

/**
 * Zeros shaped like `params` (same names, same lengths).
 *
 * @param params - The template.
 * @returns A fresh record of zero-filled arrays.
 */
export function zerosLike(params: Params): Params {
  const zeros: Params = {};
  for (const [name, values] of Object.entries(params)) zeros[name] = new Float64Array(values.length);
  return zeros;
}

/**
 * Adam's bias-correction terms for the step after `step` steps: `t = step + 1`, `1 − β₁ᵗ` and `1 − β₂ᵗ` (the values the
 * ONNX graph receives as inputs).
 *
 * @param step - Steps already taken (non-negative integer).
 * @param beta1 - β₁; default 0.9.
 * @param beta2 - β₂; default 0.999.
 * @returns `{ biasCorrection1: 1 − β₁ᵗ, biasCorrection2: 1 − β₂ᵗ }`.
 *
 * @example
 * ```ts
 * adamBiasCorrections(0); // { biasCorrection1: 0.1, biasCorrection2: 0.001 } (up to rounding)
 * ```
 */
export function adamBiasCorrections(step: number, beta1 = 0.9, beta2 = 0.999): { biasCorrection1: number; biasCorrection2: number } {
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`step must be a non-negative integer, got ${String(step)}`);
  const t = step + 1;
  return { biasCorrection1: 1 - beta1 ** t, biasCorrection2: 1 - beta2 ** t };
}

/**
 * One SGD step (plain, momentum or Nesterov; rules in the module comment).
 *
 * @param params - Parameters before the step.
 * @param grads - Gradients, same names and lengths as `params`.
 * @param learningRate - `lr` of this step.
 * @param options - Momentum and Nesterov.
 * @param state - The previous step's state; omitted for the first step (zero velocity).
 * @returns New parameters and state.
 * @throws RangeError on mismatched gradients or a non-finite learning rate.
 *
 * @example
 * ```ts
 * const { params } = sgdStep({ w: new Float64Array([1]) }, { w: new Float64Array([0.5]) }, 0.1);
 * params['w']; // Float64Array [0.95]
 * ```
 */
export function sgdStep(
  params: Params,
  grads: Params,
  learningRate: number,
  options: SgdOptions = {},
  state?: SgdState,
): StepResult<SgdState> {
  const { momentum = 0, nesterov = false } = options;
  checkStep(params, grads, learningRate);
  const velocity = state?.velocity ?? zerosLike(params);
  const next: Params = {};
  const nextVelocity: Params = {};
  for (const [name, w] of Object.entries(params)) {
    const g = grads[name] as Float64Array;
    const v0 = velocity[name] as Float64Array;
    const v = new Float64Array(w.length);
    const out = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      if (momentum === 0) {
        out[i] = (w[i] as number) - learningRate * gi;
        continue;
      }
      const vi = momentum * (v0[i] as number) + gi;
      v[i] = vi;
      out[i] = (w[i] as number) - learningRate * (nesterov ? gi + momentum * vi : vi);
    }
    next[name] = out;
    nextVelocity[name] = v;
  }
  return { params: next, state: { step: (state?.step ?? 0) + 1, velocity: nextVelocity } };
}

/**
 * One Adam step (rule in the module comment): `w ← w − lr·m̂ / (√v̂ + ε)`.
 *
 * @param params - Parameters before the step.
 * @param grads - Gradients, same names and lengths as `params`.
 * @param learningRate - `lr` of this step.
 * @param options - β₁, β₂, ε.
 * @param state - The previous step's state; omitted for the first step (zero moments, step 0).
 * @returns New parameters and state.
 * @throws RangeError on mismatched gradients or a non-finite learning rate.
 */
export function adamStep(
  params: Params,
  grads: Params,
  learningRate: number,
  options: AdamOptions = {},
  state?: AdamState,
): StepResult<AdamState> {
  return adamLike(params, grads, learningRate, options, 0, state);
}

/**
 * One AdamW step (rule in the module comment): `w ← w − lr·(m̂ / (√v̂ + ε) + λ·w)`.
 *
 * @param params - Parameters before the step.
 * @param grads - Gradients, same names and lengths as `params`.
 * @param learningRate - `lr` of this step.
 * @param options - β₁, β₂, ε and the weight decay λ (default 0.004).
 * @param state - The previous step's state; omitted for the first step.
 * @returns New parameters and state.
 * @throws RangeError on mismatched gradients or a non-finite learning rate.
 */
export function adamwStep(
  params: Params,
  grads: Params,
  learningRate: number,
  options: AdamWOptions = {},
  state?: AdamState,
): StepResult<AdamState> {
  return adamLike(params, grads, learningRate, options, options.weightDecay ?? 0.004, state);
}

function adamLike(
  params: Params,
  grads: Params,
  learningRate: number,
  options: AdamOptions,
  weightDecay: number,
  state: AdamState | undefined,
): StepResult<AdamState> {
  const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 } = options;
  checkStep(params, grads, learningRate);
  const step = state?.step ?? 0;
  const { biasCorrection1, biasCorrection2 } = adamBiasCorrections(step, beta1, beta2);
  const m0 = state?.m ?? zerosLike(params);
  const v0 = state?.v ?? zerosLike(params);
  const next: Params = {};
  const nextM: Params = {};
  const nextV: Params = {};
  for (const [name, w] of Object.entries(params)) {
    const g = grads[name] as Float64Array;
    const mPrev = m0[name] as Float64Array;
    const vPrev = v0[name] as Float64Array;
    const m = new Float64Array(w.length);
    const v = new Float64Array(w.length);
    const out = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const wi = w[i] as number;
      const mi = beta1 * (mPrev[i] as number) + (1 - beta1) * gi;
      const vi = beta2 * (vPrev[i] as number) + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      const mHat = mi / biasCorrection1;
      const vHat = vi / biasCorrection2;
      out[i] = wi - learningRate * (mHat / (Math.sqrt(vHat) + epsilon) + weightDecay * wi);
    }
    next[name] = out;
    nextM[name] = m;
    nextV[name] = v;
  }
  return { params: next, state: { step: step + 1, m: nextM, v: nextV } };
}

/**
 * One RMSProp step (rules in the module comment): `w ← w − lr·g / √(s + ε)`, or with momentum
 * `buf ← μ·buf + lr·g / √(s + ε); w ← w − buf`; centered replaces `s` by `s − ḡ²` under the root.
 *
 * @param params - Parameters before the step.
 * @param grads - Gradients, same names and lengths as `params`.
 * @param learningRate - `lr` of this step.
 * @param options - ρ, ε, momentum, centered.
 * @param state - The previous step's state; omitted for the first step (zero accumulators).
 * @returns New parameters and state.
 * @throws RangeError on mismatched gradients or a non-finite learning rate.
 */
export function rmspropStep(
  params: Params,
  grads: Params,
  learningRate: number,
  options: RmspropOptions = {},
  state?: RmspropState,
): StepResult<RmspropState> {
  const { rho = 0.9, epsilon = 1e-7, momentum = 0, centered = false } = options;
  checkStep(params, grads, learningRate);
  const s0 = state?.meanSquare ?? zerosLike(params);
  const gBar0 = state?.meanGradient ?? zerosLike(params);
  const buf0 = state?.momentum ?? zerosLike(params);
  const next: Params = {};
  const nextS: Params = {};
  const nextGBar: Params = {};
  const nextBuf: Params = {};
  for (const [name, w] of Object.entries(params)) {
    const g = grads[name] as Float64Array;
    const sPrev = s0[name] as Float64Array;
    const gBarPrev = gBar0[name] as Float64Array;
    const bufPrev = buf0[name] as Float64Array;
    const s = new Float64Array(w.length);
    const gBar = new Float64Array(w.length);
    const buf = new Float64Array(w.length);
    const out = new Float64Array(w.length);
    for (let i = 0; i < w.length; i++) {
      const gi = g[i] as number;
      const si = rho * (sPrev[i] as number) + (1 - rho) * gi * gi;
      s[i] = si;
      let variance = si;
      if (centered) {
        const gBarI = rho * (gBarPrev[i] as number) + (1 - rho) * gi;
        gBar[i] = gBarI;
        variance = si - gBarI * gBarI;
      }
      const increment = (learningRate * gi) / Math.sqrt(variance + epsilon);
      if (momentum > 0) {
        const b = momentum * (bufPrev[i] as number) + increment;
        buf[i] = b;
        out[i] = (w[i] as number) - b;
      } else {
        out[i] = (w[i] as number) - increment;
      }
    }
    next[name] = out;
    nextS[name] = s;
    nextGBar[name] = gBar;
    nextBuf[name] = buf;
  }
  return {
    params: next,
    state: { step: (state?.step ?? 0) + 1, meanSquare: nextS, meanGradient: nextGBar, momentum: nextBuf },
  };
}

/**
 * One step of the optimizer `config` names: dispatches to {@link sgdStep}, {@link adamStep}, {@link adamwStep} or
 * {@link rmspropStep}.
 *
 * @param config - The optimizer and its options.
 * @param params - Parameters before the step.
 * @param grads - Gradients, same names and lengths as `params`.
 * @param learningRate - `lr` of this step.
 * @param state - The state this function returned last time for the same `config`; omitted for the first step.
 * @returns New parameters and state.
 * @throws RangeError on mismatched gradients or a non-finite learning rate.
 *
 * @example
 * ```ts
 * let state: OptimizerState | undefined;
 * let params = { w: new Float64Array([1]) };
 * for (const lr of [0.1, 0.05]) ({ params, state } = optimizerStep({ kind: 'adam' }, params, { w: new Float64Array([1]) }, lr, state));
 * ```
 */
export function optimizerStep(
  config: OptimizerConfig,
  params: Params,
  grads: Params,
  learningRate: number,
  state?: OptimizerState,
): StepResult<OptimizerState> {
  switch (config.kind) {
    case 'sgd':
      return sgdStep(params, grads, learningRate, config, state as SgdState | undefined);
    case 'adam':
      return adamStep(params, grads, learningRate, config, state as AdamState | undefined);
    case 'adamw':
      return adamwStep(params, grads, learningRate, config, state as AdamState | undefined);
    case 'rmsprop':
      return rmspropStep(params, grads, learningRate, config, state as RmspropState | undefined);
  }
}

function checkStep(params: Params, grads: Params, learningRate: number): void {
  if (!Number.isFinite(learningRate)) throw new RangeError(`learning rate must be finite, got ${String(learningRate)}`);
  for (const [name, w] of Object.entries(params)) {
    const g = grads[name];
    if (g === undefined) throw new RangeError(`no gradient for parameter '${name}'`);
    if (g.length !== w.length) throw new RangeError(`gradient '${name}' has ${g.length} values, parameter has ${w.length}`);
  }
  for (const name of Object.keys(grads)) {
    if (!(name in params)) throw new RangeError(`gradient '${name}' has no parameter`);
  }
}
