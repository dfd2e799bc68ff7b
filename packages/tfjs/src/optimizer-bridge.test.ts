import { cyclic, exponentialDecay, InvalidOptionError, type Schedule } from '@anneal/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, test } from 'vitest';
import { UnsupportedOptimizerError, withSchedule } from './optimizer-bridge.js';
import {
  referenceAdadelta,
  referenceAdagrad,
  referenceAdam,
  referenceAdamax,
  referenceMomentum,
  referenceRmsprop,
  referenceSgd,
  referenceTrajectory,
  type ReferenceOptimizer,
} from './test-support/float64-optimizers.js';

// These tests read what the optimizer really did to a variable — never the bridge's own bookkeeping. The loss
// `sum(g_t · w)` is linear in w, so its gradient is exactly g_t; every tfjs optimizer here then steps
// `w ← w − lr · u_t` with a direction u_t that depends on the gradient history only (see
// test-support/float64-optimizers.ts). Computing u_t in float64 from tfjs's update rules and dividing the observed
// step by it recovers the learning rate tfjs applied: lr_t = −(w_t − w_{t−1}) / u_t.
//
// Tolerance of a recovered rate: w is float32 (ulp ≈ 1.2e-7·|w|). The step Δw is the difference of two float32
// weights, so its relative error is about |w| / |Δw| · 1.2e-7; with the rates and 8–10 steps below |w| / |Δw| stays
// under ~60, i.e. under ~1e-5. tfjs's own float32 arithmetic of the state (moments, accumulators, sqrt, division) adds
// a few 1e-7 per step. 1e-4 leaves a 10× margin over that while every schedule below changes by ≥ 25% from one step
// to the next, so a rate off by one step (or a constant rate) misses it by more than 2000×.
const RATE_TOLERANCE = 1e-4;
// Trajectories: the same float32 noise, accumulated over the steps of |w| ≲ 1: 1e-5, relative or absolute.
const TRAJECTORY_TOLERANCE = 1e-5;

const BACKENDS = ['cpu', 'wasm'] as const;

/** The gradient of step t: a fixed vector per step, varied across steps so that the optimizers' states matter. */
const BASE_GRADIENT = [0.5, -1.25, 2, -0.75];
function gradientAt(t: number): number[] {
  // The float32 values tfjs actually sees.
  return Array.from(Float32Array.from(BASE_GRADIENT.map((g, i) => g * (1 + 0.25 * Math.cos(1.3 * t + i)))));
}

interface Case {
  readonly name: string;
  readonly className: string;
  readonly create: (learningRate: number) => tf.Optimizer;
  /** The float64 reference for `epsilon`, the backend's `epsilon()` that tfjs uses when none is given. */
  readonly reference: (epsilon: number) => ReferenceOptimizer;
}

const CASES: readonly Case[] = [
  { name: 'sgd', className: 'SGD', create: (lr) => tf.train.sgd(lr), reference: () => referenceSgd() },
  {
    name: 'momentum',
    className: 'Momentum',
    create: (lr) => tf.train.momentum(lr, 0.9),
    reference: () => referenceMomentum({ momentum: 0.9 }),
  },
  {
    name: 'momentum (nesterov)',
    className: 'Momentum',
    create: (lr) => tf.train.momentum(lr, 0.9, true),
    reference: () => referenceMomentum({ momentum: 0.9, useNesterov: true }),
  },
  {
    name: 'adam',
    className: 'Adam',
    create: (lr) => tf.train.adam(lr),
    reference: (epsilon) => referenceAdam({ beta1: 0.9, beta2: 0.999, epsilon }),
  },
  {
    name: 'adamax',
    className: 'Adamax',
    create: (lr) => tf.train.adamax(lr),
    reference: (epsilon) => referenceAdamax({ beta1: 0.9, beta2: 0.999, epsilon }),
  },
  {
    // Adamax's own time decay lr / (1 + iteration·decay) stays on top of the scheduled base rate.
    name: 'adamax (decay 0.1)',
    className: 'Adamax',
    create: (lr) => tf.train.adamax(lr, 0.9, 0.999, undefined, 0.1),
    reference: (epsilon) => referenceAdamax({ beta1: 0.9, beta2: 0.999, epsilon, decay: 0.1 }),
  },
  {
    name: 'adagrad',
    className: 'Adagrad',
    create: (lr) => tf.train.adagrad(lr),
    reference: (epsilon) => referenceAdagrad({ initialAccumulatorValue: 0.1, epsilon }),
  },
  {
    name: 'adadelta',
    className: 'Adadelta',
    create: (lr) => tf.train.adadelta(lr),
    reference: (epsilon) => referenceAdadelta({ rho: 0.95, epsilon }),
  },
  {
    name: 'rmsprop',
    className: 'RMSProp',
    create: (lr) => tf.train.rmsprop(lr),
    reference: (epsilon) => referenceRmsprop({ decay: 0.9, epsilon }),
  },
  {
    name: 'rmsprop (centered)',
    className: 'RMSProp',
    create: (lr) => tf.train.rmsprop(lr, 0.9, 0, undefined, true),
    reference: (epsilon) => referenceRmsprop({ decay: 0.9, epsilon, centered: true }),
  },
];

