import {
  earlyStopping,
  exponentialDecay,
  InvalidOptionError,
  reduceLROnPlateau,
  sample,
  UnknownOptionError,
  type ProgressListener,
} from '@anneal/core';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { fitCallback, withSchedule } from './index.js';
import { recordProgress, type ProgressEvent } from '../../../tooling/record-progress.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A listener recording every hook in order; `hooks` limits which hooks it has (a listener without `onBatchEnd`, say). */
/** A tiny regression problem whose loss keeps falling: 8 training samples, 3 validation samples. */
function problem(): { x: tf.Tensor; y: tf.Tensor; validation: [tf.Tensor, tf.Tensor]; model: tf.Sequential; dispose: () => void } {
  const x = tf.tensor2d([[0, 1], [1, 0], [1, 1], [0, 0], [2, 1], [1, 2], [2, 2], [0, 2]]);
  const y = tf.tensor2d([[1], [1], [2], [0], [3], [3], [4], [2]]);
  const validation: [tf.Tensor, tf.Tensor] = [tf.tensor2d([[3, 0], [0, 3], [1, 3]]), tf.tensor2d([[3], [3], [4]])];
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros', biasInitializer: 'zeros' })] });
  return { x, y, validation, model, dispose: () => (tf.dispose([x, y, ...validation]), model.dispose()) };
}

describe('fitCallback({ progress }) reports the fit to a ProgressListener', () => {
  test('the hooks come in order with the documented fields: epochs, batches, step numbers, the rates of the steps, val logs', async () => {
    const { x, y, validation, model, dispose } = problem();
    const schedule = exponentialDecay({ initialLearningRate: 0.05, decaySteps: 1, decayRate: 0.9 });
    model.compile({ optimizer: withSchedule(tf.train.sgd(0.5), schedule), loss: 'meanSquaredError', metrics: ['mae'] });
    const { listener, events } = recordProgress();
    const epochs = 3;
    const batchSize = 3;
    const history = await model.fit(x, y, { epochs, batchSize, shuffle: false, verbose: 0, validationData: validation, callbacks: [fitCallback({ progress: listener })] });

    const steps = Math.ceil(8 / batchSize);
    const rates = sample(schedule, { steps: epochs * steps });
    const expected: ProgressEvent[] = [['onTrainBegin', { epochs, initialEpoch: 0, stepsPerEpoch: steps }]];
    for (let epoch = 0; epoch < epochs; epoch++) {
      expected.push(['onEpochBegin', { epoch, epochs }]);
      for (let batch = 0; batch < steps; batch++) {
        const step = epoch * steps + batch + 1;
        expected.push(['onBatchEnd', { epoch, batch, step, learningRate: rates[step - 1], logs: { loss: expect.any(Number), mae: expect.any(Number) } }]);
      }
      const logs = Object.fromEntries(['loss', 'mae', 'val_loss', 'val_mae'].map((key) => [key, history.history[key]?.[epoch]]));
      expected.push(['onEpochEnd', { epoch, epochs, learningRate: rates[(epoch + 1) * steps - 1], logs }]);
    }
    expected.push(['onTrainEnd', { epochsRun: epochs, stoppedEarly: false }]);
    expect(events).toEqual(expected);
    // The listener's logs hold numbers, not tensors, and exactly the metrics (tfjs's `batch` and `size` left out).
    const batchLogs = events.filter(([hook]) => hook === 'onBatchEnd').map(([, info]) => (info as { logs: Record<string, unknown> }).logs);
    for (const logs of batchLogs) expect(Object.keys(logs).sort()).toEqual(['loss', 'mae']);
    expect(batchLogs.every((logs) => Number.isFinite(logs['loss']))).toBe(true);
    dispose();
  });

  test('initialEpoch and early stopping: the first epoch, the epochs run, stoppedEarly, and the stop message in log', async () => {
    const { x, y, model, dispose } = problem();
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    const { listener, events } = recordProgress();
    // mode 'max' on a falling loss never improves, so it stops once patience runs out.
    const stop = earlyStopping({ monitor: 'loss', mode: 'max', patience: 1, verbose: 1 });
    const history = await model.fit(x, y, { epochs: 8, initialEpoch: 2, batchSize: 4, verbose: 0, callbacks: [fitCallback({ callbacks: [stop], progress: listener })] });
    expect(history.epoch.length).toBeLessThan(6);
    expect(events[0]).toEqual(['onTrainBegin', { epochs: 8, initialEpoch: 2, stepsPerEpoch: 2 }]);
    expect(events.filter(([hook]) => hook === 'onEpochBegin').map(([, info]) => (info as { epoch: number }).epoch)).toEqual(history.epoch);
    expect(events.at(-1)).toEqual(['onTrainEnd', { epochsRun: history.epoch.length, stoppedEarly: true }]);
    // Early stopping's verbose line went to the listener, after the last epoch's line.
    const lastEpochEnd = events.map(([hook]) => hook).lastIndexOf('onEpochEnd');
    const logged = events.findIndex(([hook, message]) => hook === 'log' && /early stopping/i.test(String(message)));
    expect(logged).toBeGreaterThan(lastEpochEnd);
    dispose();
  });

  test('fitDataset of unknown length: stepsPerEpoch null, and the initialEpoch it does not pass to callbacks is still reported', async () => {
    const { x, y, model, dispose } = problem();
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    const rows = x.arraySync() as number[][];
    const targets = y.arraySync() as number[][];
    const dataset = tf.data
      .generator(function* () {
        for (let index = 0; index < rows.length; index++) yield { xs: rows[index] as number[], ys: targets[index] as number[] };
      })
      .batch(4);
    const { listener, events } = recordProgress();
    await model.fitDataset(dataset, { epochs: 3, initialEpoch: 1, verbose: 0, callbacks: [fitCallback({ progress: listener })] });
    expect(events[0]).toEqual(['onTrainBegin', { epochs: 3, initialEpoch: 1, stepsPerEpoch: null }]);
    expect(events.filter(([hook]) => hook === 'onBatchEnd').map(([, info]) => (info as { batch: number; step: number }).step)).toEqual([1, 2, 3, 4]);
    expect(events.at(-1)).toEqual(['onTrainEnd', { epochsRun: 2, stoppedEarly: false }]);
    dispose();
  });

  test('a listener without onBatchEnd adds no GPU→CPU read per batch; one with it reads the batch logs', async () => {
    const backend = tf.backend() as unknown as { read: (...args: unknown[]) => unknown; readSync: (...args: unknown[]) => unknown };
    let reads = 0;
    const read = backend.read;
    const readSync = backend.readSync;
    backend.read = function counted(this: unknown, ...args: unknown[]) {
      reads += 1;
      return read.apply(this, args);
    };
    backend.readSync = function counted(this: unknown, ...args: unknown[]) {
      reads += 1;
      return readSync.apply(this, args);
    };
    const readsOf = async (progress: ProgressListener | undefined): Promise<number> => {
      const { x, y, model, dispose } = problem();
      model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
      const before = reads;
      await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0, callbacks: [fitCallback(progress === undefined ? {} : { progress })] });
      dispose();
      return reads - before;
    };
    try {
      const without = await readsOf(undefined);
      const epochOnly = await readsOf(recordProgress(['onTrainBegin', 'onEpochBegin', 'onEpochEnd', 'onTrainEnd', 'log']).listener);
      const withBatches = await readsOf(recordProgress().listener);
      expect(epochOnly).toBe(without);
      // 8 batches of one loss each.
      expect(withBatches).toBeGreaterThanOrEqual(without + 8);
    } finally {
      backend.read = read;
      backend.readSync = readSync;
    }
  });
});

