import { exponentialDecay, reduceLROnPlateau } from '@anneal/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { describe, expect, test } from 'vitest';
import { fitCallback, withSchedule } from './index.js';

// Runs in Debian's Chromium (vitest.browser.config.ts): tfjs's GPU backends on SwiftShader's WebGL and WebGPU,
// compared with the CPU backend in the same page.

interface Run {
  readonly backend: string;
  readonly rates: number[];
  readonly losses: number[];
  readonly history: number[];
}

async function train(backend: string): Promise<Run> {
  expect(await tf.setBackend(backend)).toBe(true);
  await tf.ready();
  expect(tf.getBackend()).toBe(backend);
  const x = tf.tensor2d(Array.from({ length: 24 }, (_, row) => [Math.sin(row), Math.cos(row), (row % 5) / 5]));
  const y = tf.tensor2d(Array.from({ length: 24 }, (_, row) => [Math.sin(row) * 0.5 + (row % 5) / 10]));
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  const schedule = exponentialDecay({ initialLearningRate: 0.05, decaySteps: 4, decayRate: 0.8 });
  model.compile({ optimizer: withSchedule(tf.train.momentum(0.05, 0.9), schedule), loss: 'meanSquaredError' });
  const rates: number[] = [];
  const recorder = new tf.CustomCallback({
    onBatchEnd: async () => {
      rates.push((model.optimizer as unknown as { learningRate: number }).learningRate);
    },
  });
  const result = await model.fit(x, y, {
    epochs: 8,
    batchSize: 6,
    shuffle: false,
    verbose: 0,
    // minDelta far above any change makes every plateau decision independent of float differences between backends.
    callbacks: [fitCallback({ callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 2, factor: 0.5, minDelta: 1e3 })], warn: () => {} }), recorder],
  });
  tf.dispose([x, y]);
  model.dispose();
  return {
    backend,
    rates,
    losses: result.history['loss'] as number[],
    history: result.history['learningRate'] as number[],
  };
}

describe('model.fit with a schedule and a plateau callback on the GPU backends', () => {
  test.each(['webgl', 'webgpu'])('%s gives the CPU backend\'s learning rates, and its losses within 1e-4', async (backend) => {
    const reference = await train('cpu');
    const gpu = await train(backend);
    expect(gpu.rates).toEqual(reference.rates);
    expect(gpu.history).toEqual(reference.history);
    expect(gpu.rates.length).toBe(32);
    // Four steps per epoch. The schedule moves every step until the plateau reduces at the end of epoch 2; from then
    // on the callback's rate holds for a whole epoch.
    expect(gpu.rates[0]).toBeGreaterThan(gpu.rates[1] as number);
    expect(gpu.rates[12]).toBe(gpu.rates[15]);
    gpu.losses.forEach((loss, epoch) => {
      const expected = reference.losses[epoch] as number;
      expect(Math.abs(loss - expected)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(expected)));
    });
  });
});
