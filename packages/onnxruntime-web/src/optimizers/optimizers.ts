import { checkOptionKeys, InvalidOptionError, type Schedule } from '@anneal/core';

/** A learning rate: fixed, or any anneal schedule of the optimizer step ("method one"). */
type LearningRate = number | Schedule;

/**
 * SGD as the trainer runs it, with Keras's names: `velocity = momentum · velocity + g`, then
 * `w −= learningRate · velocity` (or `g + momentum · velocity` with `nesterov`).
 *
 * @example
 * ```ts
 * import { sgd } from '@anneal/onnxruntime-web';
 * const optimizer = sgd({ learningRate: 0.01, momentum: 0.9 });
 * ```
 */
export interface SgdSpec {
  readonly name: 'sgd';
  readonly learningRate: LearningRate;
  readonly momentum: number;
  readonly nesterov: boolean;
}

/**
 * Adam, or AdamW with decoupled weight decay (`weightDecay > 0`), with tfjs's and PyTorch's epsilon placement:
 * `w −= learningRate · (m̂ / (√v̂ + epsilon) + weightDecay · w)`, `m̂` and `v̂` the bias-corrected moments. Keras 3
 * adds epsilon to the uncorrected `√v` instead, which differs only while `√v̂` is comparable to epsilon.
 *
 * @example
 * ```ts
 * import { adam } from '@anneal/onnxruntime-web';
 * const optimizer = adam({ learningRate: 1e-3 });
 * ```
 */
export interface AdamSpec {
  readonly name: 'adam' | 'adamw';
  readonly learningRate: LearningRate;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
}

/**
 * RMSProp with Keras's (and tfjs's) conventions: `s = rho · s + (1 − rho) g²`, `w −= learningRate · g / √(s + epsilon)`;
 * with `momentum`, the step `learningRate · g / √(s + epsilon)` accumulates in a velocity that is subtracted.
 *
 * @example
 * ```ts
 * import { rmsprop } from '@anneal/onnxruntime-web';
 * const optimizer = rmsprop({ learningRate: 1e-3, rho: 0.9 });
 * ```
 */
export interface RmspropSpec {
  readonly name: 'rmsprop';
  readonly learningRate: LearningRate;
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
}

/**
 * Any optimizer the trainer runs.
 *
 * @example
 * ```ts
 * import { adam, type OptimizerSpec } from '@anneal/onnxruntime-web';
 * const optimizer: OptimizerSpec = adam({ learningRate: 3e-4 });
 * ```
 */
export type OptimizerSpec = SgdSpec | AdamSpec | RmspropSpec;

function read(source: string, options: unknown, validKeys: readonly string[]): Record<string, unknown> {
  return checkOptionKeys({ source, options, validKeys });
}

function rate(source: string, value: unknown, fallback: number): LearningRate {
  if (value === undefined) return fallback;
  if (typeof value === 'function') return value as Schedule;
  if (typeof value === 'number' && value >= 0 && Number.isFinite(value)) return value;
  throw new InvalidOptionError(source, 'learningRate', value, 'must be a finite number >= 0 or a schedule');
}

/** Which ends of a `number` range are excluded; both included by default. */
interface OpenEnds {
  readonly lowOpen?: boolean;
  readonly highOpen?: boolean;
}

function number(source: string, key: string, value: unknown, fallback: number, low: number, high: number, { lowOpen = false, highOpen = false }: OpenEnds = {}): number {
  if (value === undefined) return fallback;
  const ok = typeof value === 'number' && Number.isFinite(value) && (lowOpen ? value > low : value >= low) && (highOpen ? value < high : value <= high);
  if (!ok) throw new InvalidOptionError(source, key, value, `must be a finite number ${lowOpen ? '>' : '>='} ${low} and ${highOpen ? '<' : '<='} ${high}`);
  return value as number;
}

/**
 * SGD with optional (Nesterov) momentum.
 *
 * @example
 * ```ts
 * import { exponentialDecay } from '@anneal/core';
 * import { sgd } from '@anneal/onnxruntime-web';
 * const optimizer = sgd({ learningRate: exponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10_000, decayRate: 0.96 }), momentum: 0.9 });
 * ```
 */