describe("where the callbacks' lines go: explicit log/warn, then progress.log, then console", () => {
  // A plateau on the loss that reduces at the end of epoch 1 (verbose), and one on a metric the logs lack (a warning).
  const callbacks = () => [
    reduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, minDelta: 1e3, verbose: 1 }),
    reduceLROnPlateau({ monitor: 'val_acc', patience: 5 }),
  ];
  const fitWith = async (options: Parameters<typeof fitCallback>[0]): Promise<void> => {
    const { x, y, model, dispose } = problem();
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0, callbacks: [fitCallback(options)] });
    dispose();
  };
  const isReduction = (line: string) => /ReduceLROnPlateau reducing learning rate/.test(line);
  const isWarning = (line: string) => /val_acc/.test(line);

  test('without log and warn, the listener gets both the verbose lines and the warnings, and the console nothing', async () => {
    const consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const lines: string[] = [];
    await fitWith({ callbacks: callbacks(), progress: { log: (line) => lines.push(line) } });
    expect(lines.some(isReduction)).toBe(true);
    expect(lines.some(isWarning)).toBe(true);
    expect(consoleLog).not.toHaveBeenCalled();
    expect(consoleWarn).not.toHaveBeenCalled();
  });

  test('explicit log and warn win over progress.log', async () => {
    const lines: string[] = [];
    const logged: string[] = [];
    const warned: string[] = [];
    await fitWith({ callbacks: callbacks(), progress: { log: (line) => lines.push(line) }, log: (line) => logged.push(line), warn: (line) => warned.push(line) });
    expect(lines).toEqual([]);
    expect(logged.some(isReduction)).toBe(true);
    expect(warned.some(isWarning)).toBe(true);
  });

  test('an explicit log alone leaves the warnings to progress.log', async () => {
    const lines: string[] = [];
    const logged: string[] = [];
    await fitWith({ callbacks: callbacks(), progress: { log: (line) => lines.push(line) }, log: (line) => logged.push(line) });
    expect(logged.some(isReduction)).toBe(true);
    expect(logged.some(isWarning)).toBe(false);
    expect(lines.some(isWarning)).toBe(true);
    expect(lines.some(isReduction)).toBe(false);
  });

  test('a listener without log leaves the lines to console.log and console.warn', async () => {
    const consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await fitWith({ callbacks: callbacks(), progress: { onEpochEnd: () => {} } });
    expect(consoleLog.mock.calls.some(([line]) => isReduction(String(line)))).toBe(true);
    expect(consoleWarn.mock.calls.some(([line]) => isWarning(String(line)))).toBe(true);
  });
});

describe('the progress option is checked', () => {
  test('a misspelt key is still refused, with the nearest valid one', () => {
    expect(() => fitCallback({ progres: {} } as never)).toThrow(UnknownOptionError);
    expect(() => fitCallback({ progres: {} } as never)).toThrow(/unknown option 'progres' — did you mean 'progress'\?/);
    expect(() => fitCallback({ lg: () => {} } as never)).toThrow(/did you mean 'log'\?/);
  });

  test('a progress that is not a listener is an InvalidOptionError naming the option', () => {
    expect(() => fitCallback({ progress: 5 as never })).toThrow(InvalidOptionError);
    expect(() => fitCallback({ progress: null as never })).toThrow(/option 'progress' must be a ProgressListener/);
    expect(() => fitCallback({ progress: { onEpochEnd: 'print' } as never })).toThrow(/option 'progress.onEpochEnd' must be a function when present/);
  });
});
