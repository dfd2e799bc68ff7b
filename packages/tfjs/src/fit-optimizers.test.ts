import { exponentialDecay, LearningRateConflictError, learningRateScheduler, reduceLROnPlateau, type Schedule } from '@anneal/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { fitCallback, withSchedule } from './index.js';
import {
  referenceAdadelta,
  referenceAdagrad,
  referenceAdam,
  referenceAdamax,
  referenceMomentum,
  referenceRmsprop,
  referenceSgd,
  type ReferenceOptimizer,
} from './test-support/float64-optimizers.js';

// Every optimizer, through model.fit and model.fitDataset, with the schedule given either in the optimizer
// (withSchedule) or to the fit callback (fitCallback({ learningRate })): the rate the optimizer held at each batch is
// read by a plain tfjs callback, and — independently of any bookkeeping — recovered from the weight update.
//
// The model is a bias-free dense layer ŷ = x·W and the loss is mean(ŷ), so the gradient of a batch is exactly the
// column means of its x rows, whatever W is: dL/dW[j] = mean_b x[b, j]. With batches of 2 and dyadic inputs that mean
// is exact in float32. Every tfjs optimizer then steps W ← W − lr · u_t, where u_t depends on the gradient history only
// (test-support/float64-optimizers.ts), so lr_t = −ΔW / u_t. Tolerance as in optimizer-bridge.test.ts: 1e-4 relative,
// while the schedule changes by 30% per step.
const RATE_TOLERANCE = 1e-4;
// tfjs-layers' epsilon() (what the compile strings pass) and the float32 backend epsilon (what tf.train.* defaults to).
const EPSILON = 1e-7;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** 8 samples of 4 features; each batch of 2 has a different mean, so the optimizers' states matter. */
const X: readonly (readonly number[])[] = [
  [0.5, -1.25, 2, -0.75],
  [1, -0.75, 1.5, -0.25],
  [-0.25, 1, 0.5, 1.5],
  [0.75, 0.5, -1, 2],
  [1.5, -2, 0.25, -0.5],
  [0.5, -1, 0.75, -1],
  [-1, 0.25, 1.25, 0.75],
  [-0.5, 0.75, 1.75, 0.25],
];
const BATCH = 2;
const EPOCHS = 2;
const STEPS = (X.length / BATCH) * EPOCHS;

/** The exact gradient of batch b (within an epoch) of the loss mean(x·W). */
function batchGradient(batch: number): number[] {
  const rows = X.slice(batch * BATCH, (batch + 1) * BATCH);
  return (rows[0] as number[]).map((_, j) => rows.reduce((sum, row) => sum + (row[j] as number), 0) / rows.length);
}

interface OptimizerCase {
  readonly name: string;
  readonly className: string;
  readonly create: (learningRate: number) => tf.Optimizer;
  readonly reference: () => ReferenceOptimizer;
}

const OPTIMIZERS: readonly OptimizerCase[] = [
  { name: 'sgd', className: 'SGD', create: (lr) => tf.train.sgd(lr), reference: () => referenceSgd() },
  { name: 'momentum', className: 'Momentum', create: (lr) => tf.train.momentum(lr, 0.9), reference: () => referenceMomentum({ momentum: 0.9 }) },
  {
    name: 'momentum (nesterov)',
    className: 'Momentum',
    create: (lr) => tf.train.momentum(lr, 0.9, true),
    reference: () => referenceMomentum({ momentum: 0.9, useNesterov: true }),
  },
  { name: 'adam', className: 'Adam', create: (lr) => tf.train.adam(lr), reference: () => referenceAdam({ beta1: 0.9, beta2: 0.999, epsilon: EPSILON }) },
  { name: 'adamax', className: 'Adamax', create: (lr) => tf.train.adamax(lr), reference: () => referenceAdamax({ beta1: 0.9, beta2: 0.999, epsilon: EPSILON }) },
  {
    name: 'adagrad',
    className: 'Adagrad',
    create: (lr) => tf.train.adagrad(lr),
    reference: () => referenceAdagrad({ initialAccumulatorValue: 0.1, epsilon: EPSILON }),
  },
  { name: 'adadelta', className: 'Adadelta', create: (lr) => tf.train.adadelta(lr), reference: () => referenceAdadelta({ rho: 0.95, epsilon: EPSILON }) },
  { name: 'rmsprop', className: 'RMSProp', create: (lr) => tf.train.rmsprop(lr), reference: () => referenceRmsprop({ decay: 0.9, epsilon: EPSILON }) },
];

