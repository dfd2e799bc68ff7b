import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createController,
  earlyStopping,
  exponentialDecay,
  learningRateScheduler,
  modelCheckpoint,
  reduceLROnPlateau,
  type Callback,
} from '@anneal/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fitCallback, withSchedule } from './index.js';
import { fileSystemHandler } from './node/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A tiny regression problem whose loss keeps falling, on 8 samples. */
function problem(): { x: tf.Tensor; y: tf.Tensor; model: tf.Sequential } {
  const x = tf.tensor2d([[0, 1], [1, 0], [1, 1], [0, 0], [2, 1], [1, 2], [2, 2], [0, 2]]);
  const y = tf.tensor2d([[1], [1], [2], [0], [3], [3], [4], [2]]);
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros', biasInitializer: 'zeros' })] });
  return { x, y, model };
}

/** Records the rate the optimizer held after each batch (as a tfjs callback, the way users would observe it). */
function rateRecorder(model: tf.LayersModel, rates: number[]): tf.CustomCallback {
  return new tf.CustomCallback({
    onBatchEnd: async () => {
      rates.push((model.optimizer as unknown as { learningRate: number }).learningRate);
    },
  });
}

describe('fitCallback drives model.fit through the core controller', () => {
  test('schedule in the optimizer + plateau callback: the conflict rule, step by step', async () => {
    const { x, y, model } = problem();
    const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
    model.compile({ optimizer: withSchedule(tf.train.sgd(0.5), schedule), loss: 'meanSquaredError' });
    const rates: number[] = [];
    const history = await model.fit(x, y, {
      epochs: 3,
      batchSize: 4,
      shuffle: false,
      verbose: 0,
      callbacks: [fitCallback({ callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, minDelta: 1e3 })] }), rateRecorder(model, rates)],
    });
    // Epoch 0 improves (first value); epoch 1 does not beat it by 1000, so the end of epoch 1 reduces schedule(4).
    expect(rates).toEqual([0.1, 0.05, 0.025, 0.0125, schedule(4) * 0.5, schedule(4) * 0.5]);
    expect(history.history['learningRate']).toEqual([schedule(2), schedule(4), schedule(4) * 0.5]);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('the same sequence as the core controller computes for the same events', async () => {
    const { x, y, model } = problem();
    const schedule = exponentialDecay({ initialLearningRate: 0.05, decaySteps: 3, decayRate: 0.8 });
    const callbacks = [learningRateScheduler((epoch, lr) => (epoch === 2 ? lr * 0.1 : lr))];
    model.compile({ optimizer: withSchedule(tf.train.adam(), schedule), loss: 'meanSquaredError' });
    const rates: number[] = [];
    await model.fit(x, y, { epochs: 4, batchSize: 2, verbose: 0, callbacks: [fitCallback({ callbacks }), rateRecorder(model, rates)] });
    const expected: number[] = [];
    const controller = createController({ learningRate: schedule, callbacks });
    controller.trainBegin();
    for (let epoch = 0; epoch < 4; epoch++) {
      controller.epochBegin(epoch);
      for (let batch = 0; batch < 4; batch++) expected.push(controller.batchBegin());
      controller.epochEnd(epoch, {});
    }
    expect(rates).toEqual(expected);
    tf.dispose([x, y]);
    model.dispose();
  });

  test("an optimizer given as a string to compile ('sgd') follows fitCallback's schedule", async () => {
    const { x, y, model } = problem();
    const schedule = exponentialDecay({ initialLearningRate: 0.02, decaySteps: 1, decayRate: 0.9 });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const rates: number[] = [];
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, callbacks: [fitCallback({ learningRate: schedule }), rateRecorder(model, rates)] });
    expect(rates).toEqual([0, 1, 2, 3].map(schedule));
    tf.dispose([x, y]);
    model.dispose();
  });

  test('fitDataset takes the same path', async () => {
    const { x, y, model } = problem();
    const schedule = exponentialDecay({ initialLearningRate: 0.02, decaySteps: 1, decayRate: 0.9 });
    model.compile({ optimizer: withSchedule(tf.train.rmsprop(0.1), schedule), loss: 'meanSquaredError' });
    const dataset = tf.data.zip({ xs: tf.data.array(x.arraySync() as number[][]), ys: tf.data.array(y.arraySync() as number[][]) }).batch(4);
    const rates: number[] = [];
    const history = await model.fitDataset(dataset, { epochs: 2, verbose: 0, callbacks: [fitCallback(), rateRecorder(model, rates)] });
    expect(rates).toEqual([0, 1, 2, 3].map(schedule));
    expect(history.history['learningRate']).toEqual([schedule(2), schedule(4)]);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('earlyStopping stops fit and restoreBestWeights puts the best epoch back', async () => {
    const { x, y, model } = problem();
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    const weightsByEpoch: number[][] = [];
    const losses = [1, 0.5, 0.7, 0.8, 0.9, 1];
    const recorder = new tf.CustomCallback({
      // Runs before fitCallback's onEpochEnd: it overrides the loss so the best epoch is known, and records weights.
      onEpochEnd: async (epoch, logs) => {
        (logs as Record<string, number>)['loss'] = losses[epoch] as number;
        weightsByEpoch.push(Array.from(model.getWeights()[0]?.dataSync() ?? []));
      },
    });
    const history = await model.fit(x, y, {
      epochs: 6,
      batchSize: 8,
      verbose: 0,
      callbacks: [recorder, fitCallback({ callbacks: [earlyStopping({ monitor: 'loss', patience: 2, restoreBestWeights: true })] })],
    });
    expect(history.epoch).toEqual([0, 1, 2, 3]);
    expect(Array.from(model.getWeights()[0]?.dataSync() ?? [])).toEqual(weightsByEpoch[1]);
    tf.dispose([x, y]);
    model.dispose();
  });

  test('no tensor leaks: a fit with every callback enabled leaves tf.memory().numTensors unchanged', async () => {
    const { x, y, model } = problem();
    const directory = await mkdtemp(join(tmpdir(), 'anneal-leak-'));
    model.compile({ optimizer: withSchedule(tf.train.adam(0.01), exponentialDecay({ initialLearningRate: 0.01, decaySteps: 5, decayRate: 0.9 })), loss: 'meanSquaredError' });
    const everything = () =>
      fitCallback({
        callbacks: [
          learningRateScheduler((epoch, lr) => lr),
          reduceLROnPlateau({ monitor: 'loss', patience: 1 }),
          modelCheckpoint({ monitor: 'loss', saveBestOnly: true, saveFreq: 2 }),
          earlyStopping({ monitor: 'loss', patience: 50, restoreBestWeights: true }),
        ],
        checkpointHandler: () => fileSystemHandler(directory),
        warn: () => {},
      });
    // The first fit creates the optimizer's own state (Adam's moments); leaks are what a later fit adds.
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0, callbacks: [everything()] });
    const before = tf.memory().numTensors;
    await model.fit(x, y, { epochs: 5, batchSize: 4, verbose: 0, callbacks: [everything()] });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
    await rm(directory, { recursive: true, force: true });
  });
});