/** Schedules that change at every step (by ≥ 25%). */
const SCHEDULES: readonly { readonly name: string; readonly create: () => Schedule }[] = [
  { name: 'exponentialDecay', create: () => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.7 }) },
  { name: 'cyclic', create: () => cyclic({ baseLearningRate: 0.01, maxLearningRate: 0.1, stepSizeUp: 3 }) },
];

/** A trainable float32 variable, and its float32 values as numbers. */
function weights(w: tf.Variable): number[] {
  return Array.from(w.dataSync());
}

/** One `optimizer.minimize` step of the linear loss `sum(g · w)`, whose gradient is exactly `gradient`. */
function minimizeStep(optimizer: tf.Optimizer, w: tf.Variable, gradient: readonly number[]): void {
  const g = tf.tensor1d([...gradient]);
  optimizer.minimize(() => tf.sum(tf.mul(g, w)), false, [w]);
  g.dispose();
}

/** Steps `optimizer` `steps` times from gradient index `from`, returning the learning rate recovered at each step. */
function recoverRates(optimizer: tf.Optimizer, w: tf.Variable, reference: ReferenceOptimizer, from: number, steps: number): number[][] {
  const recovered: number[][] = [];
  for (let t = from; t < from + steps; t++) {
    const gradient = gradientAt(t);
    const before = weights(w);
    const iterations = optimizer.iterations;
    minimizeStep(optimizer, w, gradient);
    expect(optimizer.iterations).toBe(iterations + 1);
    const after = weights(w);
    const u = reference.direction(gradient);
    recovered.push(after.map((value, i) => -(value - (before[i] as number)) / (u[i] as number)));
  }
  return recovered;
}

function expectRate(recovered: readonly number[], expected: number, label: string): void {
  recovered.forEach((rate, i) => {
    expect(Math.abs(rate - expected) / expected, `${label}, component ${i}: recovered ${rate}, expected ${expected}`).toBeLessThanOrEqual(RATE_TOLERANCE);
  });
}

/** The largest deviation of `actual` from `expected`, relative where |expected| > 1 and absolute below. */
function deviation(actual: readonly (readonly number[])[], expected: readonly (readonly number[])[]): number {
  let worst = 0;
  actual.forEach((row, t) => {
    row.forEach((value, i) => {
      const want = (expected[t] as number[])[i] as number;
      worst = Math.max(worst, Math.abs(value - want) / Math.max(1, Math.abs(want)));
    });
  });
  return worst;
}

/** Runs `steps` minimize steps from gradient index `from`, returning the weights after each (first entry: before). */
function trajectory(optimizer: tf.Optimizer, w: tf.Variable, from: number, steps: number): number[][] {
  const path = [weights(w)];
  for (let t = from; t < from + steps; t++) {
    minimizeStep(optimizer, w, gradientAt(t));
    path.push(weights(w));
  }
  return path;
}

