/**
 * Conformance with the values Keras publishes in its own test suite.
 *
 * Source: keras-team/keras, keras/src/optimizers/schedules/learning_rate_schedule_test.py
 * @ 51d7e77046f5b562fbde669068a29b4b33e1f745 (same content @ ac2ee342b119221090e464edc0d3344289f48741).
 * Every numeric assertion of that file that is about a schedule's value is reproduced below, with the expected value
 * written as the same formula Keras writes. Keras compares with assertAllClose(x, y, 1e-6); here every comparison is
 * 1e-6 relative (`expectClose`).
 *
 * Not reproduced, on purpose:
 * - test_config / run_class_serialization_test: serialization round trips, not values (anneal's Keras config
 *   interop is tested in src/keras/).
 * - TestFitLRSchedulesFlow.test_fit_lr_correctness: a model-training loss, not a schedule value.
 * - PiecewiseConstantDecayTest.test_piecewise_values at step -999.0: anneal rejects negative steps (a negative
 *   optimizer iteration is a caller bug), so the probe is replaced by an assertion that it throws InvalidStepError.
 */
import { describe, expect, test } from 'vitest';
import {
  cosineDecay,
  cosineDecayRestarts,
  exponentialDecay,
  InvalidStepError,
  inverseTimeDecay,
  piecewiseConstantDecay,
  polynomialDecay,
} from '../index.js';
import { expectAllClose, expectClose } from '../test-support/close.js';

const KERAS_TEST = 'keras-team/keras keras/src/optimizers/schedules/learning_rate_schedule_test.py @ 51d7e77046f5';

/** Python's range(start, stop, step). */
function range(start: number, stop: number, step = 1): number[] {
  const values: number[] = [];
  for (let value = start; value < stop; value += step) values.push(value);
  return values;
}

describe(`ExponentialDecayTest (${KERAS_TEST})`, () => {
  test('test_continuous: ExponentialDecay(0.05, 10, 0.96) at step 5', () => {
    const schedule = exponentialDecay({ initialLearningRate: 0.05, decaySteps: 10, decayRate: 0.96 });
    expectClose(schedule(5), 0.05 * 0.96 ** (5.0 / 10.0));
  });

  test('test_staircase: ExponentialDecay(0.1, 3, 0.96, staircase=True) at steps 1.0, 2, 100', () => {
    const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.96, staircase: true });
    expectClose(schedule(1.0), 0.1);
    expectClose(schedule(2), 0.1);
    expectClose(schedule(100), 0.1 * 0.96 ** Math.floor(100 / 3));
  });

  test('test_variables: ExponentialDecay(0.1, 3, 0.96, staircase=True) at steps 1, 2, 100', () => {
    const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.96, staircase: true });
    expectClose(schedule(1), 0.1);
    expectClose(schedule(2), 0.1);
    expectClose(schedule(100), 0.1 * 0.96 ** Math.floor(100 / 3));
  });
});

describe(`PiecewiseConstantDecayTest (${KERAS_TEST})`, () => {
  test('test_piecewise_values: PiecewiseConstantDecay([100, 110, 120], [1.0, 0.1, 0.01, 0.001])', () => {
    const schedule = piecewiseConstantDecay({ boundaries: [100, 110, 120], values: [1.0, 0.1, 0.01, 0.001] });
    expectClose(schedule(100), 1.0);
    expectClose(schedule(105), 0.1);
    expectClose(schedule(110), 0.1);
    expectClose(schedule(120), 0.01);
    expectClose(schedule(999), 0.001);
  });

  test('test_piecewise_values: step -999.0 (Keras gives 1.0) is rejected by anneal with InvalidStepError', () => {
    // Keras evaluates the first piece for any step <= 100, including -999. anneal deliberately rejects negative
    // steps (see checkStep in schedule.ts): an optimizer iteration count is never negative.
    const schedule = piecewiseConstantDecay({ boundaries: [100, 110, 120], values: [1.0, 0.1, 0.01, 0.001] });
    expect(() => schedule(-999.0)).toThrow(InvalidStepError);
  });

  test('test_boundary_values: PiecewiseConstantDecay([1, 2, 3], [0.4, 0.5, 0.6, 0.7]), a step equal to a boundary keeps the earlier value', () => {
    const schedule = piecewiseConstantDecay({ boundaries: [1, 2, 3], values: [0.4, 0.5, 0.6, 0.7] });
    expectClose(schedule(0), 0.4);
    expectClose(schedule(1), 0.4);
    expectClose(schedule(2), 0.5);
    expectClose(schedule(3), 0.6);
    expectClose(schedule(4), 0.7);
  });
});

