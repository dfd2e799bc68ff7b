import type { ProgressListener } from '@anneal/core';
import { progressBar } from '@anneal/progress';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { previewLearningRates, scheduleOf } from './callbacks.js';
import { stepsPerEpoch } from './data.js';
import { memoryCheckpointStore, type EpochRecord } from './events.js';
import { evaluateCheckpoint, runExperiment } from './experiment.js';
import { presetOptions } from './schedules.js';
import { articleStepDecaySettings, articleSettings, BATCH_SIZE, NODE_BACKENDS, type ExperimentSettings } from './settings.js';
import { E2E_SETTINGS } from '../test-support/e2e-settings.js';

beforeAll(() => {
  tf.enableProdMode();
});

describe.each(NODE_BACKENDS)('%s', (backend) => {
  test('reports every epoch, logs the previewed rates, and its checkpoint reloads to the accuracy it had when saved', async () => {
    const settings: ExperimentSettings = { ...articleSettings(4), stepDecay: { ...articleStepDecaySettings(4), delayEpochs: 1, epochsDrop: 1 } };
    const records: EpochRecord[] = [];
    const starts: string[] = [];
    const store = memoryCheckpointStore();
    const result = await runExperiment(settings, { backend, checkpointStore: store, listener: { onEpochEnd: (record) => records.push(record), onStart: ({ backend: info }) => starts.push(info.backend) } });
    expect(result.backend.name).toBe(backend);
    expect(starts).toEqual([backend === 'tfjs-cpu' ? 'cpu' : 'wasm']);
    expect(records.map((record) => record.epoch)).toEqual([0, 1, 2, 3]);
    expect(records.map((record) => record.learningRate)).toEqual(result.history['learningRate']);
    expect(result.history['learningRate']).toEqual(previewLearningRates(settings).epochs);
    // With one epoch per drop, the article's formula halves at once: 0.01 · 0.5^floor((1 + 0) / 1).
    expect(result.takeover).toEqual({ source: 'learningRateScheduler', epoch: 0, fromEpoch: 0, learningRate: 0.005 });
    for (const key of ['loss', 'acc', 'val_loss', 'val_acc'] as const) for (const record of records) expect(Number.isFinite(record[key])).toBe(true);
    expect(result.test.counts.flat().reduce((a, b) => a + b, 0)).toBe(21);
    expect(result.checkpoint).not.toBeNull();
    const reloaded = await evaluateCheckpoint(store);
    expect(reloaded?.test.accuracy).toBe(result.checkpoint?.testAccuracy);
  }, 60_000);

  test('shouldStop ends training at the epoch end where it turns true', async () => {
    let epochs = 0;
    const result = await runExperiment({ ...articleSettings(50), checkpoint: false }, { backend, shouldStop: () => epochs >= 2, listener: { onEpochEnd: () => void epochs++ } });
    expect(result.epochs).toHaveLength(2);
    expect(result.stoppedByUser).toBe(true);
    expect(result.stoppedEarly).toBe(true);
  }, 60_000);

  // The schedule moves within every epoch, so the rate of an epoch's first step, of its last, and of the next epoch's
  // first all differ (to 4 digits too): only the last step's matches.
  test.each([
    ['off a terminal', false],
    ['on a terminal', true],
  ])("%s, the progress line of each epoch shows the rate of the epoch's last step", async (_where, tty) => {
    const epochs = 4;
    const perEpoch = stepsPerEpoch(BATCH_SIZE);
    const settings: ExperimentSettings = {
      ...articleSettings(epochs),
      schedule: { kind: 'builtin', name: 'cosineDecay', options: presetOptions('cosineDecay', { epochs, stepsPerEpoch: perEpoch }) },
      checkpoint: false,
    };
    const schedule = scheduleOf(settings);
    if (schedule === null) throw new Error('the settings have a schedule');
    const lastStepRates = Array.from({ length: epochs }, (_, epoch) => schedule((epoch + 1) * perEpoch - 1));
    const chunks: string[] = [];
    const display = progressBar({ stream: { isTTY: tty, columns: 400, write: (chunk) => chunks.push(chunk) }, tty });
    const reported: number[] = [];
    const progress: ProgressListener = {
      ...display,
      onEpochEnd: (info) => {
        reported.push(info.learningRate);
        display.onEpochEnd?.(info);
      },
    };
    await runExperiment(settings, { backend, progress });
    expect(reported).toEqual(lastStepRates);
    // What is printed: the epoch's final line, one write of its own (on a terminal, after the bar is cleared).
    const printed = chunks.flatMap((chunk) => /^(?:Epoch \d+\/\d+|\d+\/\d+ \[=+\] - \S+ \S+\/step) - .* - lr: (\S+)\n$/.exec(chunk)?.[1] ?? []);
    expect(printed).toEqual(lastStepRates.map((rate) => String(Number(rate.toPrecision(4)))));
  }, 60_000);

  test(`the browser test's settings reach test accuracy >= 0.9 (${E2E_SETTINGS.epochs} epochs, seed ${E2E_SETTINGS.seed})`, async () => {
    const result = await runExperiment(E2E_SETTINGS, { backend });
    expect(result.test.accuracy).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});

test('tfjs: a run frees every tensor it made, its optimizer included', async () => {
  await tf.setBackend('cpu');
  const settings = articleSettings(2);
  await runExperiment(settings, { backend: 'tfjs-cpu' });
  const afterOne = tf.memory().numTensors;
  await runExperiment(settings, { backend: 'tfjs-cpu' });
  expect(tf.memory().numTensors).toBe(afterOne);
}, 60_000);
