/**
 * A seeded glorot-uniform (Xavier-uniform) initialiser for the float64 reference network, with its own small PRNG so
 * that the references depend on nothing but TypeScript.
 *
 * Draw order, exactly (so any other implementation can reproduce the same weights): one {@link mulberry32} stream is
 * created from the seed; for layer 0, then layer 1, …, the kernel `dense_{i}/kernel` of shape `[fanIn, units]` is
 * filled in row-major order (index `r * units + c`, `r` the input row, `c` the unit), each entry taking the next draw
 * `u ∈ [0, 1)` of the stream as `(2u − 1) · limit` with `limit = √(6 / (fanIn + fanOut))`, `fanIn` the layer's input
 * width and `fanOut` its `units`. Biases `dense_{i}/bias` are zeros and take no draws.
 *
 * The values are NOT those of `tf.initializers.glorotUniform({ seed })` (tfjs draws from seedrandom's alea); tests
 * that need tfjs parity copy the tfjs weights into a parameter record instead.
 */

import type { NetworkSpec, Params } from './float64-network.js';

/**
 * Tommy Ettinger's mulberry32: a seeded pseudo-random generator returning numbers in `[0, 1)`, identical on every
 * JavaScript engine. The seed is reduced modulo 2^32. Not for cryptography.
 *
 * @param seed - Any safe integer.
 * @returns A function returning the next draw in `[0, 1)` on each call.
 * @throws RangeError when `seed` is not a safe integer.
 *
 * @example
 * ```ts
 * const random = mulberry32(1);
 * const a = random(); // the same number on every run
 * ```
 */
// The trainer's own generator: the reference draws exactly what the trainer draws.
export { mulberry32 } from '../initial-weights.js';
import { mulberry32 } from '../initial-weights.js';

/** The glorot-uniform bound √(6 / (fanIn + fanOut)). */
export function glorotLimit(fanIn: number, fanOut: number): number {
  if (!Number.isInteger(fanIn) || fanIn < 1 || !Number.isInteger(fanOut) || fanOut < 1) {
    throw new RangeError(`glorotLimit: fans must be positive integers, got fanIn ${String(fanIn)}, fanOut ${String(fanOut)}`);
  }
  return Math.sqrt(6 / (fanIn + fanOut));
}

/**
 * Fills one `[fanIn, fanOut]` kernel, row-major, with `fanIn · fanOut` consecutive draws of `random`, each mapped to
 * `(2u − 1) · glorotLimit(fanIn, fanOut)`.
 *
 * @param fanIn - Rows of the kernel (the layer's input width).
 * @param fanOut - Columns of the kernel (the layer's units).
 * @param random - The draw source, advanced `fanIn · fanOut` times.
 * @returns The kernel, row-major.
 */
export function glorotUniformKernel(fanIn: number, fanOut: number, random: () => number): Float64Array {
  const limit = glorotLimit(fanIn, fanOut);
  const kernel = new Float64Array(fanIn * fanOut);
  for (let i = 0; i < kernel.length; i++) kernel[i] = (2 * random() - 1) * limit;
  return kernel;
}

/**
 * Seeded glorot-uniform parameters for `spec`: kernels drawn from one {@link mulberry32} stream in the order described
 * in this module's comment (layer by layer, each kernel row-major), biases zero.
 *
 * @param spec - The network.
 * @param seed - The PRNG seed (any safe integer).
 * @returns `dense_{i}/kernel` (`Float64Array` of `in · units`, row-major `[in, units]`) and `dense_{i}/bias` for every
 *   layer `i`.
 * @throws RangeError when the spec has a non-positive width or the seed is not a safe integer.
 *
 * @example
 * ```ts
 * const params = glorotUniformParams({ inputSize: 4, layers: [{ units: 3, activation: 'softmax' }] }, 7);
 * params['dense_0/kernel']; // Float64Array(12), all within ±√(6/7)
 * ```
 */
export function glorotUniformParams(spec: NetworkSpec, seed: number): Params {
  const random = mulberry32(seed);
  const params: Params = {};
  let fanIn = spec.inputSize;
  spec.layers.forEach((layer, i) => {
    params[`dense_${i}/kernel`] = glorotUniformKernel(fanIn, layer.units, random);
    params[`dense_${i}/bias`] = new Float64Array(layer.units);
    fanIn = layer.units;
  });
  return params;
}