describe(`LinearDecayTest: PolynomialDecay with power 1 (${KERAS_TEST})`, () => {
  const lr = 0.05;

  test('test_halfway: PolynomialDecay(0.05, 10, 0.0) at step 5', () => {
    const endLr = 0.0;
    const schedule = polynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: endLr });
    expectClose(schedule(5), lr * 0.5);
  });

  test('test_end: PolynomialDecay(0.05, 10, 0.001) at step 10', () => {
    const endLr = 0.001;
    const schedule = polynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: endLr });
    expectClose(schedule(10), endLr);
  });

  test('test_halfway_with_end: PolynomialDecay(0.05, 10, 0.001) at step 5', () => {
    const endLr = 0.001;
    const schedule = polynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: endLr });
    expectClose(schedule(5), (lr + endLr) * 0.5);
  });

  test('test_beyond_end: PolynomialDecay(0.05, 10, 0.001) at step 15', () => {
    const endLr = 0.001;
    const schedule = polynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: endLr });
    expectClose(schedule(15), endLr);
  });

  test('test_beyond_end_with_cycle: PolynomialDecay(0.05, 10, 0.001, cycle=True) at step 15', () => {
    const endLr = 0.001;
    const schedule = polynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: endLr, cycle: true });
    expectClose(schedule(15), (lr - endLr) * 0.25 + endLr);
  });
});

describe(`SqrtDecayTest: PolynomialDecay with power 0.5 (${KERAS_TEST})`, () => {
  const lr = 0.05;
  const power = 0.5;

  test('test_halfway: PolynomialDecay(0.05, 10, 0.0, power=0.5) at step 5', () => {
    const endLr = 0.0;
    const schedule = polynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: endLr, power });
    expectClose(schedule(5), lr * 0.5 ** power);
  });

  test('test_end: PolynomialDecay(0.05, 10, 0.001, power=0.5) at step 10', () => {
    const endLr = 0.001;
    const schedule = polynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: endLr, power });
    expectClose(schedule(10), endLr);
  });

  test('test_halfway_with_end: PolynomialDecay(0.05, 10, 0.001, power=0.5) at step 5', () => {
    const endLr = 0.001;
    const schedule = polynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: endLr, power });
    expectClose(schedule(5), (lr - endLr) * 0.5 ** power + endLr);
  });

  test('test_beyond_end: PolynomialDecay(0.05, 10, 0.001, power=0.5) at step 15', () => {
    const endLr = 0.001;
    const schedule = polynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: endLr, power });
    expectClose(schedule(15), endLr);
  });

  test('test_beyond_end_with_cycle: PolynomialDecay(0.05, 10, 0.001, power=0.5, cycle=True) at step 15', () => {
    const endLr = 0.001;
    const schedule = polynomialDecay({ initialLearningRate: lr, decaySteps: 10, endLearningRate: endLr, power, cycle: true });
    expectClose(schedule(15), (lr - endLr) * 0.25 ** power + endLr);
  });

  test('test_begin_with_cycle: PolynomialDecay(0.001, 10, cycle=True) at step 0', () => {
    const beginLr = 0.001;
    const schedule = polynomialDecay({ initialLearningRate: beginLr, decaySteps: 10, cycle: true });
    expectClose(schedule(0), beginLr);
  });
});

describe(`InverseTimeDecayTest (${KERAS_TEST})`, () => {
  const initialLr = 0.1;
  const k = 10;
  const decayRate = 0.96;

  test('test_decay: InverseTimeDecay(0.1, 10, 0.96) at steps 0..10', () => {
    const schedule = inverseTimeDecay({ initialLearningRate: initialLr, decaySteps: k, decayRate });
    for (const i of range(0, k + 1)) expectClose(schedule(i), initialLr / (1 + (i / k) * decayRate), 1e-6);
  });

  test('test_staircase: InverseTimeDecay(0.1, 10, 0.96, staircase=True) at steps 0..10', () => {
    const schedule = inverseTimeDecay({ initialLearningRate: initialLr, decaySteps: k, decayRate, staircase: true });
    for (const i of range(0, k + 1)) expectClose(schedule(i), initialLr / (1 + decayRate * Math.floor(i / k)), 1e-6);
  });
});

