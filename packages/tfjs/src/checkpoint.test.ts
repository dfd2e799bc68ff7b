import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exponentialDecay, modelCheckpoint, type CheckpointRequest } from '@anneal/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fitCallback, withSchedule } from './index.js';
import { fileSystemHandler } from './node/index.js';
import { accuracyOf, createIrisModel, irisSplit, predictionRecorder } from './test-support/iris.js';

// A real best-by-val_acc round trip on iris: the seed article's 4 → 4 → 6 → 3 MLP (as in seed-article.test.ts), the
// article's ModelCheckpoint(monitor='val_acc', mode='max', save_best_only=True) saving through fileSystemHandler, and
// a seed and epoch count where val_acc peaks well before the last epoch and then falls — so a checkpoint that saved
// every epoch, or the last one, would reload a different (worse) model and fail.
const SEED = 4;
const EPOCHS = 30;

let directory = '';
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  directory = await mkdtemp(join(tmpdir(), 'anneal-iris-best-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});



/** The share of rows whose argmax is the label, counted here rather than by tfjs's metric. */

describe('modelCheckpoint best-by-val_acc through fileSystemHandler, on iris', () => {
  test('the reloaded checkpoint is the best epoch (not the last): same predictions and the val_acc recorded then', async () => {
    const { train, validation } = irisSplit();
    const model = createIrisModel(SEED);
    const optimizer = withSchedule(tf.train.momentum(1e-2, 0.9), exponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10_000, decayRate: 0.96 }));
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

    const saves: CheckpointRequest[] = [];
    // After fitCallback in the list, so it sees the weights the checkpoint (if any) just saved.
    const { callback: recorder, predictionsByEpoch } = predictionRecorder(model, validation.x);
    const history = await model.fit(train.x, train.y, {
      epochs: EPOCHS,
      batchSize: 5,
      validationData: [validation.x, validation.y],
      shuffle: false,
      verbose: 0,
      callbacks: [
        fitCallback({
          callbacks: [modelCheckpoint({ filepath: 'best', monitor: 'val_acc', mode: 'max', saveBestOnly: true })],
          checkpointHandler: (request) => {
            saves.push(request);
            return fileSystemHandler(join(directory, request.filepath as string));
          },
          log: () => {},
        }),
        recorder,
      ],
    });

    const valAcc = history.history['val_acc'] as number[];
    expect(valAcc).toHaveLength(EPOCHS);
    const best = Math.max(...valAcc);
    const bestEpoch = valAcc.indexOf(best);
    // The premise that gives the test teeth: val_acc peaks well before the end and the final model is worse.
    expect(bestEpoch).toBeLessThan(EPOCHS - 5);
    expect(valAcc[EPOCHS - 1]).toBeLessThan(best);

    // saveBestOnly: every save was a strict improvement, the last one at the (first) best epoch.
    expect(saves.length).toBeGreaterThan(0);
    let previous = Number.NEGATIVE_INFINITY;
    for (const request of saves) {
      expect(request.monitor).toBe('val_acc');
      expect(request.value).toBe(valAcc[request.epoch]);
      expect(request.value as number).toBeGreaterThan(previous);
      previous = request.value as number;
    }
    expect(saves.at(-1)?.epoch).toBe(bestEpoch);
    const files = await readdir(join(directory, 'best'));
    // One checkpoint on disk: model.json and a single weights file (earlier saves cleaned up).
    expect(files).toHaveLength(2);
    expect(files).toContain('model.json');
    expect(files.filter((file) => file.endsWith('.bin'))).toHaveLength(1);

    const reloaded = await tf.loadLayersModel(fileSystemHandler(join(directory, 'best')));
    const reloadedPrediction = reloaded.predict(validation.x) as tf.Tensor;
    const reloadedPredictions = (await reloadedPrediction.array()) as number[][];
    const finalPrediction = model.predict(validation.x) as tf.Tensor;
    const finalPredictions = (await finalPrediction.array()) as number[][];

    // The reloaded model is the model of the best epoch, bit for bit.
    expect(reloadedPredictions).toEqual(predictionsByEpoch[bestEpoch]);
    expect(reloadedPredictions).not.toEqual(predictionsByEpoch[EPOCHS - 1]);
    // Its validation accuracy is the best val_acc in the history; the final model's is the (lower) last one.
    const reloadedAccuracy = accuracyOf(reloadedPredictions, validation.labels);
    const finalAccuracy = accuracyOf(finalPredictions, validation.labels);
    expect(reloadedAccuracy).toBeCloseTo(valAcc[bestEpoch] as number, 6);
    expect(finalAccuracy).toBeCloseTo(valAcc[EPOCHS - 1] as number, 6);
    expect(reloadedAccuracy).toBeGreaterThan(finalAccuracy);
    // And tfjs's own metric on the reloaded model agrees.
    reloaded.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const evaluation = reloaded.evaluate(validation.x, validation.y, { batchSize: 5 }) as tf.Scalar[];
    expect((await evaluation[1]?.data())?.[0]).toBeCloseTo(best, 6);

    tf.dispose([train.x, train.y, validation.x, validation.y, reloadedPrediction, finalPrediction, ...evaluation]);
    model.dispose();
    reloaded.dispose();
  }, 60_000);
});