describe('checkpoints through fileSystemHandler', () => {
  const directories: string[] = [];
  afterAll(async () => {
    for (const directory of directories) await rm(directory, { recursive: true, force: true });
  });

  test('the best model by a monitored metric is saved, survives later saves, and reloads with the same predictions', async () => {
    const { x, y, model } = problem();
    const directory = await mkdtemp(join(tmpdir(), 'anneal-checkpoint-'));
    directories.push(directory);
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    const lossByEpoch: number[] = [];
    const saved: number[] = [];
    await model.fit(x, y, {
      epochs: 6,
      batchSize: 8,
      verbose: 0,
      callbacks: [
        fitCallback({
          callbacks: [modelCheckpoint({ filepath: 'best', monitor: 'loss', mode: 'min', saveBestOnly: true })],
          checkpointHandler: (request) => {
            saved.push(request.epoch);
            lossByEpoch.push(request.value as number);
            return fileSystemHandler(join(directory, request.filepath as string));
          },
        }),
      ],
    });
    expect(saved.length).toBeGreaterThan(0);
    const files = await readdir(join(directory, 'best'));
    expect(files.filter((file) => file.endsWith('.bin'))).toHaveLength(1);
    expect(files).toContain('model.json');
    const reloaded = await tf.loadLayersModel(fileSystemHandler(join(directory, 'best')));
    // The last save was the best epoch, which is also the last epoch on a steadily falling loss.
    const expected = model.predict(x) as tf.Tensor;
    const actual = reloaded.predict(x) as tf.Tensor;
    expect(Array.from(actual.dataSync())).toEqual(Array.from(expected.dataSync()));
    tf.dispose([x, y, expected, actual]);
    model.dispose();
    reloaded.dispose();
  });

  test('a crash between writing weights and replacing model.json leaves the previous checkpoint loadable', async () => {
    const { x, model } = problem();
    const directory = await mkdtemp(join(tmpdir(), 'anneal-crash-'));
    directories.push(directory);
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    await model.save(fileSystemHandler(directory));
    const before = model.predict(x) as tf.Tensor;
    // A save interrupted after its weights file: a new weights file and a half-written temp model.json lie around.
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(directory, 'weights-interrupted.bin'), Buffer.alloc(12));
    await writeFile(join(directory, 'model.json.partial.tmp'), '{"modelTopology":');
    const reloaded = await tf.loadLayersModel(fileSystemHandler(directory));
    const after = reloaded.predict(x) as tf.Tensor;
    expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
    // The next complete save cleans the leftovers up.
    await model.save(fileSystemHandler(directory));
    expect((await readdir(directory)).filter((file) => file.endsWith('.bin') || file.endsWith('.tmp'))).toHaveLength(1);
    tf.dispose([x, before, after]);
    model.dispose();
    reloaded.dispose();
  });
});

