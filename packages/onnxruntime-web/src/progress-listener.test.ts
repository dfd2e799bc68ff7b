import { earlyStopping, exponentialDecay, InvalidOptionError, reduceLROnPlateau, sample, UnknownOptionError } from '@anneal/core';
import { irisFeatures, irisLabels, stratifiedSplit } from '@anneal/iris-data';
import * as ort from 'onnxruntime-web';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createTrainer, dense, sgd, type FitOptions } from './index.js';
import { recordProgress, type ProgressEvent } from '../../../tooling/record-progress.ts';

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

afterEach(() => {
  vi.restoreAllMocks();
});

const iris = (() => {
  const split = stratifiedSplit({ labels: irisLabels, fractions: { train: 0.7, validation: 0.15, test: 0.15 }, seed: 7 });
  const pick = (indices: readonly number[]) => ({ x: indices.map((index) => [...(irisFeatures[index] as readonly number[])]), y: indices.map((index) => irisLabels[index] as number) });
  return { train: pick(split.train), validation: pick(split.validation) };
})();
const network = { inputSize: 4, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] };
const schedule = exponentialDecay({ initialLearningRate: 0.05, decaySteps: 7, decayRate: 0.8 });

async function fit(options: Omit<FitOptions, 'epochs'> & { epochs?: number }): Promise<{ history: Awaited<ReturnType<Awaited<ReturnType<typeof createTrainer>>['fit']>> }> {
  const trainer = await createTrainer({ network, loss: 'sparseCategoricalCrossentropy', optimizer: sgd({ learningRate: schedule, momentum: 0.9 }), seed: 2, executionProvider: 'wasm' });
  try {
    return { history: await trainer.fit(iris.train.x, iris.train.y, { epochs: 3, ...options }) };
  } finally {
    await trainer.release();
  }
}

describe('fit({ progress }) reports the fit to a ProgressListener', () => {
  const batchSize = 16;
  const steps = Math.ceil(iris.train.x.length / batchSize);

  test('the hooks come in order with the documented fields: epochs, batches, step numbers, the rates of the steps, val logs', async () => {
    const { listener, events } = recordProgress();
    const epochs = 3;
    const { history } = await fit({ epochs, batchSize, validationData: [iris.validation.x, iris.validation.y], progress: listener });
    const rates = sample(schedule, { steps: epochs * steps });
    const expected: ProgressEvent[] = [['onTrainBegin', { epochs, initialEpoch: 0, stepsPerEpoch: steps }]];
    for (let epoch = 0; epoch < epochs; epoch++) {
      expected.push(['onEpochBegin', { epoch, epochs }]);
      for (let batch = 0; batch < steps; batch++) {
        const step = epoch * steps + batch + 1;
        expected.push(['onBatchEnd', { epoch, batch, step, learningRate: rates[step - 1], logs: { loss: expect.any(Number), acc: expect.any(Number) } }]);
      }
      const logs = Object.fromEntries(['loss', 'acc', 'val_loss', 'val_acc'].map((key) => [key, history.history[key]?.[epoch]]));
      expected.push(['onEpochEnd', { epoch, epochs, learningRate: rates[(epoch + 1) * steps - 1], logs }]);
    }
    expected.push(['onTrainEnd', { epochsRun: epochs, stoppedEarly: false }]);
    expect(events).toEqual(expected);
  });

  test.each([3, 'epoch'] as const)('stepsPerRun %s reports every step, in order, with the same values as one step per run', async (stepsPerRun) => {
    const one = recordProgress();
    const many = recordProgress();
    await fit({ batchSize, progress: one.listener });
    await fit({ batchSize, progress: many.listener, stepsPerRun });
    // Same hooks, epochs, batches, steps and rates; losses agree to float32 rounding between the graphs.
    const shape = (events: ProgressEvent[]) => events.map(([hook, info]) => [hook, { ...(info as object), logs: Object.keys((info as { logs?: object }).logs ?? {}) }]);
    expect(shape(many.events)).toEqual(shape(one.events));
    many.events.forEach(([hook, info], index) => {
      if (hook !== 'onBatchEnd' && hook !== 'onEpochEnd') return;
      const logs = (info as { logs: Record<string, number> }).logs;
      const reference = (one.events[index]?.[1] as { logs: Record<string, number> }).logs;
      for (const [key, value] of Object.entries(logs)) expect(Math.abs(value - (reference[key] as number)), `${hook} #${index} ${key}`).toBeLessThan(1e-5);
    });
  });

  test('initialEpoch and early stopping: the first epoch, the epochs run, stoppedEarly, and the stop message in log', async () => {
    const { listener, events } = recordProgress();
    // mode 'max' on a falling loss never improves, so it stops once patience runs out.
    const { history } = await fit({ epochs: 8, initialEpoch: 2, batchSize, callbacks: [earlyStopping({ monitor: 'loss', mode: 'max', patience: 1, verbose: 1 })], progress: listener });
    expect(history.epoch.length).toBeLessThan(6);
    expect(events[0]).toEqual(['onTrainBegin', { epochs: 8, initialEpoch: 2, stepsPerEpoch: steps }]);
    expect(events.filter(([hook]) => hook === 'onEpochBegin').map(([, info]) => (info as { epoch: number }).epoch)).toEqual(history.epoch);
    expect(events.at(-1)).toEqual(['onTrainEnd', { epochsRun: history.epoch.length, stoppedEarly: true }]);
    const lastEpochEnd = events.map(([hook]) => hook).lastIndexOf('onEpochEnd');
    const logged = events.findIndex(([hook, message]) => hook === 'log' && /early stopping/i.test(String(message)));
    expect(logged).toBeGreaterThan(lastEpochEnd);
  });
});

