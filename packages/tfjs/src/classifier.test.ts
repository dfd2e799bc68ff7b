import { EventOrderError, InvalidOptionError, reduceLROnPlateau, UnknownOptionError } from '@anneal/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { classifier } from './index.js';
import { createIrisModel, irisSplit } from './test-support/iris.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const NAMES = ['virginica', 'setosa', 'versicolor'] as const;

function compiled(seed = 3, loss = 'categoricalCrossentropy'): tf.LayersModel {
  const model = createIrisModel(seed);
  model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss, metrics: ['accuracy'] });
  return model;
}

describe('classifier (tfjs)', () => {
  test('string labels: classes sorted, predictions in the same labels, score is the accuracy of predict', async () => {
    const { train, test: held } = irisSplit();
    // Class i of the split becomes NAMES[i], so the sorted classes are not in the index order.
    const labels = train.labels.map((label) => NAMES[label] as string);
    const heldLabels = held.labels.map((label) => NAMES[label] as string);
    const estimator = classifier<string>({ model: () => compiled(), epochs: 40, batchSize: 5, shuffle: false, verbose: 0 });
    await estimator.fit(await train.x.array(), labels);
    expect(estimator.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    const predicted = await estimator.predict(held.x);
    const probabilities = await estimator.predictProba(held.x);
    expect(probabilities).toHaveLength(heldLabels.length);
    probabilities.forEach((row, index) => {
      expect(row.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
      // The predicted label is the class of the largest probability, in `classes` order.
      expect(predicted[index]).toBe(estimator.classes[row.indexOf(Math.max(...row))]);
    });
    const accuracy = predicted.filter((label, index) => label === heldLabels[index]).length / heldLabels.length;
    expect(await estimator.score(held.x, heldLabels)).toBe(accuracy);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    estimator.dispose();
  }, 60_000);

  test('fit builds a fresh model every time, as KerasClassifier does, and disposes the previous one', async () => {
    const { train } = irisSplit();
    let built = 0;
    const estimator = classifier({ model: () => (built++, compiled()), epochs: 2, batchSize: 35, verbose: 0, shuffle: false });
    const first = await estimator.fit(train.x, train.labels);
    const firstModel = estimator.model;
    const second = await estimator.fit(train.x, train.labels);
    expect(built).toBe(2);
    expect(estimator.model).not.toBe(firstModel);
    // A fresh model with the same initialisation trains the same way: the same losses, not a continuation.
    expect(second.history['loss']).toEqual(first.history['loss']);
    expect(estimator.history).toBe(second);
    estimator.dispose();
  }, 60_000);

  test('the labels can be a tensor of labels or of one-hot rows; a sparse loss gets class indices', async () => {
    const { train } = irisSplit();
    const fromOneHot = classifier({ model: () => compiled(), epochs: 1, batchSize: 35, verbose: 0, shuffle: false });
    const oneHotHistory = await fromOneHot.fit(train.x, train.y);
    expect(fromOneHot.classes).toEqual([0, 1, 2]);
    const sparse = classifier({ model: () => compiled(3, 'sparseCategoricalCrossentropy'), epochs: 1, batchSize: 35, verbose: 0, shuffle: false });
    const sparseHistory = await sparse.fit(train.x, tf.tensor1d(train.labels));
    // Sparse and one-hot cross-entropy are the same loss.
    expect(sparseHistory.history['loss']?.[0]).toBeCloseTo(oneHotHistory.history['loss']?.[0] as number, 5);
    fromOneHot.dispose();
    sparse.dispose();
  }, 60_000);

  test('two classes on one sigmoid unit: predictProba gives [1 − p, p], predict thresholds at 0.5', async () => {
    const x = [[0], [0.2], [0.8], [1], [0.1], [0.9]];
    const y = ['no', 'no', 'yes', 'yes', 'no', 'yes'];
    const estimator = classifier<string>({
      model: () => {
        const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [1], kernelInitializer: 'ones' })] });
        model.compile({ optimizer: tf.train.sgd(0.5), loss: 'binaryCrossentropy' });
        return model;
      },
      epochs: 50,
      batchSize: 6,
      verbose: 0,
    });
    await estimator.fit(x, y);
    const probabilities = await estimator.predictProba(x);
    const raw = (await (estimator.model?.predict(tf.tensor2d(x)) as tf.Tensor).array()) as number[][];
    probabilities.forEach((row, index) => expect(row).toEqual([1 - (raw[index]?.[0] as number), raw[index]?.[0]]));
    expect(await estimator.predict(x)).toEqual(raw.map(([p]) => ((p as number) > 0.5 ? 'yes' : 'no')));
    estimator.dispose();
  }, 60_000);

  test('verbose prints one line per epoch through log, with the rate the history records', async () => {
    const { train } = irisSplit();
    const lines: string[] = [];
    const estimator = classifier({ model: () => compiled(), epochs: 3, batchSize: 35, shuffle: false, log: (line) => lines.push(line), callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 1 })] });
    const history = await estimator.fit(train.x, train.labels);
    expect(lines).toHaveLength(3);
    lines.forEach((line, epoch) => {
      expect(line).toMatch(new RegExp(`^Epoch ${epoch + 1}/3 - loss: \\d\\.\\d{4} - acc: \\d\\.\\d{4}`));
      expect(line).toContain(`learningRate: ${(history.history['learningRate']?.[epoch] as number).toFixed(4)}`);
    });
    const silent: string[] = [];
    await classifier({ model: () => compiled(), epochs: 2, batchSize: 35, verbose: 0, log: (line) => silent.push(line) }).fit(train.x, train.labels);
    expect(silent).toEqual([]);
    estimator.dispose();
  }, 60_000);

  test('a progress listener receives the run (through fitCallback) and replaces the verbose lines', async () => {
    const { train } = irisSplit();
    const lines: string[] = [];
    const epochs: number[] = [];
    const estimator = classifier({ model: () => compiled(), epochs: 3, batchSize: 35, log: (line) => lines.push(line), progress: { onEpochEnd: ({ epoch }) => epochs.push(epoch) } });
    await estimator.fit(train.x, train.labels);
    expect(epochs).toEqual([0, 1, 2]);
    expect(lines).toEqual([]);
    estimator.dispose();
  }, 60_000);

  test('bad input is refused by name', async () => {
    expect(() => classifier({ model: () => compiled(), epoch: 5 } as never)).toThrow(UnknownOptionError);
    expect(() => classifier({ model: () => compiled(), epoch: 5 } as never)).toThrow(/did you mean 'epochs'\?/);
    expect(() => classifier({ model: () => compiled(), bachSize: 5 } as never)).toThrow(/did you mean 'batchSize'\?/);
    expect(() => classifier({ model: compiled() } as never)).toThrow(InvalidOptionError);
    expect(() => classifier({ model: () => compiled(), verbose: 3 as never })).toThrow(/'verbose' must be 0, 1 or 2/);
    const estimator = classifier({ model: () => compiled(), verbose: 0 });
    await expect(estimator.predict([[1, 2, 3, 4]])).rejects.toThrow(EventOrderError);
    await expect(estimator.fit([[1, 2, 3, 4], [1, 2, 3, 4]], [0, 1])).rejects.toThrow(/one output unit per class of y \(2: 0, 1\)/);
    await expect(classifier({ model: () => createIrisModel(1), verbose: 0 }).fit([[1, 2, 3, 4]], [0])).rejects.toThrow(/must return a compiled tf.LayersModel/);
    await expect(estimator.fit([[1, 2, 3, 4]], [0, 1, 2])).rejects.toThrow(/one label per sample \(1\)/);
  });

  test('a fit that throws disposes the model it built and leaves the trained classifier as it was', async () => {
    const { train, test: held } = irisSplit();
    const x = await train.x.array();
    // An optimizer named by string is the model's own, so disposing the model frees every tensor it holds.
    const owned = (): tf.LayersModel => {
      const model = createIrisModel(3);
      model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      return model;
    };
    const estimator = classifier({ model: owned, epochs: 2, batchSize: 35, verbose: 0, shuffle: false });
    await estimator.fit(x, train.labels);
    const trained = estimator.model;
    const before = await estimator.predictProba(held.x);
    const tensors = tf.memory().numTensors;
    // Refused after the model is built: one label short, then a validation label the training labels lack.
    await expect(estimator.fit(x, train.labels.slice(1))).rejects.toThrow(/one label per sample/);
    await expect(classifier<number>({ model: owned, verbose: 0, validationData: [[[1, 2, 3, 4]], [3]] }).fit(x, train.labels)).rejects.toThrow(InvalidOptionError);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(estimator.model).toBe(trained);
    expect(await estimator.predictProba(held.x)).toEqual(before);
    estimator.dispose();
  }, 60_000);
});