describe('resuming from a snapshot', () => {
  /** Saves a model with its optimizer into memory, as `model.save(url, { includeOptimizer: true })` would. */
  async function saved(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (written) => {
        artifacts = written;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
      { includeOptimizer: true },
    );
    return artifacts as tf.io.ModelArtifacts;
  }
  const callbacks = () => [reduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, minDelta: 1e3 }), earlyStopping({ monitor: 'loss', patience: 50 })];
  const fitOptions = { batchSize: 4, shuffle: false, verbose: 0 } as const;

  test('a snapshot between epochs, with the model saved with its optimizer, continues with the same rates', async () => {
    const whole = problem();
    whole.model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    const uninterrupted = await whole.model.fit(whole.x, whole.y, { ...fitOptions, epochs: 6, callbacks: [fitCallback({ callbacks: callbacks() })] });

    const first = problem();
    first.model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    const before = fitCallback({ callbacks: callbacks() });
    // The snapshot and the model are saved together at the end of epoch 2, by a callback listed after fitCallback:
    // what a crash-safe loop does. (A snapshot taken after fit is of a finished run: a fit resumed from it starts a
    // new run, as Keras's callbacks reset at on_train_begin.)
    let snapshot: ReturnType<typeof before.snapshot> | undefined;
    let artifacts: tf.io.ModelArtifacts | undefined;
    const saver = new tf.CustomCallback({
      onEpochEnd: async (epoch) => {
        if (epoch !== 2) return;
        snapshot = JSON.parse(JSON.stringify(before.snapshot()));
        artifacts = await saved(first.model);
      },
    });
    await first.model.fit(first.x, first.y, { ...fitOptions, epochs: 6, callbacks: [before, saver] });
    // The plateau has cut the rate by now: the restored optimizer holds a rate the run did not start from.
    expect(snapshot?.state.override).not.toBeNull();
    const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
    const resumed = await model.fit(first.x, first.y, { ...fitOptions, epochs: 6, initialEpoch: 3, callbacks: [fitCallback({ callbacks: callbacks(), snapshot: snapshot as NonNullable<typeof snapshot> })] });
    expect(resumed.history['learningRate']).toEqual(uninterrupted.history['learningRate']?.slice(3));
    tf.dispose([whole.x, whole.y, first.x, first.y]);
    [whole.model, first.model, model].forEach((each) => each.dispose());
  });

  test('an optimizer that did not come back with the model is refused, naming includeOptimizer', async () => {
    const { x, y, model } = problem();
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    const before = fitCallback({ callbacks: callbacks() });
    await model.fit(x, y, { ...fitOptions, epochs: 2, callbacks: [before] });
    const snapshot = before.snapshot();
    const fresh = problem();
    fresh.model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    await expect(fresh.model.fit(x, y, { ...fitOptions, epochs: 4, initialEpoch: 2, callbacks: [fitCallback({ callbacks: callbacks(), snapshot })] })).rejects.toThrow(
      /fitCallback: option 'snapshot' needs the optimizer it was taken with.*has taken 0.*includeOptimizer: true/,
    );
    tf.dispose([x, y, fresh.x, fresh.y]);
    model.dispose();
    fresh.model.dispose();
  });
});

