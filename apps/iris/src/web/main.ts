import { AnnealError, toKerasConfig } from '@anneal/core';
import { previewLearningRates, scheduleOf, type Takeover } from '../experiment/callbacks.js';
import { CLASS_NAMES, stepsPerEpoch, type Confusion } from '../experiment/data.js';
import type { CheckpointInfo, EpochRecord } from '../experiment/events.js';
import { buildSchedule, presetOptions, SCHEDULE_NAMES, type OptionValue, type ScheduleName } from '../experiment/schedules.js';
import { BATCH_SIZE, isBackendName, MAX_EPOCHS, type BackendName, type ExperimentSettings } from '../experiment/settings.js';
import { MetricChart, RateChart } from './charts.js';
import type { DeviceInfo, FromWorker, ToWorker } from './protocol.js';

const $ = <T extends HTMLElement = HTMLInputElement>(id: string): T => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`#${id} is missing from index.html`);
  return element as T;
};
const checked = (id: string): boolean => $(id).checked;
const number = (id: string): number => Number($(id).value);

const rateChart = new RateChart($<HTMLCanvasElement>('rate-chart'));
const lossChart = new MetricChart($<HTMLCanvasElement>('loss-chart'), ['loss', 'val_loss'], { title: 'loss', min: 0 });
const accChart = new MetricChart($<HTMLCanvasElement>('acc-chart'), ['acc', 'val_acc'], { title: 'accuracy', min: 0, max: 1 });

// ---- the schedule form: one input per option of the schedule's resolved config ----

const scheduleSelect = $<HTMLSelectElement>('schedule');
for (const name of [...SCHEDULE_NAMES, 'keras']) {
  const option = document.createElement('option');
  option.value = name;
  option.textContent = name === 'keras' ? 'Keras JSON (pasted)…' : name;
  scheduleSelect.append(option);
}
scheduleSelect.value = 'exponentialDecay';
$('epochs').max = String(MAX_EPOCHS);

function shape(): { epochs: number; stepsPerEpoch: number } {
  return { epochs: Math.max(1, Math.floor(number('epochs')) || 1), stepsPerEpoch: stepsPerEpoch(BATCH_SIZE) };
}

function renderScheduleOptions(): void {
  const container = $<HTMLDivElement>('schedule-options');
  container.replaceChildren();
  const keras = scheduleSelect.value === 'keras';
  $('keras-input-label').hidden = !keras;
  if (keras) return;
  const name = scheduleSelect.value as ScheduleName;
  // Every option with its default resolved, starting from the iris preset.
  const options = buildSchedule(name, presetOptions(name, shape())).config.options as Record<string, OptionValue>;
  for (const [key, value] of Object.entries(options)) {
    if (key === 'name') continue;
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.name = key;
    input.dataset['testid'] = `option-${key}`;
    if (typeof value === 'boolean') {
      input.type = 'checkbox';
      input.checked = value;
      input.dataset['kind'] = 'boolean';
    } else if (typeof value === 'number') {
      input.type = 'number';
      input.step = 'any';
      input.value = String(value);
      input.dataset['kind'] = 'number';
    } else if (Array.isArray(value)) {
      input.value = value.join(', ');
      input.dataset['kind'] = 'array';
    } else if (value === null) {
      input.placeholder = 'none';
      input.dataset['kind'] = 'nullable';
    } else {
      input.value = String(value);
      input.dataset['kind'] = 'string';
    }
    label.append(`${key} `, input);
    container.append(label);
  }
}

function readScheduleOptions(): Record<string, OptionValue> {
  const options: Record<string, OptionValue> = {};
  for (const input of $<HTMLDivElement>('schedule-options').querySelectorAll('input')) {
    const kind = input.dataset['kind'];
    if (kind === 'boolean') options[input.name] = input.checked;
    else if (kind === 'number') options[input.name] = input.value.trim() === '' ? Number.NaN : Number(input.value);
    else if (kind === 'array') options[input.name] = input.value.split(',').filter((part) => part.trim() !== '').map(Number);
    else if (kind === 'nullable') options[input.name] = input.value.trim() === '' ? null : Number(input.value);
    else options[input.name] = input.value;
  }
  return options;
}