describe(`CosineDecayTest (${KERAS_TEST})`, () => {
  /** The test's np_cosine_decay helper. */
  function npCosineDecay(step: number, decaySteps: number, alpha = 0.0): number {
    const clamped = Math.min(step, decaySteps);
    const completedFraction = clamped / decaySteps;
    const decay = 0.5 * (1.0 + Math.cos(Math.PI * completedFraction));
    return (1.0 - alpha) * decay + alpha;
  }

  /** The test's linear_warmup helper (it omits `+ initial_lr`; every test using it starts from 0). */
  function linearWarmup(step: number, warmupSteps: number, initialLr: number, targetLr: number): number {
    const completedFraction = step / warmupSteps;
    const totalDelta = targetLr - initialLr;
    return completedFraction * totalDelta;
  }

  test('test_decay: CosineDecay(1.0, 1000) at steps 0, 250, ..., 1250', () => {
    const schedule = cosineDecay({ initialLearningRate: 1.0, decaySteps: 1000 });
    for (const step of range(0, 1500, 250)) expectClose(schedule(step), npCosineDecay(step, 1000));
  });

  test('test_warmup: CosineDecay(0.0, 10, warmup_target=10.0, warmup_steps=1500) at steps 0, 250, ..., 1250', () => {
    const schedule = cosineDecay({ initialLearningRate: 0.0, decaySteps: 10, warmupTarget: 10.0, warmupSteps: 1500 });
    for (const step of range(0, 1500, 250)) expectClose(schedule(step), linearWarmup(step, 1500, 0.0, 10.0));
  });

  test('test_alpha: CosineDecay(1.0, 1000, 0.1) at steps 0, 250, ..., 1250', () => {
    const schedule = cosineDecay({ initialLearningRate: 1.0, decaySteps: 1000, alpha: 0.1 });
    for (const step of range(0, 1500, 250)) expectClose(schedule(step), npCosineDecay(step, 1000, 0.1));
  });

  test('test_float64: CosineDecay(np.float64(1.0), 1000) at steps 0, 250, ..., 1250 (JS numbers are float64)', () => {
    const schedule = cosineDecay({ initialLearningRate: 1.0, decaySteps: 1000 });
    for (const step of range(0, 1500, 250)) expectClose(schedule(step), npCosineDecay(step, 1000));
  });

  test('test_warmup_decay: CosineDecay(0.0, 1000, warmup_target=10.0, warmup_steps=2000) at steps 0, 250, ..., 2750', () => {
    const warmupSteps = 2000;
    const decaySteps = 1000;
    const schedule = cosineDecay({ initialLearningRate: 0.0, decaySteps, warmupTarget: 10.0, warmupSteps });
    for (const step of range(0, 3000, 250)) {
      const expected =
        step < warmupSteps + 1
          ? linearWarmup(step, warmupSteps, 0.0, 10.0)
          : 10.0 * npCosineDecay(step - warmupSteps, decaySteps);
      expectClose(schedule(step), expected, 1e-6, `step ${step}:`);
    }
  });
});

