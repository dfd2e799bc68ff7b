import type { Takeover } from '../experiment/callbacks.js';
import type { Confusion } from '../experiment/data.js';
import type { BackendInfo, CheckpointInfo, EpochRecord } from '../experiment/events.js';
import type { ExperimentResult } from '../experiment/experiment.js';
import type { BackendName, ExperimentSettings } from '../experiment/settings.js';

/** The backend a run got, with what the page says about its device. */
export interface DeviceInfo extends BackendInfo {
  /** The GPU adapter or renderer as the browser names it (SwiftShader here), or null for CPU backends. */
  readonly adapter: string | null;
}

/** A checkpoint kept in IndexedDB, as the page lists it. */
export interface KeptCheckpoint extends CheckpointInfo {
  readonly backend: BackendName;
  readonly savedAt: number;
}

/** Page → worker. */
export type ToWorker =
  | { readonly type: 'run'; readonly settings: ExperimentSettings; readonly backend: BackendName; readonly stopFlag: Int32Array | null }
  | { readonly type: 'stop' }
  | { readonly type: 'reload'; readonly backend: BackendName }
  | { readonly type: 'inspect' };

/** Worker → page. */
export type FromWorker =
  | { readonly type: 'start'; readonly device: DeviceInfo; readonly epochs: number; readonly stepsPerEpoch: number }
  | { readonly type: 'device'; readonly device: DeviceInfo }
  | { readonly type: 'epoch'; readonly record: EpochRecord }
  | { readonly type: 'checkpoint'; readonly info: CheckpointInfo }
  | { readonly type: 'takeover'; readonly takeover: Takeover }
  | { readonly type: 'log'; readonly message: string }
  | { readonly type: 'done'; readonly result: ExperimentResult; readonly device: DeviceInfo }
  | { readonly type: 'reloaded'; readonly checkpoint: CheckpointInfo; readonly device: DeviceInfo; readonly test: Confusion }
  | { readonly type: 'kept'; readonly checkpoint: KeptCheckpoint | null }
  /** `request`: the message that failed, so the page knows whether a run or a reload is over. */
  | { readonly type: 'error'; readonly request: ToWorker['type']; readonly name: string; readonly message: string };
