import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { previewLearningRates } from './callbacks.js';
import { memoryCheckpointStore, type EpochRecord } from './events.js';
import { evaluateCheckpoint, runExperiment } from './experiment.js';
import { articleStepDecaySettings, articleSettings, NODE_BACKENDS, type ExperimentSettings } from './settings.js';
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

  test(`the browser test's settings reach test accuracy >= 0.9 (${E2E_SETTINGS.epochs} epochs, seed ${E2E_SETTINGS.seed})`, async () => {
    const result = await runExperiment(E2E_SETTINGS, { backend });
    expect(result.test.accuracy).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
