import { checkOptionKeys, InvalidOptionError } from '@anneal/core';
import { checkNetwork, networkParameters, type NetworkSpec } from './graph/network.js';

/**
 * mulberry32, a small seeded generator of uniform numbers in [0, 1): the source of every "random" choice the trainer
 * makes (initial weights, shuffling), so a run is reproducible from its seed.
 *
 * @example
 * ```ts
 * import { mulberry32 } from '@anneal/onnxruntime-web';
 * const random = mulberry32(7);
 * random(); // the same number for seed 7, every time
 * ```
 */
export function mulberry32(seed: number): () => number {
  if (!Number.isSafeInteger(seed)) throw new InvalidOptionError('mulberry32', 'seed', seed, 'must be a safe integer');
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Seeded initial weights: glorot-uniform kernels (limit √(6 / (fanIn + fanOut))), drawn layer by layer in row-major
 * order from one mulberry32 stream, and zero biases; `'zeros'` kernels draw nothing.
 *
 * @example
 * ```ts
 * import { dense, initialWeights } from '@anneal/onnxruntime-web';
 * const weights = initialWeights({ network: { inputSize: 4, layers: [dense({ units: 3 })] }, seed: 7 });
 * weights['dense_0/kernel']?.length; // 12
 * ```
 */
export function initialWeights(options: { readonly network: NetworkSpec; readonly seed: number }): Record<string, Float32Array> {
  checkOptionKeys({ source: 'initialWeights', options, validKeys: ['network', 'seed'] });
  const network = checkNetwork(options.network);
  const random = mulberry32(options.seed);
  const weights: Record<string, Float32Array> = {};
  for (const parameter of networkParameters(network)) {
    const values = new Float32Array(parameter.size);
    if (parameter.kind === 'kernel' && parameter.initializer === 'glorotUniform') {
      const limit = Math.sqrt(6 / (parameter.fanIn + parameter.fanOut));
      for (let index = 0; index < values.length; index++) values[index] = (2 * random() - 1) * limit;
    }
    weights[parameter.name] = values;
  }
  return weights;
}
