/**
 * Float64 reference implementations of the update rules of tfjs-core 4.x's optimizers
 * (`@tensorflow/tfjs-core/dist/optimizers/*_optimizer.js`), written so that the learning rate stays outside the state.
 *
 * For every optimizer here tfjs's step is `w ← w − lr · u`, where the direction `u` depends on the gradient history
 * (and the optimizer's hyper-parameters) but not on any learning rate: the rate multiplies the update only at the very
 * end. `direction(g)` advances the reference's state by one gradient and returns that `u`. So a test can both
 * reproduce a whole trajectory (`w ← w − lr_t · u_t`) and, given a real tfjs step `Δw`, recover the rate tfjs applied
 * as `lr_t = −Δw / u_t`, independent of any bookkeeping of the code under test.
 *
 * (RMSProp with momentum > 0 is left out on purpose: there the rate enters the accumulated moments, so no
 * rate-free direction exists.)
 *
 * Everything is float64 except one deliberate exception: tfjs keeps Adam's and Adamax's running products `accBeta1`,
 * `accBeta2` (β^t) in float32 variables and divides by `1 − accBeta`. With β₂ = 0.999, `1 − β₂^t ≈ 1e-3·t`, so the
 * float32 rounding of the product (≈ 3e-8 absolute per multiplication) is amplified about 1000× into a relative error
 * of up to ~3e-5 in the second-moment correction — larger than the rest of the float32 noise together. Those products
 * are therefore computed exactly as float32 computes them: `Math.fround` of the product of two float32 values is the
 * correctly rounded float32 product, and `1 − x` for x in [0.5, 1] is exact in float32 (Sterbenz), as tfjs's
 * `sub(1, accBeta)` is.
 */

/** A float64 optimizer reference: its state, advanced one gradient at a time. */
export interface ReferenceOptimizer {
  /** Advances the state by `gradient` and returns the rate-free direction `u` of this step (tfjs: `w ← w − lr · u`). */
  direction(gradient: readonly number[]): number[];
}

const f32 = Math.fround;

function sized(state: number[] | null, gradient: readonly number[], fill: number): number[] {
  return state ?? Array.from({ length: gradient.length }, () => fill);
}

/** `tf.train.sgd`: `u = g`. */
export function referenceSgd(): ReferenceOptimizer {
  return { direction: (gradient) => [...gradient] };
}

/**
 * `tf.train.momentum(lr, momentum, useNesterov)`: `acc ← m·acc + g`; `u = acc`, or with Nesterov `u = g + m·acc`
 * (the new accumulation).
 */
export function referenceMomentum(options: { momentum: number; useNesterov?: boolean }): ReferenceOptimizer {
  const { momentum, useNesterov = false } = options;
  let accumulation: number[] | null = null;
  return {
    direction(gradient) {
      const previous = sized(accumulation, gradient, 0);
      const next = gradient.map((g, i) => momentum * (previous[i] as number) + g);
      accumulation = next;
      return useNesterov ? gradient.map((g, i) => g + momentum * (next[i] as number)) : [...next];
    },
  };
}

/**
 * `tf.train.adam`: `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `u = (m / (1 − accBeta1)) / (√(v / (1 − accBeta2)) + ε)`,
 * then `accBeta1 ← accBeta1·β₁`, `accBeta2 ← accBeta2·β₂` (starting at β₁, β₂; float32, see the module comment).
 */
export function referenceAdam(options: { beta1: number; beta2: number; epsilon: number }): ReferenceOptimizer {
  const { beta1, beta2, epsilon } = options;
  let firstMoment: number[] | null = null;
  let secondMoment: number[] | null = null;
  let accBeta1 = f32(beta1);
  let accBeta2 = f32(beta2);
  return {
    direction(gradient) {
      const m0 = sized(firstMoment, gradient, 0);
      const v0 = sized(secondMoment, gradient, 0);
      const m = gradient.map((g, i) => (m0[i] as number) * beta1 + g * (1 - beta1));
      const v = gradient.map((g, i) => (v0[i] as number) * beta2 + g * g * (1 - beta2));
      const oneMinusAccBeta1 = 1 - accBeta1;
      const oneMinusAccBeta2 = 1 - accBeta2;
      firstMoment = m;
      secondMoment = v;
      accBeta1 = f32(accBeta1 * f32(beta1));
      accBeta2 = f32(accBeta2 * f32(beta2));
      return m.map((mi, i) => mi / oneMinusAccBeta1 / (Math.sqrt((v[i] as number) / oneMinusAccBeta2) + epsilon));
    },
  };
}

/**
 * `tf.train.adamax`: `m ← β₁m + (1−β₁)g`, `v∞ ← max(β₂v∞, |g|)`,
 * `u = m / ((1 − accBeta1)(v∞ + ε)) / (1 + iteration·decay)` with tfjs's own `iteration` counter (0 at the first step)
 * and `decay`; then `iteration ← iteration + 1`, `accBeta1 ← accBeta1·β₁`.
 */