const INITIAL = [0.3, -0.2, 0.1, 0.5];

for (const backend of BACKENDS) {
  describe(`withSchedule on the ${backend} backend`, () => {
    let epsilon = 0;
    beforeAll(async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      await tf.ready();
      expect(tf.getBackend()).toBe(backend);
      // The epsilon tfjs's optimizers take by default (ENGINE.backend.epsilon()): 1e-7 for float32.
      epsilon = tf.backend().epsilon();
      expect(epsilon).toBe(1e-7);
    });

    describe('every step applies schedule(step) in the real update', () => {
      for (const { name, className, create, reference } of CASES) {
        for (const schedule of SCHEDULES) {
          test(`${name} with ${schedule.name}`, () => {
            expect(tf.getBackend()).toBe(backend);
            const s = schedule.create();
            const optimizer = create(0.5);
            expect(optimizer.getClassName()).toBe(className);
            const w = tf.variable(tf.tensor1d(INITIAL));
            try {
              expect(withSchedule(optimizer, s)).toBe(optimizer);
              const recovered = recoverRates(optimizer, w, reference(epsilon), 0, 8);
              recovered.forEach((rates, t) => expectRate(rates, s(t), `${name} step ${t}`));
              expect(optimizer.iterations).toBe(8);
            } finally {
              w.dispose();
              optimizer.dispose();
            }
          });
        }
      }
    });

    test('adam follows the float64 trajectory of tfjs Adam fed the schedule', () => {
      const s = cyclic({ baseLearningRate: 0.01, maxLearningRate: 0.1, stepSizeUp: 3 });
      const steps = 12;
      const optimizer = withSchedule(tf.train.adam(0.5), s);
      const w = tf.variable(tf.tensor1d(INITIAL));
      try {
        const actual = trajectory(optimizer, w, 0, steps);
        const start = actual[0] as number[];
        const gradients = Array.from({ length: steps }, (_, t) => gradientAt(t));
        const rates = Array.from({ length: steps }, (_, t) => s(t));
        const reference = (r: readonly number[]): number[][] => referenceTrajectory(referenceAdam({ beta1: 0.9, beta2: 0.999, epsilon }), start, gradients, r);
        expect(deviation(actual, reference(rates))).toBeLessThanOrEqual(TRAJECTORY_TOLERANCE);
        // The comparison has teeth: a rate one step late, or the constructor's rate, is far off.
        expect(deviation(actual, reference([0.5, ...rates.slice(0, -1)]))).toBeGreaterThan(100 * TRAJECTORY_TOLERANCE);
        expect(deviation(actual, reference(rates.map((_, t) => s(t + 1))))).toBeGreaterThan(100 * TRAJECTORY_TOLERANCE);
        expect(deviation(actual, reference(rates.map(() => 0.5)))).toBeGreaterThan(100 * TRAJECTORY_TOLERANCE);
      } finally {
        w.dispose();
        optimizer.dispose();
      }
    });

    test('withSchedule mid-training keeps Adam\'s moments and returns the same instance', () => {
      const s = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.7 });
      const optimizer = tf.train.adam(0.05);
      const w = tf.variable(tf.tensor1d(INITIAL));
      try {
        const before = trajectory(optimizer, w, 0, 3);
        expect(optimizer.iterations).toBe(3);
        expect(withSchedule(optimizer, s)).toBe(optimizer);
        const after = trajectory(optimizer, w, 3, 5);
        const actual = [...before, ...after.slice(1)];

        const gradients = Array.from({ length: 8 }, (_, t) => gradientAt(t));
        const rates = [0.05, 0.05, 0.05, s(3), s(4), s(5), s(6), s(7)];
        const continued = referenceTrajectory(referenceAdam({ beta1: 0.9, beta2: 0.999, epsilon }), INITIAL.map(Math.fround), gradients, rates);
        expect(deviation(actual, continued)).toBeLessThanOrEqual(TRAJECTORY_TOLERANCE);

        // Had the moments (and the bias-correction products) restarted, the last five steps would differ.
        const restarted = referenceTrajectory(referenceAdam({ beta1: 0.9, beta2: 0.999, epsilon }), before[3] as number[], gradients.slice(3), rates.slice(3));
        expect(deviation(after, restarted)).toBeGreaterThan(100 * TRAJECTORY_TOLERANCE);
      } finally {
        w.dispose();
        optimizer.dispose();
      }
    });

    describe('the step is the optimizer\'s own iteration count', () => {
      for (const { name, create, reference } of CASES) {
        test(`${name}: after k unscheduled steps the next one uses schedule(k), not schedule(0)`, () => {
          const s = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.7 });
          const k = 5;
          const optimizer = create(0.02);
          const w = tf.variable(tf.tensor1d(INITIAL));
          const ref = reference(epsilon);
          try {
            // Before withSchedule the optimizer runs at its own rate, and its state (which the reference tracks) grows.
            recoverRates(optimizer, w, ref, 0, k).forEach((rates, t) => expectRate(rates, 0.02, `${name} unscheduled step ${t}`));
            expect(optimizer.iterations).toBe(k);
            withSchedule(optimizer, s);
            const recovered = recoverRates(optimizer, w, ref, k, 3);
            recovered.forEach((rates, j) => expectRate(rates, s(k + j), `${name} step ${k + j}`));
            const first = (recovered[0] as number[])[0] as number;
            expect(Math.abs(first - s(0)) / s(0)).toBeGreaterThan(0.5);
          } finally {
            w.dispose();
            optimizer.dispose();
          }
        });
      }
    });

    test('a second withSchedule replaces the schedule (no stacked hooks)', () => {
      const optimizer = tf.train.adam(0.5);
      const w = tf.variable(tf.tensor1d(INITIAL));
      const ref = referenceAdam({ beta1: 0.9, beta2: 0.999, epsilon });
      try {
        withSchedule(optimizer, (step) => 0.01 * (step + 1));
        recoverRates(optimizer, w, ref, 0, 2).forEach((rates, t) => expectRate(rates, 0.01 * (t + 1), `first schedule step ${t}`));
        const second = (step: number): number => 0.2 / (step + 1);
        expect(withSchedule(optimizer, second)).toBe(optimizer);
        recoverRates(optimizer, w, ref, 2, 3).forEach((rates, j) => expectRate(rates, second(2 + j), `second schedule step ${2 + j}`));
        expect(optimizer.iterations).toBe(5);
      } finally {
        w.dispose();
        optimizer.dispose();
      }
    });

    describe('refusals', () => {
      test('a plain object optimizer of an unknown class is an UnsupportedOptimizerError naming it', () => {
        const applyGradients = (): void => {};
        const custom = { getClassName: () => 'MyOptimizer', applyGradients, iterations: 0 };
        let error: unknown;
        try {
          withSchedule(custom as unknown as tf.Optimizer, () => 0.1);
        } catch (thrown) {
          error = thrown;
        }
        expect(error).toBeInstanceOf(UnsupportedOptimizerError);
        expect((error as UnsupportedOptimizerError).optimizer).toBe('MyOptimizer');
        expect((error as UnsupportedOptimizerError).code).toBe('ANNEAL_TFJS_UNSUPPORTED_OPTIMIZER');
        expect((error as Error).message).toContain("'MyOptimizer'");
        // Refused before anything is patched.
        expect(custom.applyGradients).toBe(applyGradients);
      });

      test('a tf.Optimizer subclass with its own className is an UnsupportedOptimizerError naming it', () => {
        class MyOptimizer extends tf.Optimizer {
          static className = 'MyOptimizer';
          applyGradients(): void {
            this.incrementIterations();
          }
          getConfig(): tf.serialization.ConfigDict {
            return {};
          }
        }
        const optimizer = new MyOptimizer();
        expect(optimizer.getClassName()).toBe('MyOptimizer');
        expect(() => withSchedule(optimizer, () => 0.1)).toThrow(UnsupportedOptimizerError);
        expect(() => withSchedule(optimizer, () => 0.1)).toThrow(/MyOptimizer/);
      });

      test('a non-optimizer is an InvalidOptionError', () => {
        for (const value of [null, undefined, {}, 42, 'adam', { getClassName: () => 'Adam' }]) {
          expect(() => withSchedule(value as unknown as tf.Optimizer, () => 0.1)).toThrow(InvalidOptionError);
        }
      });

      test('a schedule that is not a function is an InvalidOptionError', () => {
        const optimizer = tf.train.sgd(0.1);
        try {
          for (const value of [0.1, undefined, null, 'exponentialDecay', { learningRate: 0.1 }]) {
            expect(() => withSchedule(optimizer, value as unknown as Schedule)).toThrow(InvalidOptionError);
          }
        } finally {
          optimizer.dispose();
        }
      });
    });

    describe('no tensors per step', () => {
      test('sgd and momentum: a rate that changes every step creates no more tensors than a constant rate', () => {
        // tfjs numbers every tensor it creates from one static counter on the Engine class.
        const ids = tf.engine().constructor as unknown as { nextTensorId: number };
        const created = (create: () => tf.Optimizer, schedule: Schedule, applied: number[]): number => {
          const optimizer = withSchedule(create(), schedule);
          const w = tf.variable(tf.tensor1d(INITIAL));
          const g = tf.tensor1d(BASE_GRADIENT);
          try {
            optimizer.minimize(() => tf.sum(tf.mul(g, w)), false, [w]);
            const first = ids.nextTensorId;
            for (let step = 0; step < 10; step++) {
              const before = weights(w);
              optimizer.minimize(() => tf.sum(tf.mul(g, w)), false, [w]);
              applied.push((before[0] as number) - (weights(w)[0] as number));
            }
            return ids.nextTensorId - first;
          } finally {
            g.dispose();
            w.dispose();
            optimizer.dispose();
          }
        };
        const changing: Schedule = (step) => 0.5 / (1 + step);
        const optimizers = [
          { create: () => tf.train.sgd(0.5), plainSgd: true },
          { create: () => tf.train.momentum(0.5, 0.9), plainSgd: false },
          { create: () => tf.train.momentum(0.5, 0.9, true), plainSgd: false },
        ];
        for (const { create, plainSgd } of optimizers) {
          const constantSteps: number[] = [];
          const changingSteps: number[] = [];
          expect(created(create, changing, changingSteps)).toBe(created(create, () => 0.5, constantSteps));
          // And the rewritten rate is the one applied: for SGD the first weight moves by exactly lr · g.
          if (plainSgd) {
            changingSteps.forEach((delta, index) => expect(delta).toBeCloseTo(changing(index + 1) * (BASE_GRADIENT[0] as number), 6));
          }
        }
      });

      const cases: readonly { readonly name: string; readonly create: () => tf.Optimizer; readonly schedule: Schedule }[] = [
        { name: 'sgd, constant rate', create: () => tf.train.sgd(0.1), schedule: () => 0.1 },
        { name: 'sgd, constant rate other than the constructor\'s', create: () => tf.train.sgd(0.5), schedule: () => 0.1 },
        ...CASES.map(({ name, create }) => ({ name: `${name}, changing rate`, create: () => create(0.5), schedule: SCHEDULES[0]!.create() })),
      ];
      for (const { name, create, schedule } of cases) {
        test(name, () => {
          const optimizer = withSchedule(create(), schedule);
          const w = tf.variable(tf.tensor1d(INITIAL));
          const g = tf.tensor1d(BASE_GRADIENT);
          try {
            // The first step creates the optimizer's slots (moments, accumulators) and, for SGD, may swap the rate.
            optimizer.minimize(() => tf.sum(tf.mul(g, w)), false, [w]);
            const tensors = tf.memory().numTensors;
            for (let step = 0; step < 10; step++) {
              optimizer.minimize(() => tf.sum(tf.mul(g, w)), false, [w]);
              expect(tf.memory().numTensors, `after step ${step + 1}`).toBe(tensors);
            }
            expect(optimizer.iterations).toBe(11);
          } finally {
            g.dispose();
            w.dispose();
            optimizer.dispose();
          }
        });
      }
    });
  });
}
