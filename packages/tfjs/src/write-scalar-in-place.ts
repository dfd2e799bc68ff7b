import * as tf from '@tensorflow/tfjs';

// tfjs's SGD and Momentum keep the negated learning rate as a kept scalar tensor, and their only public way to change
// it, `setLearningRate`, disposes that tensor and creates a new one: one tensor per rate change, i.e. per step under
// a per-step schedule. On the backends whose memory is plain CPU memory, the scalar's single float can be overwritten
// where it lies instead — what `setLearningRate` would have produced, without a tensor. These are tfjs internals
// (stable across 4.x, checked structurally at every write); anything unexpected returns false and the caller falls
// back to `setLearningRate`. GPU backends always fall back: their copy lives in a texture or buffer.

/** tfjs-core's Engine, as far as this module reads it. */
interface EngineInternals {
  readonly state: { readonly tensorInfo: WeakMap<object, { readonly backend: object }> };
  readonly registry: Readonly<Record<string, object>>;
}

/** The cpu backend's storage: a typed array per data id, with a reference count. */
interface CpuBackendInternals {
  readonly data: {
    has(dataId: object): boolean;
    get(dataId: object): { readonly values: unknown; readonly refCount: number };
  };
}

/** The wasm backend's storage: an offset into the module's heap per data id, with a reference count. */
interface WasmBackendInternals {
  readonly dataIdMap: {
    has(dataId: object): boolean;
    get(dataId: object): { readonly memoryOffset: number | null; readonly refCount: number; readonly dtype: string };
  };
  readonly wasm: { readonly HEAPU8: Uint8Array };
}

const NAMES = new WeakMap<object, string>();
let heapView: Float32Array | null = null;

function nameOf(engine: EngineInternals, backend: object): string | undefined {
  const known = NAMES.get(backend);
  if (known !== undefined) return known;
  const name = Object.keys(engine.registry).find((key) => engine.registry[key] === backend);
  if (name !== undefined) NAMES.set(backend, name);
  return name;
}

/**
 * Overwrites the value of a float32 scalar in its backend's memory, when that memory is the cpu backend's typed array
 * or the wasm backend's heap and no other tensor shares it. Returns whether it did; on `false` nothing was changed.
 */
export function writeScalarInPlace(scalar: tf.Tensor, value: number): boolean {
  if (scalar.isDisposed || scalar.dtype !== 'float32' || scalar.rank !== 0) return false;
  const engine = tf.engine() as unknown as EngineInternals;
  const info = engine.state?.tensorInfo?.get(scalar.dataId);
  if (info === undefined) return false;
  const name = nameOf(engine, info.backend);
  if (name === 'cpu') {
    const { data } = info.backend as CpuBackendInternals;
    if (!data.has(scalar.dataId)) return false;
    const entry = data.get(scalar.dataId);
    if (entry.refCount !== 1 || !(entry.values instanceof Float32Array) || entry.values.length !== 1) return false;
    entry.values[0] = value;
    return true;
  }
  if (name === 'wasm') {
    const { dataIdMap, wasm } = info.backend as WasmBackendInternals;
    if (!dataIdMap.has(scalar.dataId)) return false;
    const entry = dataIdMap.get(scalar.dataId);
    if (entry.refCount !== 1 || entry.dtype !== 'float32' || entry.memoryOffset === null || entry.memoryOffset % 4 !== 0) return false;
    // The heap's buffer is replaced when wasm memory grows; a view kept across growth would write into the old one.
    if (heapView === null || heapView.buffer !== wasm.HEAPU8.buffer) heapView = new Float32Array(wasm.HEAPU8.buffer);
    heapView[entry.memoryOffset / 4] = value;
    return true;
  }
  return false;
}