describe(`CosineDecayRestartsTest (${KERAS_TEST})`, () => {
  /** The test's np_cosine_decay_restarts helper. */
  function npCosineDecayRestarts(step: number, decaySteps: number, tMul = 2.0, mMul = 1.0, alpha = 0.0): number {
    let fac = 1.0;
    let remaining = step;
    let period = decaySteps;
    while (remaining >= period) {
      remaining -= period;
      period *= tMul;
      fac *= mMul;
    }
    const completedFraction = remaining / period;
    const decay = fac * 0.5 * (1.0 + Math.cos(Math.PI * completedFraction));
    return (1.0 - alpha) * decay + alpha;
  }

  const numTrainingSteps = 1000;

  test('test_decay: CosineDecayRestarts(1.0, 1000) at steps 0, 250, ..., 1250', () => {
    const schedule = cosineDecayRestarts({ initialLearningRate: 1.0, firstDecaySteps: numTrainingSteps });
    for (const step of range(0, 1500, 250)) expectClose(schedule(step), npCosineDecayRestarts(step, numTrainingSteps), 1e-6, `step ${step}:`);
  });

  test('test_float64: CosineDecayRestarts(np.float64(1.0), 1000) at steps 0, 250, ..., 1250', () => {
    const schedule = cosineDecayRestarts({ initialLearningRate: 1.0, firstDecaySteps: numTrainingSteps });
    for (const step of range(0, 1500, 250)) expectClose(schedule(step), npCosineDecayRestarts(step, numTrainingSteps), 1e-6, `step ${step}:`);
  });

  test('test_alpha: CosineDecayRestarts(1.0, 1000, alpha=0.1) at steps 0, 250, ..., 1250', () => {
    const alpha = 0.1;
    const schedule = cosineDecayRestarts({ initialLearningRate: 1.0, firstDecaySteps: numTrainingSteps, alpha });
    for (const step of range(0, 1500, 250)) {
      expectClose(schedule(step), npCosineDecayRestarts(step, numTrainingSteps, 2.0, 1.0, alpha), 1e-6, `step ${step}:`);
    }
  });

  test('test_mmul: CosineDecayRestarts(1.0, 1000, m_mul=0.9) at steps 0, 250, ..., 1250', () => {
    const mMul = 0.9;
    const schedule = cosineDecayRestarts({ initialLearningRate: 1.0, firstDecaySteps: numTrainingSteps, mMul });
    for (const step of range(0, 1500, 250)) {
      expectClose(schedule(step), npCosineDecayRestarts(step, numTrainingSteps, 2.0, mMul), 1e-6, `step ${step}:`);
    }
  });

  test('test_tmul: CosineDecayRestarts(1.0, 1000, t_mul=1.0) at steps 0, 250, ..., 1250', () => {
    const tMul = 1.0;
    const schedule = cosineDecayRestarts({ initialLearningRate: 1.0, firstDecaySteps: numTrainingSteps, tMul });
    for (const step of range(0, 1500, 250)) {
      expectClose(schedule(step), npCosineDecayRestarts(step, numTrainingSteps, tMul), 1e-6, `step ${step}:`);
    }
  });
});

/**
 * Legacy optimizer `decay` argument (tf.keras 2 optimizer_v2: lr / (1 + decay * iterations), iterations counted before
 * the update), which anneal documents as inverseTimeDecay with decaySteps 1. The same test file checks
 * InverseTimeDecay(3.0, decay_steps=1.0, decay_rate=0.5) against the same expectations
 * (testBasicWithLearningRateInverseTimeDecay).
 * Source: keras-team/tf-keras tf_keras/optimizers/legacy/gradient_descent_test.py
 * @ 6add81a967a830418b1507ac99ddba2d4e43a62b, testBasicWithLearningRateDecay / _test_basic_sgd_with_learning_rate_decay:
 * SGD(learning_rate=3.0, decay=0.5), var0 = [1, 2], var1 = [3, 4], grads [0.1, 0.1] and [0.01, 0.01], two updates.
 */
describe('tf-keras legacy SGD decay (keras-team/tf-keras tf_keras/optimizers/legacy/gradient_descent_test.py @ 6add81a967a8)', () => {
  const schedule = inverseTimeDecay({ initialLearningRate: 3.0, decaySteps: 1, decayRate: 0.5 });

  test('testBasicWithLearningRateDecay: the rates of the first two updates are 3.0 and 2.0', () => {
    expectClose(schedule(0), 3.0);
    expectClose(schedule(1), 2.0);
  });

  test('testBasicWithLearningRateDecay: two SGD updates with these rates give the published variables', () => {
    let var0 = [1.0, 2.0];
    let var1 = [3.0, 4.0];
    const grads0 = [0.1, 0.1];
    const grads1 = [0.01, 0.01];
    const sgdStep = (iteration: number): void => {
      const lr = schedule(iteration);
      var0 = var0.map((value, i) => value - lr * (grads0[i] as number));
      var1 = var1.map((value, i) => value - lr * (grads1[i] as number));
    };
    sgdStep(0);
    expectAllClose(var0, [1.0 - 3.0 * 0.1, 2.0 - 3.0 * 0.1]);
    expectAllClose(var1, [3.0 - 3.0 * 0.01, 4.0 - 3.0 * 0.01]);
    sgdStep(1);
    expectAllClose(var0, [1.0 - 3.0 * 0.1 - 2.0 * 0.1, 2.0 - 3.0 * 0.1 - 2.0 * 0.1]);
    expectAllClose(var1, [3.0 - 3.0 * 0.01 - 2.0 * 0.01, 4.0 - 3.0 * 0.01 - 2.0 * 0.01]);
  });
});