describe('options are checked when fitCallback is called', () => {
  test('callbacks that are not an array of callbacks, and a checkpointHandler that is not a function', () => {
    expect(() => fitCallback({ callbacks: earlyStopping() as never })).toThrow(/option 'callbacks' must be an array of callbacks/);
    expect(() => fitCallback({ callbacks: [null] as never })).toThrow(/option 'callbacks\[0\]' must be a Callback/);
    expect(() => fitCallback({ checkpointHandler: 'indexeddb://best' as never })).toThrow(/option 'checkpointHandler' must be a function/);
  });
});

describe('callback state across fits', () => {
  test('recompiled with a new optimizer, the same fitCallback keeps the best checkpoint value: a worse fit saves nothing', async () => {
    const { x, y, model } = problem();
    const saves: number[] = [];
    const discard = tf.io.withSaveHandler(async () => ({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }));
    const callback = fitCallback({
      callbacks: [modelCheckpoint({ filepath: 'best', monitor: 'loss', saveBestOnly: true })],
      checkpointHandler: (request) => {
        saves.push(request.value as number);
        return discard;
      },
    });
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    await model.fit(x, y, { epochs: 5, batchSize: 8, verbose: 0, callbacks: [callback] });
    const best = Math.min(...saves);
    const firstFitSaves = saves.length;
    expect(firstFitSaves).toBeGreaterThan(0);
    // Targets moved by 10, at a small rate: every epoch's loss is far worse than the first fit's best.
    model.compile({ optimizer: tf.train.sgd(0.001), loss: 'meanSquaredError' });
    const moved = tf.add(y, 10);
    const second = await model.fit(x, moved, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [callback] });
    moved.dispose();
    expect(Math.min(...(second.history['loss'] as number[]))).toBeGreaterThan(best);
    expect(saves.slice(firstFitSaves)).toEqual([]);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('stopping', () => {
  test('a stop asked for at epoch begin ends the fit after that epoch, as Keras (and the onnxruntime-web trainer) do', async () => {
    const { x, y, model } = problem();
    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    const stopper: Callback<null> = { name: 'stopper', setsLearningRate: false, initialState: null, onEpochBegin: (_state, { epoch }) => (epoch === 1 ? { stopTraining: true } : undefined) };
    const history = await model.fit(x, y, { epochs: 5, batchSize: 4, shuffle: false, verbose: 0, callbacks: [fitCallback({ callbacks: [stopper] })] });
    expect(history.epoch).toEqual([0, 1]);
    // tfjs reads stopTraining after every batch: the stopped epoch trained one of its two batches.
    expect((model.optimizer as unknown as { iterations: number }).iterations).toBe(3);
    tf.dispose([x, y]);
    model.dispose();
  });
});
