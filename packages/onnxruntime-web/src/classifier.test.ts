import { EventOrderError, reduceLROnPlateau, UnknownOptionError } from '@anneal/core';
import { irisFeatures, irisLabels, stratifiedSplit } from '@anneal/iris-data';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, test } from 'vitest';
import { classifier, createTrainer, dense, optimizerFromKerasConfig, type TrainerOptions } from './index.js';

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

const iris = (() => {
  const split = stratifiedSplit({ labels: irisLabels, fractions: { train: 0.7, validation: 0.15, test: 0.15 }, seed: 7 });
  const pick = (indices: readonly number[]) => ({ x: indices.map((index) => [...(irisFeatures[index] as readonly number[])]), y: indices.map((index) => irisLabels[index] as number) });
  return { train: pick(split.train), validation: pick(split.validation), test: pick(split.test) };
})();
const NAMES = ['virginica', 'setosa', 'versicolor'];

// The article's SGD(lr=0.01, momentum=0.9, decay=…) as tf.keras 2 writes it, on the article's network.
const createModel = (decay = 0): TrainerOptions => ({
  network: { inputSize: 4, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 6, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] },
  loss: 'categoricalCrossentropy',
  optimizer: optimizerFromKerasConfig({ config: { class_name: 'SGD', config: { learning_rate: 0.01, momentum: 0.9, decay, nesterov: false } } }),
  seed: 11,
  executionProvider: 'wasm',
});

describe('classifier (onnxruntime-web)', () => {
  test('the same learning-rate history and losses as trainer.fit with the same options (legacy decay and a plateau)', async () => {
    const callbacks = () => [reduceLROnPlateau({ monitor: 'val_acc', mode: 'max', factor: 0.2, patience: 2, minLr: 0.001 })];
    const fitOptions = { epochs: 12, batchSize: 5, shuffle: false } as const;
    const trainer = await createTrainer(createModel(1e-3));
    const plain = await trainer.fit(iris.train.x, iris.train.y, { ...fitOptions, validationData: [iris.validation.x, iris.validation.y], callbacks: callbacks(), log: () => {} });
    await trainer.release();
    const estimator = classifier({ model: () => createModel(1e-3), ...fitOptions, validationData: [iris.validation.x, iris.validation.y], callbacks: callbacks(), verbose: 0, log: () => {} });
    const wrapped = await estimator.fit(iris.train.x, iris.train.y);
    expect(wrapped.history['learningRate']).toEqual(plain.history['learningRate']);
    expect(wrapped.history['loss']).toEqual(plain.history['loss']);
    // Before any plateau reduction, the rate is tf.keras 2's lr / (1 + decay · steps taken), computed here.
    const steps = Math.ceil(iris.train.x.length / 5);
    expect(plain.history['learningRate']?.[0]).toBeCloseTo(0.01 / (1 + 1e-3 * steps), 15);
    await estimator.release();
  }, 120_000);

  test('string labels: classes sorted, predictions in the same labels, score is the accuracy of predict', async () => {
    const labels = iris.train.y.map((label) => NAMES[label] as string);
    const heldLabels = iris.test.y.map((label) => NAMES[label] as string);
    const estimator = classifier<string>({ model: () => createModel(), epochs: 40, batchSize: 5, verbose: 0 });
    await estimator.fit(iris.train.x, labels);
    expect(estimator.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    const predicted = await estimator.predict(iris.test.x);
    const probabilities = await estimator.predictProba(iris.test.x);
    probabilities.forEach((row, index) => expect(predicted[index]).toBe(estimator.classes[row.indexOf(Math.max(...row))]));
    const accuracy = predicted.filter((label, index) => label === heldLabels[index]).length / heldLabels.length;
    expect(await estimator.score(iris.test.x, heldLabels)).toBe(accuracy);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    await estimator.release();
  }, 120_000);

  test('verbose prints one line per epoch through log', async () => {
    const lines: string[] = [];
    const estimator = classifier({ model: () => createModel(), epochs: 2, batchSize: 35, log: (line) => lines.push(line) });
    const history = await estimator.fit(iris.train.x, iris.train.y);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Epoch 2\/2 - loss: \d\.\d{4} - acc: \d\.\d{4}/);
    expect(lines[1]).toContain(`learningRate: ${(history.history['learningRate']?.[1] as number).toFixed(4)}`);
    await estimator.release();
  }, 60_000);

  test('a progress listener receives the run (through trainer.fit) and replaces the verbose lines', async () => {
    const lines: string[] = [];
    const epochs: number[] = [];
    const estimator = classifier({ model: () => createModel(), epochs: 3, batchSize: 35, log: (line) => lines.push(line), progress: { onEpochEnd: ({ epoch }) => epochs.push(epoch) } });
    await estimator.fit(iris.train.x, iris.train.y);
    expect(epochs).toEqual([0, 1, 2]);
    expect(lines).toEqual([]);
    await estimator.release();
  }, 60_000);

  test('bad input is refused by name', async () => {
    expect(() => classifier({ model: () => createModel(), epoch: 2 } as never)).toThrow(UnknownOptionError);
    expect(() => classifier({ model: () => createModel(), epoch: 2 } as never)).toThrow(/did you mean 'epochs'\?/);
    const estimator = classifier({ model: () => createModel(), verbose: 0 });
    await expect(estimator.predict([[1, 2, 3, 4]])).rejects.toThrow(EventOrderError);
    await expect(estimator.fit([[1, 2, 3, 4], [1, 2, 3, 4]], [0, 1])).rejects.toThrow(/one output unit per class of y \(2: 0, 1\)/);
  });

  test('a fit that throws leaves the trained classifier as it was; after release, predict asks for fit and fit works again', async () => {
    const estimator = classifier({ model: () => createModel(), epochs: 20, batchSize: 5, verbose: 0 });
    await estimator.fit(iris.train.x, iris.train.y);
    const trained = estimator.trainer;
    const before = await estimator.predictProba(iris.test.x);
    // One label short: the trainer refuses the targets, after the new trainer was built.
    await expect(estimator.fit(iris.train.x, iris.train.y.slice(1))).rejects.toThrow(/one target per sample/);
    expect(estimator.trainer).toBe(trained);
    expect(await estimator.predictProba(iris.test.x)).toEqual(before);
    await estimator.release();
    expect(estimator.trainer).toBeNull();
    await expect(estimator.predict(iris.test.x)).rejects.toThrow(EventOrderError);
    await estimator.release();
    await estimator.fit(iris.train.x, iris.train.y);
    expect(estimator.trainer).not.toBe(trained);
    expect((await estimator.predict(iris.test.x)).length).toBe(iris.test.x.length);
    await estimator.release();
  }, 120_000);

  test('mean squared error over one output per class gets one-hot targets, as KerasClassifier gives them', async () => {
    const estimator = classifier({ model: () => ({ ...createModel(), loss: 'meanSquaredError' }), epochs: 2, batchSize: 5, verbose: 0, validationSplit: 0 });
    const history = await estimator.fit(iris.train.x, iris.train.y);
    expect(history.history['loss']?.length).toBe(2);
    expect(history.history['val_loss']).toBeUndefined();
    await estimator.release();
    // Validation labels are encoded the same way as the training labels.
    const validated = classifier({ model: () => ({ ...createModel(), loss: 'meanSquaredError' }), epochs: 2, batchSize: 5, verbose: 0, validationData: [iris.validation.x, iris.validation.y] });
    expect((await validated.fit(iris.train.x, iris.train.y)).history['val_loss']?.length).toBe(2);
    await validated.release();
  }, 120_000);
});