export function referenceAdamax(options: { beta1: number; beta2: number; epsilon: number; decay?: number }): ReferenceOptimizer {
  const { beta1, beta2, epsilon, decay = 0 } = options;
  let firstMoment: number[] | null = null;
  let infNorm: number[] | null = null;
  let accBeta1 = f32(beta1);
  let iteration = 0;
  return {
    direction(gradient) {
      const m0 = sized(firstMoment, gradient, 0);
      const u0 = sized(infNorm, gradient, 0);
      const m = gradient.map((g, i) => (m0[i] as number) * beta1 + g * (1 - beta1));
      const u = gradient.map((g, i) => Math.max((u0[i] as number) * beta2, Math.abs(g)));
      const scale = 1 / ((1 - accBeta1) * (1 + iteration * decay));
      firstMoment = m;
      infNorm = u;
      iteration += 1;
      accBeta1 = f32(accBeta1 * f32(beta1));
      return m.map((mi, i) => (scale * mi) / ((u[i] as number) + epsilon));
    },
  };
}

/** `tf.train.adagrad`: `acc ← acc + g²` (starting at `initialAccumulatorValue`), `u = g / √(acc + ε)`. */
export function referenceAdagrad(options: { initialAccumulatorValue: number; epsilon: number }): ReferenceOptimizer {
  const { initialAccumulatorValue, epsilon } = options;
  let accumulated: number[] | null = null;
  return {
    direction(gradient) {
      const a0 = sized(accumulated, gradient, initialAccumulatorValue);
      const a = gradient.map((g, i) => (a0[i] as number) + g * g);
      accumulated = a;
      return gradient.map((g, i) => g / Math.sqrt((a[i] as number) + epsilon));
    },
  };
}

/**
 * `tf.train.adadelta`, exactly as tfjs writes it: `u = √(accUpdate + ε) / √(accGrad + ε) · g` with the accumulated
 * squared gradient from *before* this step (tfjs divides by the old `accumulatedGrad`), then
 * `accGrad ← ρ·accGrad + (1−ρ)g²`, `accUpdate ← ρ·accUpdate + (1−ρ)u²`.
 */
export function referenceAdadelta(options: { rho: number; epsilon: number }): ReferenceOptimizer {
  const { rho, epsilon } = options;
  let accumulatedGrad: number[] | null = null;
  let accumulatedUpdate: number[] | null = null;
  return {
    direction(gradient) {
      const g0 = sized(accumulatedGrad, gradient, 0);
      const u0 = sized(accumulatedUpdate, gradient, 0);
      const updates = gradient.map((g, i) => (Math.sqrt((u0[i] as number) + epsilon) / Math.sqrt((g0[i] as number) + epsilon)) * g);
      accumulatedGrad = gradient.map((g, i) => (g0[i] as number) * rho + g * g * (1 - rho));
      accumulatedUpdate = updates.map((u, i) => (u0[i] as number) * rho + u * u * (1 - rho));
      return updates;
    },
  };
}

/**
 * `tf.train.rmsprop(lr, decay, 0, epsilon, centered)` with momentum 0: `ms ← ρ·ms + (1−ρ)g²`; `u = g / √(ms + ε)`, or
 * centered `mg ← ρ·mg + (1−ρ)g`, `u = g / √(ms − (mg² + ε))` (tfjs subtracts ε there).
 */
export function referenceRmsprop(options: { decay: number; epsilon: number; centered?: boolean }): ReferenceOptimizer {
  const { decay, epsilon, centered = false } = options;
  let meanSquare: number[] | null = null;
  let meanGrad: number[] | null = null;
  return {
    direction(gradient) {
      const s0 = sized(meanSquare, gradient, 0);
      const ms = gradient.map((g, i) => (s0[i] as number) * decay + g * g * (1 - decay));
      meanSquare = ms;
      if (!centered) return gradient.map((g, i) => g / Math.sqrt((ms[i] as number) + epsilon));
      const g0 = sized(meanGrad, gradient, 0);
      const mg = gradient.map((g, i) => (g0[i] as number) * decay + g * (1 - decay));
      meanGrad = mg;
      return gradient.map((g, i) => g / Math.sqrt((ms[i] as number) - ((mg[i] as number) ** 2 + epsilon)));
    },
  };
}

/** One float64 step `w − lr · u` of `reference` for `gradient`. */
export function referenceStep(reference: ReferenceOptimizer, weights: readonly number[], gradient: readonly number[], learningRate: number): number[] {
  const u = reference.direction(gradient);
  return weights.map((w, i) => w - learningRate * (u[i] as number));
}

/**
 * The whole float64 trajectory of `reference` from `initial` over `gradients[t]` at `rates[t]`: entry t is the weights
 * after step t (entry 0 is `initial`).
 */
export function referenceTrajectory(
  reference: ReferenceOptimizer,
  initial: readonly number[],
  gradients: readonly (readonly number[])[],
  rates: readonly number[],
): number[][] {
  const trajectory: number[][] = [[...initial]];
  gradients.forEach((gradient, t) => {
    trajectory.push(referenceStep(reference, trajectory[t] as number[], gradient, rates[t] as number));
  });
  return trajectory;
}
