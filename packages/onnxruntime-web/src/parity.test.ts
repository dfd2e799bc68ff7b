import { exponentialDecay } from '@anneal/core';
import { irisFeatures, irisLabels, mulberry32, oneHot, stratifiedSplit } from '@anneal/iris-data';
import { fitCallback, withSchedule } from '@anneal/tfjs';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTrainer, dense, sgd } from './index.js';

// Parity with the tfjs adapter (issue 5): the same 4-4-6-3 iris network, the same initial weights, the same batches in
// the same order and the same schedule on SGD with momentum 0.9 give the same per-epoch losses (within 1e-4, see
// below) over 20 epochs, and the same learning-rate history.

const EPOCHS = 20;
const BATCH_SIZE = 5;
const TOLERANCE = 1e-4;

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  expect(await tf.setBackend('cpu')).toBe(true);
  await tf.ready();
});

/** The training rows of a stratified iris split, shuffled once with a seeded PRNG, before either side sees them. */
const data = (() => {
  const { train } = stratifiedSplit({ labels: irisLabels, fractions: { train: 0.7, validation: 0.15, test: 0.15 }, seed: 7 });
  const order = [...train];
  const random = mulberry32(11);
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  const x = order.map((row) => [...(irisFeatures[row] as readonly number[])]);
  const labels = order.map((row) => irisLabels[row] as number);
  return { x, labels, y: oneHot({ labels, classes: 3 }) };
})();

const schedule = exponentialDecay({ initialLearningRate: 0.01, decaySteps: 50, decayRate: 0.9 });

interface Run {
  readonly losses: number[];
  readonly learningRates: number[];
}

async function trainOnnxRuntime(): Promise<{ run: Run; initial: Record<string, Float32Array> }> {
  const trainer = await createTrainer({
    network: { inputSize: 4, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 6, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] },
    loss: 'categoricalCrossentropy',
    optimizer: sgd({ learningRate: schedule, momentum: 0.9 }),
    seed: 3,
    executionProvider: 'wasm',
  });
  expect(trainer.executionProvider).toBe('wasm');
  const initial = trainer.getWeights();
  const history = await trainer.fit(data.x, data.y, { epochs: EPOCHS, batchSize: BATCH_SIZE, shuffle: false });
  await trainer.release();
  return { run: { losses: history.history['loss'] as number[], learningRates: history.history['learningRate'] as number[] }, initial };
}

async function trainTfjs(initial: Record<string, Float32Array>): Promise<Run & { batchRates: number[] }> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, activation: 'relu', inputShape: [4] }),
      tf.layers.dense({ units: 6, activation: 'relu' }),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  // Both sides store a dense kernel as [inputs, units], row-major.
  const shapes: [number, number][] = [[4, 4], [4, 6], [6, 3]];
  const weights = shapes.flatMap(([inputs, units], layer) => [
    tf.tensor2d(initial[`dense_${layer}/kernel`] as Float32Array, [inputs, units]),
    tf.tensor1d(initial[`dense_${layer}/bias`] as Float32Array),
  ]);
  model.setWeights(weights);
  tf.dispose(weights);
  const optimizer = withSchedule(tf.train.momentum(0.01, 0.9), schedule);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const batchRates: number[] = [];
  const recorder = new tf.CustomCallback({
    onBatchEnd: async () => {
      batchRates.push((optimizer as unknown as { learningRate: number }).learningRate);
    },
  });
  const x = tf.tensor2d(data.x);
  const y = tf.tensor2d(data.y);
  const history = await model.fit(x, y, { epochs: EPOCHS, batchSize: BATCH_SIZE, shuffle: false, verbose: 0, callbacks: [fitCallback(), recorder] });
  tf.dispose([x, y]);
  model.dispose();
  return { losses: history.history['loss'] as number[], learningRates: history.history['learningRate'] as number[], batchRates };
}

describe('parity with the tfjs adapter (tfjs cpu backend)', () => {
  test(`iris, SGD momentum 0.9 with exponentialDecay: per-epoch losses agree within ${TOLERANCE} over ${EPOCHS} epochs`, async () => {
    const { run: onnx, initial } = await trainOnnxRuntime();
    const tfjs = await trainTfjs(initial);

    expect(onnx.losses).toHaveLength(EPOCHS);
    expect(tfjs.losses).toHaveLength(EPOCHS);
    // Tolerance: |ort - tfjs| <= 1e-4 · max(1, |tfjs|) — absolute for losses below 1 (all of these after the first
    // epochs), relative above.
    const differences = onnx.losses.map((loss, epoch) => Math.abs(loss - (tfjs.losses[epoch] as number)));
    onnx.losses.forEach((loss, epoch) => {
      const expected = tfjs.losses[epoch] as number;
      expect(Math.abs(loss - expected), `epoch ${epoch}: ort ${loss}, tfjs ${expected}`).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(expected)));
    });
    // The run actually learned something, so agreement is not two flat lines.
    expect(onnx.losses.at(-1) as number).toBeLessThan((onnx.losses[0] as number) * 0.8);
    expect(Math.max(...differences)).toBeLessThan(TOLERANCE);

    // The same controller drove both: identical learning-rate histories, and the schedule moved within each epoch.
    expect(onnx.learningRates).toHaveLength(EPOCHS);
    expect(onnx.learningRates).toEqual(tfjs.learningRates);
    const steps = Math.ceil(data.x.length / BATCH_SIZE);
    expect(tfjs.batchRates).toHaveLength(EPOCHS * steps);
    tfjs.batchRates.forEach((rate, step) => expect(rate).toBe(schedule(step)));
    // As Keras logs it: the rate at the end of the epoch is the one the next step would use.
    onnx.learningRates.forEach((rate, epoch) => expect(rate).toBe(schedule((epoch + 1) * steps)));
  }, 60_000);
});