/**
 * Every string tfjs-layers 4.22's `getOptimizer` accepts (tfjs-layers/dist/optimizers.js), with the optimizer it builds.
 * There is no 'momentum' string in tfjs.
 */
const STRINGS: readonly { readonly name: string; readonly className: string; readonly reference: () => ReferenceOptimizer }[] = [
  ...['sgd', 'SGD'].map((name) => ({ name, className: 'SGD', reference: () => referenceSgd() })),
  ...['adam', 'Adam'].map((name) => ({ name, className: 'Adam', reference: () => referenceAdam({ beta1: 0.9, beta2: 0.999, epsilon: EPSILON }) })),
  ...['adamax', 'Adamax'].map((name) => ({ name, className: 'Adamax', reference: () => referenceAdamax({ beta1: 0.9, beta2: 0.999, epsilon: EPSILON }) })),
  ...['adagrad', 'Adagrad'].map((name) => ({
    name,
    className: 'Adagrad',
    reference: () => referenceAdagrad({ initialAccumulatorValue: 0.1, epsilon: EPSILON }),
  })),
  ...['adadelta', 'Adadelta'].map((name) => ({ name, className: 'Adadelta', reference: () => referenceAdadelta({ rho: 0.95, epsilon: EPSILON }) })),
  ...['rmsprop', 'RMSProp'].map((name) => ({ name, className: 'RMSProp', reference: () => referenceRmsprop({ decay: 0.9, epsilon: EPSILON }) })),
];

/** A schedule that changes by 30% at every step, far from every constructor / compile-string default rate. */
const schedule = (): Schedule => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.7 });

function linearModel(): tf.Sequential {
  return tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4], useBias: false, kernelInitializer: 'zeros' })] });
}

