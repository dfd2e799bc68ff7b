/**
 * A small, fast, seeded pseudo-random number generator (Tommy Ettinger's mulberry32): the same seed always yields the
 * same sequence of numbers in `[0, 1)`, on every JavaScript engine. Not for cryptography.
 *
 * The seed is reduced modulo 2^32, so seeds that differ by a multiple of 2^32 give the same sequence.
 *
 * @param seed - Any safe integer.
 * @returns A function returning the next number in `[0, 1)` on each call.
 * @throws RangeError when `seed` is not a safe integer.
 *
 * @example
 * ```ts
 * import { mulberry32 } from '@anneal/iris-data';
 * const random = mulberry32(42);
 * const roll = 1 + Math.floor(random() * 6); // the same die roll on every run
 * ```
 */
export function mulberry32(seed: number): () => number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`mulberry32: seed must be a safe integer, got ${String(seed)}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