// ---- settings from the form ----

function readSettings(): ExperimentSettings {
  const epochs = Math.floor(number('epochs'));
  if (!(epochs >= 1 && epochs <= MAX_EPOCHS)) throw new RangeError(`epochs must be an integer from 1 to ${MAX_EPOCHS}, got '${$('epochs').value}'`);
  const seed = Math.floor(number('seed'));
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer >= 0, got '${$('seed').value}'`);
  const methodOne = checked('method-one');
  return {
    epochs,
    batchSize: BATCH_SIZE,
    seed,
    momentum: 0.9,
    learningRate: number('constant-rate'),
    schedule: !methodOne
      ? null
      : scheduleSelect.value === 'keras'
        ? { kind: 'keras', json: $<HTMLTextAreaElement>('keras-input').value }
        : { kind: 'builtin', name: scheduleSelect.value as ScheduleName, options: readScheduleOptions() },
    stepDecay: checked('step-decay') ? { initialLearningRate: number('sd-rate'), drop: number('sd-drop'), epochsDrop: number('sd-every'), delayEpochs: number('sd-delay') } : null,
    plateau: checked('plateau')
      ? {
          monitor: $('pl-monitor').value,
          mode: $<HTMLSelectElement>('pl-mode').value as 'min' | 'max' | 'auto',
          factor: number('pl-factor'),
          patience: number('pl-patience'),
          minDelta: number('pl-min-delta'),
          cooldown: 0,
          minLr: number('pl-min-lr'),
        }
      : null,
    checkpoint: checked('checkpoint'),
    earlyStopping: checked('early-stopping') ? { monitor: $('es-monitor').value, mode: 'auto', patience: number('es-patience'), minDelta: 0, restoreBestWeights: checked('es-restore') } : null,
    conflict: $<HTMLSelectElement>('conflict').value as ExperimentSettings['conflict'],
  };
}

function describeError(error: unknown): string {
  if (error instanceof AnnealError || error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

let firstChartAt: number | null = null;

/** Recomputes the preview; returns the settings, or null (with the core's error shown) when they are invalid. */
function refresh(): ExperimentSettings | null {
  $('constant-rate-label').hidden = checked('method-one');
  $('method-one-body').hidden = !checked('method-one');
  const errorBox = $<HTMLParagraphElement>('settings-error');
  try {
    const settings = readSettings();
    const preview = previewLearningRates(settings);
    const overridden = settings.schedule !== null && (settings.stepDecay !== null || settings.plateau !== null);
    const alone = overridden ? previewLearningRates({ ...settings, stepDecay: null, plateau: null }).steps : null;
    rateChart.preview(preview.steps, preview.stepsPerEpoch, settings.epochs, alone);
    if (firstChartAt === null) {
      // performance.now() counts from the navigation: the time to the first chart that docs/benchmarks.md records.
      firstChartAt = performance.now();
      document.body.dataset['timeToFirstChartMs'] = firstChartAt.toFixed(0);
    }
    const notes: string[] = [`${settings.epochs} epochs × ${preview.stepsPerEpoch} steps.`];
    if (preview.takeover !== null && settings.schedule !== null) {
      notes.push(`${preview.takeover.source} sets the rate from epoch ${preview.takeover.fromEpoch + 1}: the callback wins, the schedule is ignored from there (conflict: ${settings.conflict}).`);
    }
    if (preview.dependsOnMetrics.length > 0) notes.push(`${preview.dependsOnMetrics.join(', ')} acts on the metrics: its reductions show up during training, marked on the chart.`);
    $('preview-note').textContent = notes.join(' ');
    errorBox.hidden = true;
    errorBox.textContent = '';
    $<HTMLButtonElement>('train').disabled = running || reloading;
    return settings;
  } catch (error) {
    errorBox.textContent = describeError(error);
    errorBox.hidden = false;
    $<HTMLButtonElement>('train').disabled = true;
    return null;
  }
}

// ---- the worker ----

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (message: ToWorker): void => worker.postMessage(message);
let running = false;
// A reload sent and not yet answered: the worker takes one job at a time (worker-jobs.ts), so Train and Reload wait.
let reloading = false;
let trainClickedAt = 0;
// Shared with the worker when the page is cross-origin isolated: Stop is seen even while a runtime keeps the worker
// from reading messages between epochs.
const stopFlag = typeof SharedArrayBuffer === 'function' && crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;

interface RunRecord {
  backend: BackendName;
  settings: ExperimentSettings;
  device: DeviceInfo | null;
  epochs: EpochRecord[];
  learningRate: number[];
  takeover: Takeover | null;
  checkpoints: CheckpointInfo[];
  testAccuracy: number | null;
  confusion: Confusion | null;
  reloaded: { accuracy: number; device: DeviceInfo } | null;
  stoppedByUser: boolean;
  wallSeconds: number | null;
  fitSeconds: number | null;
  timeToFirstEpochMs: number | null;
  error: string | null;
}
let record: RunRecord | null = null;

function publish(): void {
  $('run-data').textContent = JSON.stringify(record);
}

function setStatus(text: string): void {
  $('status').textContent = text;
}

function showDevice(device: DeviceInfo): void {
  const kind = device.gpu ? `GPU${device.adapter === null ? '' : ` (${device.adapter}${/swiftshader/i.test(device.adapter) ? ', a software GPU' : ''})`}` : 'CPU';
  const element = $('backend-in-use');
  element.textContent = `${device.runtime} · ${device.backend} · ${kind}`;
  element.dataset['backend'] = device.backend;
  element.dataset['runtime'] = device.runtime;
  element.dataset['gpu'] = String(device.gpu);
}

function showConfusion(result: Confusion): void {
  const table = $<HTMLTableElement>('confusion');
  const head = `<caption>Confusion matrix (rows: actual, columns: predicted)</caption><tr><th></th>${CLASS_NAMES.map((name) => `<th scope="col">${name}</th>`).join('')}</tr>`;
  const rows = result.counts.map((row, actual) => `<tr><th scope="row">${CLASS_NAMES[actual]}</th>${row.map((count, predicted) => `<td class="${actual === predicted ? 'hit' : count > 0 ? 'miss' : ''}">${count}</td>`).join('')}</tr>`);
  table.innerHTML = head + rows.join('');
}

function setRunning(value: boolean): void {
  running = value;
  $<HTMLButtonElement>('train').disabled = value;
  $<HTMLButtonElement>('stop').disabled = !value;
  for (const element of $<HTMLFormElement>('settings').elements) (element as HTMLInputElement).disabled = value;
  // The worker trains or reloads, one at a time.
  $<HTMLButtonElement>('reload').disabled = value || reloading || $('checkpoint-info').dataset['testAccuracy'] === undefined;
  if (!value) refresh();
}

function setReloading(value: boolean): void {
  reloading = value;
  $<HTMLButtonElement>('reload').disabled = value || running || $('checkpoint-info').dataset['testAccuracy'] === undefined;
  if (value) $<HTMLButtonElement>('train').disabled = true;
  // Train comes back only with valid settings.
  else refresh();
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'start':
    case 'device':
      if (record !== null) record.device = message.device;
      showDevice(message.device);
      break;
    case 'epoch': {
      if (record === null) break;
      const { epoch } = message.record;
      if (record.timeToFirstEpochMs === null) {
        record.timeToFirstEpochMs = performance.now() - trainClickedAt;
        document.body.dataset['timeToFirstEpochMs'] = record.timeToFirstEpochMs.toFixed(0);
      }
      record.epochs.push(message.record);
      record.learningRate.push(message.record.learningRate);
      rateChart.addEpoch(epoch, message.record.learningRate);
      lossChart.add(epoch, message.record.loss, message.record.val_loss);
      accChart.add(epoch, message.record.acc, message.record.val_acc);
      $<HTMLProgressElement>('progress').value = (epoch + 1) / record.settings.epochs;
      setStatus(`epoch ${epoch + 1}/${record.settings.epochs} · loss ${message.record.loss.toFixed(4)} · val_acc ${message.record.val_acc.toFixed(4)} · lr ${message.record.learningRate.toExponential(3)}`);
      break;
    }
    case 'takeover':
      if (record === null) break;
      record.takeover = message.takeover;
      // The conflict rule made visible: from this epoch on, the callback's rate is the one in force.
      if (record.settings.schedule !== null) rateChart.markTakeover(message.takeover.fromEpoch, `${message.takeover.source} took over (epoch ${message.takeover.fromEpoch + 1})`);
      else rateChart.markTakeover(message.takeover.fromEpoch, `${message.takeover.source} set the rate (epoch ${message.takeover.fromEpoch + 1})`);
      break;
    case 'checkpoint':
      record?.checkpoints.push(message.info);
      showCheckpoint(message.info, record?.backend ?? null);
      break;
    case 'log':
      $('log').textContent += `${message.message}\n`;
      break;
    case 'done': {
      if (record === null) break;
      const { result } = message;
      record.device = message.device;
      record.testAccuracy = result.test.accuracy;
      record.confusion = result.test;
      record.stoppedByUser = result.stoppedByUser;
      record.wallSeconds = result.wallSeconds;
      record.fitSeconds = result.fitSeconds;
      // The series the adapter returned in its history, which the live one must equal.
      record.learningRate = [...(result.history['learningRate'] ?? [])];
      showDevice(message.device);
      $('test-accuracy').textContent = result.test.accuracy.toFixed(4);
      showConfusion(result.test);
      const why = result.stoppedByUser ? 'stopped' : result.stoppedEarly ? 'stopped early' : 'done';
      setStatus(`${why}: ${result.epochs.length} epochs in ${result.wallSeconds.toFixed(1)} s, test accuracy ${result.test.accuracy.toFixed(4)}`);
      document.body.dataset['state'] = 'done';
      setRunning(false);
      publish();
      break;
    }
    case 'reloaded':
      setReloading(false);
      $('reloaded-accuracy').textContent = message.test.accuracy.toFixed(4);
      if (record !== null) record.reloaded = { accuracy: message.test.accuracy, device: message.device };
      document.body.dataset['reloaded'] = 'true';
      setStatus(`checkpoint of epoch ${message.checkpoint.epoch + 1} reloaded on ${message.device.name}: test accuracy ${message.test.accuracy.toFixed(4)}`);
      publish();
      break;
    case 'kept':
      if (message.checkpoint !== null) showCheckpoint(message.checkpoint, message.checkpoint.backend, true);
      break;
    case 'error': {
      const runFailed = message.request === 'run' && running;
      // Before the message is shown: both check the settings again, which empties the error box.
      if (message.request === 'reload') {
        setReloading(false);
        // The page's reload outcome, for whoever waits on it (the e2e test), failed as well as succeeded.
        document.body.dataset['reloaded'] = 'failed';
      }
      if (runFailed) setRunning(false);
      $('settings-error').textContent = `${message.name}: ${message.message}`;
      $('settings-error').hidden = false;
      setStatus('failed');
      if (record !== null) record.error = `${message.name}: ${message.message}`;
      document.body.dataset['state'] = runFailed ? 'failed' : (document.body.dataset['state'] ?? 'ready');
      publish();
      break;
    }
  }
};

function showCheckpoint(info: CheckpointInfo, backend: BackendName | null, previous = false): void {
  $('checkpoint-info').textContent = `${previous ? 'From an earlier visit: ' : ''}epoch ${info.epoch + 1}${backend === null ? '' : ` on ${backend}`}, val_acc ${info.valAcc?.toFixed(4) ?? '–'}, test accuracy when saved ${info.testAccuracy.toFixed(4)}`;
  $('checkpoint-info').dataset['testAccuracy'] = String(info.testAccuracy);
  $<HTMLButtonElement>('reload').disabled = running || reloading;
}

// ---- buttons ----

$('train').addEventListener('click', () => {
  // A click queued before the button was disabled: the worker would refuse the run anyway.
  if (running || reloading) return;
  const settings = refresh();
  const backend = $<HTMLSelectElement>('backend').value;
  if (settings === null || !isBackendName(backend)) return;
  record = { backend, settings, device: null, epochs: [], learningRate: [], takeover: null, checkpoints: [], testAccuracy: null, confusion: null, reloaded: null, stoppedByUser: false, wallSeconds: null, fitSeconds: null, timeToFirstEpochMs: null, error: null };
  rateChart.clearRun();
  lossChart.reset(settings.epochs);
  accChart.reset(settings.epochs);
  $('test-accuracy').textContent = '–';
  $('reloaded-accuracy').textContent = '–';
  $<HTMLTableElement>('confusion').replaceChildren();
  $<HTMLProgressElement>('progress').value = 0;
  $('log').textContent = '';
  document.body.dataset['state'] = 'training';
  if (stopFlag !== null) Atomics.store(stopFlag, 0, 0);
  trainClickedAt = performance.now();
  setRunning(true);
  setStatus(`starting ${backend}…`);
  publish();
  send({ type: 'run', settings, backend, stopFlag });
});

$('stop').addEventListener('click', () => {
  if (stopFlag !== null) Atomics.store(stopFlag, 0, 1);
  send({ type: 'stop' });
  setStatus('stopping at the end of this epoch…');
});

$('reload').addEventListener('click', () => {
  const backend = $<HTMLSelectElement>('backend').value;
  if (!isBackendName(backend)) return;
  setReloading(true);
  setStatus('reloading the best checkpoint from IndexedDB…');
  send({ type: 'reload', backend });
});

$('export').addEventListener('click', () => {
  const output = $<HTMLPreElement>('keras-output');
  const link = $<HTMLAnchorElement>('export-download');
  output.hidden = false;
  try {
    const settings = readSettings();
    const schedule = scheduleOf(settings);
    if (schedule === null) throw new Error('method one is off: there is no schedule to export');
    const json = JSON.stringify(toKerasConfig(schedule), null, 2);
    output.textContent = `${json}\n\n# In Python:\n# schedule = keras.optimizers.schedules.deserialize(json.load(open('schedule.json')))`;
    if (link.href !== '') URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    link.hidden = false;
  } catch (error) {
    output.textContent = describeError(error);
    link.hidden = true;
  }
});

scheduleSelect.addEventListener('change', () => {
  renderScheduleOptions();
  refresh();
});
$('reset-options').addEventListener('click', () => {
  renderScheduleOptions();
  refresh();
});
$<HTMLFormElement>('settings').addEventListener('input', () => refresh());
$<HTMLFormElement>('settings').addEventListener('change', () => refresh());

// WebGPU is optional: without an adapter its two backends are disabled, with a note.
void (async () => {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (adapter === null || adapter === undefined) {
    for (const option of $<HTMLSelectElement>('backend').options) if (option.value.endsWith('webgpu')) option.disabled = true;
    $('webgpu-note').hidden = false;
  }
  document.body.dataset['webgpu'] = String(adapter !== null && adapter !== undefined);
})();

renderScheduleOptions();
refresh();
send({ type: 'inspect' });
document.body.dataset['state'] = 'ready';