/** ŷ's mean: its gradient with respect to the kernel is the batch's mean input, independent of the weights. */
const linearLoss = (_yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor => tf.mean(yPred, -1);

interface Observed {
  /** optimizer.learningRate after each batch. */
  readonly rates: number[];
  /** optimizer.iterations after each batch. */
  readonly iterations: number[];
  /** The kernel before training, then after each batch. */
  readonly kernels: number[][];
}

type Path = 'fit' | 'fitDataset';

/** Trains `model` (compiled) over X for EPOCHS epochs of batches of 2, in order, recording each batch. */
async function train(model: tf.LayersModel, path: Path, callbacks: (tf.Callback | tf.CustomCallback)[]): Promise<{ observed: Observed; history: tf.History }> {
  const kernel = (): number[] => Array.from(model.getWeights()[0]?.dataSync() ?? []);
  const optimizer = () => model.optimizer as unknown as { learningRate: number; iterations: number };
  const observed: Observed = { rates: [], iterations: [], kernels: [kernel()] };
  const recorder = new tf.CustomCallback({
    onBatchEnd: async () => {
      observed.rates.push(optimizer().learningRate);
      observed.iterations.push(optimizer().iterations);
      observed.kernels.push(kernel());
    },
  });
  const all = [...callbacks, recorder];
  const x = tf.tensor2d(X.map((row) => [...row]));
  const y = tf.zeros([X.length, 1]);
  try {
    if (path === 'fit') {
      const history = await model.fit(x, y, { epochs: EPOCHS, batchSize: BATCH, shuffle: false, verbose: 0, callbacks: all });
      return { observed, history };
    }
    const dataset = tf.data.zip({ xs: tf.data.array(X.map((row) => [...row])), ys: tf.data.array(X.map(() => [0])) }).batch(BATCH);
    const history = await model.fitDataset(dataset, { epochs: EPOCHS, verbose: 0, callbacks: all });
    return { observed, history };
  } finally {
    tf.dispose([x, y]);
  }
}

/** The rate of each step recovered from the kernel updates (one per kernel component). */
function recoveredRates(observed: Observed, reference: ReferenceOptimizer): number[][] {
  return Array.from({ length: observed.kernels.length - 1 }, (_, t) => {
    const before = observed.kernels[t] as number[];
    const after = observed.kernels[t + 1] as number[];
    const u = reference.direction(batchGradient(t % (X.length / BATCH)));
    return after.map((value, j) => -(value - (before[j] as number)) / (u[j] as number));
  });
}

/** The core assertion: at every step t = 0..N−1 the optimizer held and applied `expected(t)`. */
function expectRates(observed: Observed, reference: ReferenceOptimizer, expected: (step: number) => number, label: string): void {
  const steps = Array.from({ length: STEPS }, (_, t) => t);
  expect(observed.iterations, `${label}: optimizer.iterations after each batch`).toEqual(steps.map((t) => t + 1));
  expect(observed.rates, `${label}: optimizer.learningRate at each batch`).toEqual(steps.map(expected));
  const recovered = recoveredRates(observed, reference);
  expect(recovered).toHaveLength(STEPS);
  recovered.forEach((components, t) => {
    const want = expected(t);
    components.forEach((rate, j) => {
      expect(Math.abs(rate - want) / want, `${label}, step ${t}, component ${j}: applied ${rate}, schedule ${want}`).toBeLessThanOrEqual(RATE_TOLERANCE);
    });
  });
}

const PATHS: readonly Path[] = ['fit', 'fitDataset'];

describe('every tf.train optimizer follows the schedule at every batch of model.fit and model.fitDataset', () => {
  for (const path of PATHS) {
    for (const { name, className, create, reference } of OPTIMIZERS) {
      test(`${path}, ${name}: withSchedule, no fit callback`, async () => {
        const s = schedule();
        const model = linearModel();
        const optimizer = withSchedule(create(0.5), s);
        expect(optimizer.getClassName()).toBe(className);
        model.compile({ optimizer, loss: linearLoss });
        const { observed } = await train(model, path, []);
        expectRates(observed, reference(), s, `${path} ${name}`);
        model.dispose();
        optimizer.dispose();
      });

      test(`${path}, ${name}: withSchedule + fitCallback()`, async () => {
        const s = schedule();
        const model = linearModel();
        const optimizer = withSchedule(create(0.5), s);
        model.compile({ optimizer, loss: linearLoss });
        const { observed, history } = await train(model, path, [fitCallback()]);
        expectRates(observed, reference(), s, `${path} ${name}`);
        // The logged rate is the one in force at the end of the epoch (the next step's), as Keras logs it.
        expect(history.history['learningRate']).toEqual([s(4), s(8)]);
        model.dispose();
        optimizer.dispose();
      });

      test(`${path}, ${name}: fitCallback({ learningRate: schedule }) on a plain optimizer`, async () => {
        const s = schedule();
        const model = linearModel();
        const optimizer = create(0.5);
        model.compile({ optimizer, loss: linearLoss });
        const { observed, history } = await train(model, path, [fitCallback({ learningRate: s })]);
        expectRates(observed, reference(), s, `${path} ${name}`);
        expect(history.history['learningRate']).toEqual([s(4), s(8)]);
        model.dispose();
        optimizer.dispose();
      });
    }
  }
});

describe('every optimizer string of model.compile follows fitCallback({ learningRate })', () => {
  for (const path of PATHS) {
    for (const { name, className, reference } of STRINGS) {
      test(`${path}, '${name}'`, async () => {
        const s = schedule();
        const model = linearModel();
        model.compile({ optimizer: name, loss: linearLoss });
        expect(model.optimizer.getClassName()).toBe(className);
        const { observed, history } = await train(model, path, [fitCallback({ learningRate: s })]);
        expectRates(observed, reference(), s, `${path} '${name}'`);
        expect(history.history['learningRate']).toEqual([s(4), s(8)]);
        model.dispose();
      });
    }
  }

  test("tfjs 4.22 has no 'momentum' string (nothing to support)", () => {
    const model = linearModel();
    expect(() => model.compile({ optimizer: 'momentum', loss: linearLoss })).toThrow(/Unknown Optimizer momentum/);
    model.dispose();
  });
});

describe('the conflict rules through model.fit', () => {
  test("conflict: 'error' rejects fit with LearningRateConflictError at onTrainBegin, before any step", async () => {
    const s = schedule();
    const model = linearModel();
    const optimizer = tf.train.sgd(0.5);
    model.compile({ optimizer, loss: linearLoss });
    const callback = fitCallback({ learningRate: s, conflict: 'error', callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 1 })], warn: () => {} });
    const batches: number[] = [];
    const epochs: number[] = [];
    const spy = new tf.CustomCallback({ onEpochBegin: async (epoch) => void epochs.push(epoch), onBatchEnd: async (batch) => void batches.push(batch) });
    let error: unknown;
    try {
      await train(model, 'fit', [callback, spy]);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(LearningRateConflictError);
    expect((error as Error).message).toMatch(/reduceLROnPlateau/);
    // Refused in onTrainBegin: no epoch began, no step ran, the weights are untouched.
    expect(epochs).toEqual([]);
    expect(batches).toEqual([]);
    expect(optimizer.iterations).toBe(0);
    expect(Array.from(model.getWeights()[0]?.dataSync() ?? [])).toEqual([0, 0, 0, 0]);
    model.dispose();
    optimizer.dispose();
  });

  test("conflict: 'error' also refuses withSchedule's schedule combined with learningRateScheduler", async () => {
    const model = linearModel();
    const optimizer = withSchedule(tf.train.adam(0.5), schedule());
    model.compile({ optimizer, loss: linearLoss });
    const callback = fitCallback({ conflict: 'error', callbacks: [learningRateScheduler((epoch, lr) => lr)] });
    await expect(train(model, 'fit', [callback])).rejects.toBeInstanceOf(LearningRateConflictError);
    expect(optimizer.iterations).toBe(0);
    model.dispose();
    optimizer.dispose();
  });

  test("conflict: 'scale': after each plateau reduction the rate is schedule(step) · scale, step by step", async () => {
    // A slower decay than the other tests': 16 steps down to a quarter scale still leave steps of ≥ 5e-3 to measure.
    const s = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.85 });
    const model = linearModel();
    const optimizer = tf.train.sgd(0.5);
    model.compile({ optimizer, loss: linearLoss });
    const x = tf.tensor2d(X.map((row) => [...row]));
    const y = tf.zeros([X.length, 1]);
    const kernels: number[][] = [Array.from(model.getWeights()[0]?.dataSync() ?? [])];
    const rates: number[] = [];
    const recorder = new tf.CustomCallback({
      onBatchEnd: async () => {
        rates.push((model.optimizer as unknown as { learningRate: number }).learningRate);
        kernels.push(Array.from(model.getWeights()[0]?.dataSync() ?? []));
      },
    });
    // minDelta far above any change: epoch 0 sets the best, every later epoch is a plateau of patience 1, so the end of
    // epochs 1 and 2 each halve the scale. Under 'callback-wins' the rate would freeze at the reduced value instead.
    const plateau = reduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, minDelta: 1e3 });
    const history = await model.fit(x, y, {
      epochs: 4,
      batchSize: BATCH,
      shuffle: false,
      verbose: 0,
      callbacks: [fitCallback({ learningRate: s, conflict: 'scale', callbacks: [plateau], log: () => {} }), recorder],
    });
    const perEpoch = X.length / BATCH;
    const scaleOf = (step: number): number => [1, 1, 0.5, 0.25][Math.floor(step / perEpoch)] as number;
    const expected = Array.from({ length: 4 * perEpoch }, (_, t) => s(t) * scaleOf(t));
    expect(rates).toHaveLength(expected.length);
    rates.forEach((rate, t) => expect(Math.abs(rate - (expected[t] as number)) / (expected[t] as number), `step ${t}`).toBeLessThanOrEqual(1e-12));
    // The schedule keeps moving under the reduction (not frozen as under callback-wins).
    expect(rates[8]).toBeGreaterThan(rates[9] as number);
    // And the rate really applied, recovered from the SGD update W ← W − lr · g.
    const sgd = referenceSgd();
    kernels.slice(1).forEach((after, t) => {
      const before = kernels[t] as number[];
      const g = sgd.direction(batchGradient(t % perEpoch));
      after.forEach((value, j) => {
        const applied = -(value - (before[j] as number)) / (g[j] as number);
        expect(Math.abs(applied - (expected[t] as number)) / (expected[t] as number), `step ${t}, component ${j}`).toBeLessThanOrEqual(RATE_TOLERANCE);
      });
    });
    // Logged at each epoch end: the rate in force then (the scaled schedule at the next step, before that epoch's reduction).
    const logged = history.history['learningRate'] as number[];
    expect(logged).toHaveLength(4);
    logged.forEach((rate, epoch) => {
      const want = s((epoch + 1) * perEpoch) * scaleOf(epoch * perEpoch);
      expect(Math.abs(rate - want) / want, `epoch ${epoch}`).toBeLessThanOrEqual(1e-12);
    });
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
  });
});
