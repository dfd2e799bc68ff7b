import { exponentialDecay, reduceLROnPlateau } from '@anneal/core';
import { irisFeatures, irisLabels, oneHot, stratifiedSplit } from '@anneal/iris-data';
import { fitCallback, withSchedule } from '@anneal/tfjs';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTrainer, dense, sgd } from './index.js';
import { recordProgress, type ProgressEvent } from '../../../tooling/record-progress.ts';

// One progress display serves both runtimes: for the same network, weights, batches, schedule and callbacks, the two
// adapters call the listener's hooks in the same order with the same epochs, batches, steps, rates and log keys, and
// log values that agree as closely as the runtimes' losses do (parity.test.ts).

const EPOCHS = 3;
const BATCH_SIZE = 16;
const TOLERANCE = 1e-4;

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  expect(await tf.setBackend('cpu')).toBe(true);
  await tf.ready();
});

const data = (() => {
  const split = stratifiedSplit({ labels: irisLabels, fractions: { train: 0.7, validation: 0.15, test: 0.15 }, seed: 7 });
  const pick = (indices: readonly number[]) => {
    const labels = indices.map((row) => irisLabels[row] as number);
    return { x: indices.map((row) => [...(irisFeatures[row] as readonly number[])]), y: oneHot({ labels, classes: 3 }) };
  };
  return { train: pick(split.train), validation: pick(split.validation) };
})();

const schedule = exponentialDecay({ initialLearningRate: 0.05, decaySteps: 5, decayRate: 0.8 });
// Reduces at the end of epoch 1 with a verbose line, so the log line's place in the sequence is compared too.
const callbacks = () => [reduceLROnPlateau({ monitor: 'val_loss', patience: 1, factor: 0.5, minDelta: 10, verbose: 1 })];

async function onnxRuntimeEvents(): Promise<{ events: ProgressEvent[]; initial: Record<string, Float32Array> }> {
  const trainer = await createTrainer({
    network: { inputSize: 4, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] },
    loss: 'categoricalCrossentropy',
    optimizer: sgd({ learningRate: schedule, momentum: 0.9 }),
    seed: 3,
    executionProvider: 'wasm',
  });
  const initial = trainer.getWeights();
  const { listener, events } = recordProgress();
  await trainer.fit(data.train.x, data.train.y, {
    epochs: EPOCHS,
    batchSize: BATCH_SIZE,
    shuffle: false,
    validationData: [data.validation.x, data.validation.y],
    callbacks: callbacks(),
    progress: listener,
  });
  await trainer.release();
  return { events, initial };
}

async function tfjsEvents(initial: Record<string, Float32Array>): Promise<ProgressEvent[]> {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 4, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 3, activation: 'softmax' })],
  });
  const shapes: [number, number][] = [[4, 4], [4, 3]];
  const weights = shapes.flatMap(([inputs, units], layer) => [
    tf.tensor2d(initial[`dense_${layer}/kernel`] as Float32Array, [inputs, units]),
    tf.tensor1d(initial[`dense_${layer}/bias`] as Float32Array),
  ]);
  model.setWeights(weights);
  tf.dispose(weights);
  model.compile({ optimizer: withSchedule(tf.train.momentum(0.05, 0.9), schedule), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const tensors = [tf.tensor2d(data.train.x), tf.tensor2d(data.train.y), tf.tensor2d(data.validation.x), tf.tensor2d(data.validation.y)] as const;
  const { listener, events } = recordProgress();
  await model.fit(tensors[0], tensors[1], {
    epochs: EPOCHS,
    batchSize: BATCH_SIZE,
    shuffle: false,
    verbose: 0,
    validationData: [tensors[2], tensors[3]],
    callbacks: [fitCallback({ callbacks: callbacks(), progress: listener })],
  });
  tf.dispose([...tensors]);
  model.dispose();
  return events;
}

/** The event with its logs replaced by their keys: what must be identical across runtimes. */
function shape([hook, info]: ProgressEvent): unknown {
  if (typeof info !== 'object' || info === null || !('logs' in info)) return [hook, info];
  return [hook, { ...info, logs: Object.keys(info.logs as object).sort() }];
}

describe('progress parity with the tfjs adapter (tfjs cpu backend)', () => {
  test('the same hooks, in the same order, with the same epochs, batches, steps, rates, log keys and log lines', async () => {
    const { events: onnx, initial } = await onnxRuntimeEvents();
    const tfjs = await tfjsEvents(initial);

    const steps = Math.ceil(data.train.x.length / BATCH_SIZE);
    // 1 + per epoch (1 + steps + 1) + 1, besides the plateau's lines.
    expect(onnx.filter(([hook]) => hook !== 'log')).toHaveLength(2 + EPOCHS * (steps + 2));
    expect(onnx.some(([hook]) => hook === 'log')).toBe(true);
    expect(onnx.map(shape)).toEqual(tfjs.map(shape));

    onnx.forEach(([hook, info], index) => {
      if (hook !== 'onBatchEnd' && hook !== 'onEpochEnd') return;
      const logs = (info as { logs: Record<string, number> }).logs;
      const reference = (tfjs[index]?.[1] as { logs: Record<string, number> }).logs;
      for (const [key, value] of Object.entries(logs)) {
        const expected = reference[key] as number;
        expect(Math.abs(value - expected), `${hook} #${index} ${key}: ort ${value}, tfjs ${expected}`).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(expected)));
      }
    });
  }, 60_000);
});
