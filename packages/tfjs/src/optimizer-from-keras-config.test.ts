import { InvalidOptionError, KerasConfigError, UnknownOptionError } from '@anneal/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { optimizerFromKerasConfig } from './index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/**
 * The rate each step applied, recovered from the update: with loss = w · 1 the gradient is exactly 1, and with w
 * reset to 0 before each step, plain SGD leaves w = −lr_t (float32).
 */
function recoveredRates(optimizer: tf.Optimizer, steps: number): number[] {
  const w = tf.variable(tf.scalar(0));
  const rates: number[] = [];
  for (let step = 0; step < steps; step++) {
    w.assign(tf.scalar(0));
    optimizer.minimize(() => w.mul(1).sum() as tf.Scalar);
    rates.push(-(w.dataSync()[0] as number));
  }
  w.dispose();
  return rates;
}

describe('optimizerFromKerasConfig', () => {
  test("tf.keras 2's SGD(lr=0.1, decay=0.01) applies 0.1 / (1 + 0.01 t) at step t", () => {
    const warnings: string[] = [];
    const optimizer = optimizerFromKerasConfig({ config: { class_name: 'SGD', config: { lr: 0.1, decay: 0.01 } }, warn: (message) => warnings.push(message) });
    expect(optimizer.getClassName()).toBe('SGD');
    const rates = recoveredRates(optimizer, 60);
    rates.forEach((rate, step) => expect(Math.abs(rate - 0.1 / (1 + 0.01 * step))).toBeLessThanOrEqual(1e-7 * 0.1));
    expect(warnings).toHaveLength(1);
    optimizer.dispose();
  });

  test('without decay the rate is constant and no schedule is attached', () => {
    const optimizer = optimizerFromKerasConfig({ config: { class_name: 'SGD', config: { learning_rate: 0.05, decay: 0 } } });
    for (const rate of recoveredRates(optimizer, 5)) expect(rate).toBeCloseTo(0.05, 7);
    optimizer.dispose();
  });

  test('momentum and Nesterov make tf.train.momentum; Adam and RMSprop carry their hyperparameters', () => {
    const momentum = optimizerFromKerasConfig({ config: { class_name: 'SGD', config: { learning_rate: 0.1, momentum: 0.9, nesterov: true } } });
    expect(momentum.getClassName()).toBe('Momentum');
    expect(momentum.getConfig()).toMatchObject({ learningRate: 0.1, momentum: 0.9, useNesterov: true });
    const adam = optimizerFromKerasConfig({ config: { class_name: 'Adam', config: { learning_rate: 3e-4, beta_1: 0.8, beta_2: 0.99, epsilon: 1e-6 } } });
    expect(adam.getClassName()).toBe('Adam');
    expect(adam.getConfig()).toMatchObject({ learningRate: 3e-4, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 });
    const rmsprop = optimizerFromKerasConfig({ config: { class_name: 'RMSprop', config: { learning_rate: 1e-3, rho: 0.8, momentum: 0.5 } } });
    expect(rmsprop.getClassName()).toBe('RMSProp');
    expect(rmsprop.getConfig()).toMatchObject({ learningRate: 1e-3, decay: 0.8, momentum: 0.5, epsilon: 1e-7, centered: false });
    tf.dispose([momentum, adam, rmsprop] as never);
  });

  test('what cannot be honoured is refused by name', () => {
    expect(() => optimizerFromKerasConfig({ config: { class_name: 'Adam', config: { amsgrad: true } } })).toThrow(InvalidOptionError);
    // tfjs's centered RMSprop would train a parameter whose gradient is 0 to NaN, where Keras leaves it alone.
    expect(() => optimizerFromKerasConfig({ config: { class_name: 'RMSprop', config: { centered: true } } })).toThrow(/option 'config.centered'/);
    expect(() => optimizerFromKerasConfig({ config: { class_name: 'SGD', config: { momentun: 0.9 } } })).toThrow(KerasConfigError);
    expect(() => optimizerFromKerasConfig({ config: { class_name: 'SGD', config: {} }, warning: () => {} } as never)).toThrow(UnknownOptionError);
    expect(() => optimizerFromKerasConfig({ config: { class_name: 'SGD', config: {} }, wran: () => {} } as never)).toThrow(/did you mean 'warn'\?/);
  });
});
