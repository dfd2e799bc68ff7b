/// <reference lib="webworker" />
// Trains off the main thread, so the page stays responsive whatever the backend does between epochs.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import tfjsWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfjsWasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfjsWasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as ort from 'onnxruntime-web';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import { evaluateCheckpoint, runExperiment } from '../experiment/experiment.js';
import type { BackendInfo } from '../experiment/events.js';
import { indexedDbCheckpointStore } from './indexeddb-store.js';
import type { DeviceInfo, FromWorker, ToWorker } from './protocol.js';
import { jobGate } from './worker-jobs.js';

declare const self: DedicatedWorkerGlobalScope;

tf.enableProdMode();
// The wasm files come from npm through Vite, never from a CDN; threads would need a worker script of their own.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({ 'tfjs-backend-wasm.wasm': tfjsWasm, 'tfjs-backend-wasm-simd.wasm': tfjsWasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': tfjsWasmThreadedSimd });
ort.env.wasm.wasmPaths = { wasm: ortWasm };

const store = indexedDbCheckpointStore();
let stopRequested = false;
let stopFlag: Int32Array | null = null;
// Runs and reloads both switch the backend: one at a time (the rule, and its tests, are in worker-jobs.ts).
const jobs = jobGate();

const post = (message: FromWorker): void => self.postMessage(message);

async function adapterName(info: BackendInfo): Promise<string | null> {
  if (!info.gpu) return null;
  try {
    if (info.backend === 'webgl') {
      const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
      if (gl === undefined) return 'WebGL';
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      return String(gl.getParameter(debug === null ? gl.RENDERER : debug.UNMASKED_RENDERER_WEBGL));
    }
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
    const adapter = await gpu?.requestAdapter();
    const details = adapter?.info;
    if (details === undefined) return 'WebGPU';
    return ['vendor', 'architecture', 'description'].map((key) => details[key]).filter((value) => value !== undefined && value !== '').join(' ') || 'WebGPU';
  } catch {
    return null;
  }
}

async function describe(info: BackendInfo): Promise<DeviceInfo> {
  return { ...info, adapter: await adapterName(info) };
}

function fail(request: ToWorker['type'], error: unknown): void {
  post({ type: 'error', request, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) });
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'stop':
      stopRequested = true;
      return;
    case 'inspect': {
      const kept = await store.load();
      post({ type: 'kept', checkpoint: kept === null ? null : { epoch: kept.epoch, valAcc: kept.valAcc, testAccuracy: kept.testAccuracy, backend: kept.backend, savedAt: kept.savedAt } });
      return;
    }
    case 'reload':
      await jobs.exclusive('reload', async () => {
        const reloaded = await evaluateCheckpoint(store, message.backend);
        if (reloaded === null) throw new Error('there is no checkpoint in IndexedDB yet: train with modelCheckpoint on first');
        post({ type: 'reloaded', checkpoint: reloaded.checkpoint, device: await describe(reloaded.backend), test: reloaded.test });
      });
      return;
    case 'run':
      await jobs.exclusive('run', async () => {
        stopRequested = false;
        stopFlag = message.stopFlag;
        const result = await runExperiment(message.settings, {
          backend: message.backend,
          checkpointStore: store,
          shouldStop: () => stopRequested || (stopFlag !== null && Atomics.load(stopFlag, 0) === 1),
          listener: {
            onStart: ({ backend, epochs, stepsPerEpoch }) => {
              post({ type: 'start', device: { ...backend, adapter: null }, epochs, stepsPerEpoch });
              void describe(backend).then((device) => post({ type: 'device', device }));
            },
            onEpochEnd: (record) => post({ type: 'epoch', record }),
            onCheckpoint: (info) => post({ type: 'checkpoint', info }),
            onTakeover: (takeover) => post({ type: 'takeover', takeover }),
            log: (line) => post({ type: 'log', message: line }),
            warn: (line) => post({ type: 'log', message: `warning: ${line}` }),
          },
        });
        post({ type: 'done', result, device: await describe(result.backend) });
      });
      return;
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  handle(event.data).catch((error: unknown) => fail(event.data.type, error));
};