export function sgd(options: { readonly learningRate?: LearningRate; readonly momentum?: number; readonly nesterov?: boolean } = {}): SgdSpec {
  const source = 'sgd';
  const input = read(source, options, ['learningRate', 'momentum', 'nesterov']);
  const nesterov = input['nesterov'] ?? false;
  if (typeof nesterov !== 'boolean') throw new InvalidOptionError(source, 'nesterov', nesterov, 'must be true or false');
  return { name: source, learningRate: rate(source, input['learningRate'], 0.01), momentum: number(source, 'momentum', input['momentum'], 0, 0, 1), nesterov };
}

/**
 * Adam (Keras defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7); `beta1` and `beta2` must be in
 * [0, 1).
 *
 * @example
 * ```ts
 * import { adam } from '@anneal/onnxruntime-web';
 * const optimizer = adam({ learningRate: 1e-3, beta2: 0.98 });
 * ```
 */
export function adam(
  options: { readonly learningRate?: LearningRate; readonly beta1?: number; readonly beta2?: number; readonly epsilon?: number } = {},
): AdamSpec {
  const source = 'adam';
  return adamSpec(source, read(source, options, ['learningRate', 'beta1', 'beta2', 'epsilon']), 0);
}

/** Adam's and AdamW's shared options, read under the caller's name so that an error names the function called. */
function adamSpec(source: 'adam' | 'adamw', input: Record<string, unknown>, weightDecay: number): AdamSpec {
  return {
    name: source,
    learningRate: rate(source, input['learningRate'], 0.001),
    // A beta of 1 makes the bias correction 1 − βᵗ zero and every update NaN; the rule is the core's Keras reader's.
    beta1: number(source, 'beta1', input['beta1'], 0.9, 0, 1, { highOpen: true }),
    beta2: number(source, 'beta2', input['beta2'], 0.999, 0, 1, { highOpen: true }),
    epsilon: number(source, 'epsilon', input['epsilon'], 1e-7, 0, 1, { lowOpen: true }),
    weightDecay,
  };
}

/**
 * AdamW: Adam with decoupled weight decay (Keras default `weightDecay` 0.004); `beta1` and `beta2` must be in [0, 1).
 *
 * @example
 * ```ts
 * import { adamw } from '@anneal/onnxruntime-web';
 * const optimizer = adamw({ learningRate: 1e-3, weightDecay: 0.01 });
 * ```
 */
export function adamw(
  options: {
    readonly learningRate?: LearningRate;
    readonly beta1?: number;
    readonly beta2?: number;
    readonly epsilon?: number;
    readonly weightDecay?: number;
  } = {},
): AdamSpec {
  const source = 'adamw';
  const input = read(source, options, ['learningRate', 'beta1', 'beta2', 'epsilon', 'weightDecay']);
  return adamSpec(source, input, number(source, 'weightDecay', input['weightDecay'], 0.004, 0, 1));
}

/**
 * RMSProp (Keras defaults: learningRate 0.001, rho 0.9, momentum 0, epsilon 1e-7).
 *
 * @example
 * ```ts
 * import { rmsprop } from '@anneal/onnxruntime-web';
 * const optimizer = rmsprop({ learningRate: 1e-3, momentum: 0.5 });
 * ```
 */
export function rmsprop(
  options: { readonly learningRate?: LearningRate; readonly rho?: number; readonly momentum?: number; readonly epsilon?: number } = {},
): RmspropSpec {
  const source = 'rmsprop';
  const input = read(source, options, ['learningRate', 'rho', 'momentum', 'epsilon']);
  return {
    name: source,
    learningRate: rate(source, input['learningRate'], 0.001),
    rho: number(source, 'rho', input['rho'], 0.9, 0, 1),
    momentum: number(source, 'momentum', input['momentum'], 0, 0, 1),
    epsilon: number(source, 'epsilon', input['epsilon'], 1e-7, 0, 1, { lowOpen: true }),
  };
}