describe("where the callbacks' lines go: explicit log/warn, then progress.log, then console", () => {
  const callbacks = () => [
    reduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, minDelta: 1e3, verbose: 1 }),
    reduceLROnPlateau({ monitor: 'val_acc', patience: 5 }),
  ];
  const isReduction = (line: string) => /ReduceLROnPlateau reducing learning rate/.test(line);
  const isWarning = (line: string) => /val_acc/.test(line);

  test('without log and warn, the listener gets both the verbose lines and the warnings, and the console nothing', async () => {
    const consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const lines: string[] = [];
    await fit({ callbacks: callbacks(), progress: { log: (line) => lines.push(line) } });
    expect(lines.some(isReduction)).toBe(true);
    expect(lines.some(isWarning)).toBe(true);
    expect(consoleLog).not.toHaveBeenCalled();
    expect(consoleWarn).not.toHaveBeenCalled();
  });

  test('explicit log and warn win over progress.log; an explicit log alone leaves the warnings to progress.log', async () => {
    const both = { lines: [] as string[], logged: [] as string[], warned: [] as string[] };
    await fit({ callbacks: callbacks(), progress: { log: (line) => both.lines.push(line) }, log: (line) => both.logged.push(line), warn: (line) => both.warned.push(line) });
    expect(both.lines).toEqual([]);
    expect(both.logged.some(isReduction)).toBe(true);
    expect(both.warned.some(isWarning)).toBe(true);

    const logOnly = { lines: [] as string[], logged: [] as string[] };
    await fit({ callbacks: callbacks(), progress: { log: (line) => logOnly.lines.push(line) }, log: (line) => logOnly.logged.push(line) });
    expect(logOnly.logged.some(isReduction)).toBe(true);
    expect(logOnly.logged.some(isWarning)).toBe(false);
    expect(logOnly.lines.some(isWarning)).toBe(true);
  });
});

describe('the progress option is checked', () => {
  test('a misspelt key is still refused, with the nearest valid one', async () => {
    await expect(fit({ progres: {} } as never)).rejects.toThrow(UnknownOptionError);
    await expect(fit({ progres: {} } as never)).rejects.toThrow(/unknown option 'progres' — did you mean 'progress'\?/);
  });

  test('a progress that is not a listener is an InvalidOptionError naming the option, before any step', async () => {
    const events: string[] = [];
    await expect(fit({ progress: 'bar' as never })).rejects.toThrow(InvalidOptionError);
    await expect(fit({ progress: { onEpochBegin: () => events.push('begin'), onBatchEnd: 1 } as never })).rejects.toThrow(/option 'progress.onBatchEnd' must be a function when present/);
    expect(events).toEqual([]);
  });
});
