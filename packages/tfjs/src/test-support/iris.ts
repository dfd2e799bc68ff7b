import { irisFeatures, irisLabels, mulberry32, oneHot, stratifiedSplit } from '@anneal/iris-data';
import * as tf from '@tensorflow/tfjs';

/** Iris samples as tensors, with their integer labels. */
export interface IrisTensors {
  readonly x: tf.Tensor2D;
  readonly y: tf.Tensor2D;
  readonly labels: number[];
}

/** The samples at `indices`: features, one-hot targets and labels. */
export function irisTensors(indices: readonly number[]): IrisTensors {
  const labels = indices.map((index) => irisLabels[index] as number);
  return {
    // Shapes given, so that an empty part of a split (a test fraction of 0) is a [0, n] tensor.
    x: tf.tensor2d(indices.map((index) => [...(irisFeatures[index] as readonly number[])]), [indices.length, 4]),
    y: tf.tensor2d(oneHot({ labels, classes: 3 }), [indices.length, 3]),
    labels,
  };
}

/**
 * The stratified split the iris tests share (seed 7), with the training rows shuffled once by a seeded generator:
 * the split lists each class in turn, and fit's own shuffle is unseeded while the tests must be reproducible.
 */
export function irisSplit(fractions: { train: number; validation: number; test: number } = { train: 0.7, validation: 0.15, test: 0.15 }) {
  const split = stratifiedSplit({ labels: irisLabels, fractions, seed: 7 });
  const random = mulberry32(3);
  const order = [...split.train];
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  return { train: irisTensors(order), validation: irisTensors(split.validation), test: irisTensors(split.test) };
}

/** The seed article's 4 → 4 relu → 6 relu → 3 softmax MLP with seeded glorot-uniform kernels. */
export function createIrisModel(seed: number): tf.Sequential {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed * 10 + offset });
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, activation: 'relu', inputShape: [4], kernelInitializer: init(0) }),
      tf.layers.dense({ units: 6, activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(2) }),
    ],
  });
}

/** Records the model's predictions on `x` at every epoch end (place it after the callbacks whose effect it should see). */
export function predictionRecorder(model: tf.LayersModel, x: tf.Tensor): { callback: tf.CustomCallback; predictionsByEpoch: number[][][] } {
  const predictionsByEpoch: number[][][] = [];
  const callback = new tf.CustomCallback({
    onEpochEnd: async () => {
      const predicted = model.predict(x) as tf.Tensor;
      predictionsByEpoch.push((await predicted.array()) as number[][]);
      predicted.dispose();
    },
  });
  return { callback, predictionsByEpoch };
}

/** The share of rows whose largest prediction is at the label. */
export function accuracyOf(predictions: readonly (readonly number[])[], labels: readonly number[]): number {
  let correct = 0;
  predictions.forEach((row, index) => {
    if (row.indexOf(Math.max(...row)) === labels[index]) correct++;
  });
  return correct / labels.length;
}
