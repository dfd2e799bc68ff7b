import { checkOptionKeys, InvalidOptionError } from '@anneal/core';
import * as ort from 'onnxruntime-web';

/**
 * The onnxruntime-web execution providers anneal trains on.
 *
 * @example
 * ```ts
 * import type { ExecutionProvider } from '@anneal/onnxruntime-web';
 * const preferred: ExecutionProvider = 'webgpu';
 * ```
 */
export type ExecutionProvider = 'webgpu' | 'wasm';

/**
 * Options of {@link createSession}.
 *
 * @example
 * ```ts
 * import { createSession, type CreateSessionOptions } from '@anneal/onnxruntime-web';
 * const options: CreateSessionOptions = { model: bytes, executionProvider: 'auto' };
 * const { session, executionProvider } = await createSession(options);
 * ```
 */
export interface CreateSessionOptions {
  /** The serialized ONNX model. */
  readonly model: Uint8Array;
  /** `'auto'` (default): WebGPU when `navigator.gpu` gives an adapter, else wasm. Or force one. */
  readonly executionProvider?: ExecutionProvider | 'auto';
  /**
   * Outputs to leave in GPU memory (`preferredOutputLocation: 'gpu-buffer'`) when the session runs on WebGPU, so
   * they can be fed to the next run without a round trip; the caller then owns them (`tensor.dispose()`) and reads
   * them with `await tensor.getData()`. Ignored on wasm. Default: none.
   */
  readonly gpuOutputs?: readonly string[];
}

/**
 * A session and the execution provider it actually runs on.
 *
 * @example
 * ```ts
 * import { createSession, type TrainingSession } from '@anneal/onnxruntime-web';
 * const running: TrainingSession = await createSession({ model: bytes });
 * console.log(running.executionProvider); // 'wasm' in Node
 * ```
 */
export interface TrainingSession {
  readonly session: ort.InferenceSession;
  readonly executionProvider: ExecutionProvider;
}

/**
 * Whether this runtime offers a WebGPU adapter (a browser with `navigator.gpu`, and a GPU or SwiftShader behind it).
 *
 * @example
 * ```ts
 * import { hasWebGpu } from '@anneal/onnxruntime-web';
 * console.log(await hasWebGpu()); // false in Node
 * ```
 */
export async function hasWebGpu(): Promise<boolean> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
  if (gpu === undefined) return false;
  try {
    return (await gpu.requestAdapter()) !== null;
  } catch {
    return false;
  }
}

/**
 * Opens an onnxruntime-web session on WebGPU when the runtime has it and wasm otherwise (or on the provider asked
 * for), and reports which one it used — a WebGPU session that fails to start falls back to wasm rather than failing
 * training, and says so in `executionProvider`.
 *
 * @example
 * ```ts
 * import { createSession } from '@anneal/onnxruntime-web';
 * const { session, executionProvider } = await createSession({ model: bytes });
 * ```
 */
export async function createSession(options: CreateSessionOptions): Promise<TrainingSession> {
  checkOptionKeys({ source: 'createSession', options, validKeys: ['model', 'executionProvider', 'gpuOutputs'] });
  const requested = options.executionProvider ?? 'auto';
  if (!['auto', 'webgpu', 'wasm'].includes(requested)) {
    throw new InvalidOptionError('createSession', 'executionProvider', requested, "must be 'auto', 'webgpu' or 'wasm'");
  }
  if (!(options.model instanceof Uint8Array) || options.model.length === 0) {
    throw new InvalidOptionError('createSession', 'model', options.model, 'must be the serialized ONNX model as a non-empty Uint8Array');
  }
  const tryWebGpu = requested === 'webgpu' || (requested === 'auto' && (await hasWebGpu()));
  if (tryWebGpu) {
    try {
      const gpuOutputs = options.gpuOutputs ?? [];
      const sessionOptions: ort.InferenceSession.SessionOptions = { executionProviders: ['webgpu'] };
      if (gpuOutputs.length > 0) sessionOptions.preferredOutputLocation = Object.fromEntries(gpuOutputs.map((name) => [name, 'gpu-buffer' as const]));
      return { session: await ort.InferenceSession.create(options.model, sessionOptions), executionProvider: 'webgpu' };
    } catch (error) {
      if (requested === 'webgpu') throw error;
    }
  }
  return { session: await ort.InferenceSession.create(options.model, { executionProviders: ['wasm'] }), executionProvider: 'wasm' };
}
