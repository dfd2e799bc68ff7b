/**
 * Conformance with the values optax publishes in its schedule tests.
 *
 * Sources: google-deepmind/optax
 * - optax/schedules/_schedule_test.py @ 05a74255687ff15f55eb4a859958561e38919a9a
 * - optax/schedules/_join_test.py @ b84f914a84b8f5cd62e2fca75729b460a6b815d1
 * optax counts from 0 (the first update uses f(0)), as anneal does. optax compares with atol 1e-3 (or the tolerance
 * noted per test); here every comparison is 1e-6 relative (`expectClose`).
 *
 * Expressions used (exact for the published semantics):
 * - constant_schedule(v)                   = constant({ learningRate: v })
 * - polynomial_schedule(init, end, p, T, B) = polynomial({ initialLearningRate: init, endLearningRate: end, power: p, transitionSteps: T, transitionBegin: B })
 * - piecewise_constant_schedule(init, {b: s}) = join of constants (the new value applies AT the boundary, as in join)
 * - exponential_decay(init, T, rate, B, staircase, end) = exponential({ ..., transitionSteps: T, transitionBegin: B, endLearningRate: end })
 * - cosine_decay_schedule(init, D, alpha)  = cosineDecay({ initialLearningRate: init, decaySteps: D, alpha }) (Keras's
 *   CosineDecay has the same math, clamped at alpha * init from step D on)
 * - warmup_cosine_decay_schedule(init, peak, W, D, end) = warmup({ schedule: cosineDecay({ initialLearningRate: peak,
 *   decaySteps: D - W, alpha: end / peak }), warmupSteps: W, initialLearningRate: init }) (optax's decay_steps includes W)
 * - sgdr_schedule(kwargs list)             = join of those warmups at the cumulative decay_steps
 * - piecewise_interpolate_schedule('linear', ...) = join of linear pieces
 * - join_schedules(schedules, boundaries)  = join({ schedules, boundaries })
 *
 * Not reproduced, on purpose (anneal deliberately differs or has no equivalent):
 * - PolynomialTest.test_zero_steps_schedule, ExponentialTest.test_nonvalid_transition_steps: optax turns
 *   transition_steps <= 0 into a constant schedule; anneal rejects transitionSteps <= 0 with InvalidOptionError.
 * - ExponentialTest.test_nonvalid_decay_rate: optax treats decay_rate 0 as "constant"; anneal's rate 0 means rate 0.
 * - ExponentialTest.test_exponential (decay_rate 2.0) and test_end_value_with_staircase for (2.0, 3.0) and (1.0, 0.1):
 *   anneal rejects decayRate > 1 (growth) and an endLearningRate above the initial rate; with rate 1.0 optax clamps
 *   with min(value, end) (giving 0.1 < init), which anneal's floor-only endLearningRate does not express.
 * - PiecewiseConstantTest.test_negative: negative learning rates are rejected by anneal.
 * - CosineDecayTest.test_with_exponent, WarmupCosineDecayTest.test_with_exponent: anneal has no cosine `exponent`.
 * - WarmupCosineDecayTest.test_with_exponent also uses a negative end_value.
 * - PiecewiseInterpolateTest.test_cos_piecewise: a rising cosine piece (240 -> 288) has no exact anneal expression.
 * - PiecewiseInterpolateTest.test_empty_dict / test_no_dict / test_invalid_*: optax API validation, not values.
 * - OneCycleTest (linear_onecycle_schedule, cosine_onecycle_schedule): anneal's oneCycle follows PyTorch's timing
 *   (peak at pct_start * T - 1, end at T - 1), not optax's (peak at int(pct_start * T), end at T).
 */
import { describe, expect, test } from 'vitest';
import { constant, cosineDecay, exponential, join, linear, polynomial, warmup, type Schedule } from '../index.js';
import { expectAllClose, expectClose } from '../test-support/close.js';

const SCHEDULE_TEST = 'google-deepmind/optax optax/schedules/_schedule_test.py @ 05a74255687f';
const JOIN_TEST = 'google-deepmind/optax optax/schedules/_join_test.py @ b84f914a84b8';

/** Python's range(count). */
const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index);
const fill = (value: number, count: number): number[] => Array.from({ length: count }, () => value);
const rates = (schedule: Schedule, count: number): number[] => range(count).map((step) => schedule(step));

describe(`ConstantTest (${SCHEDULE_TEST})`, () => {
  test('test_constant: constant_schedule(10), 15 counts', () => {
    expectAllClose(rates(constant({ learningRate: 10 }), 15), fill(10, 15));
  });
});

describe(`PolynomialTest (${SCHEDULE_TEST})`, () => {
  test('test_linear: polynomial_schedule(init 10, end 20, power 1, transition_steps 10), counts 0..14', () => {
    const schedule = polynomial({ initialLearningRate: 10, endLearningRate: 20, power: 1, transitionSteps: 10 });
    expectAllClose(rates(schedule, 15), [...range(10).map((n) => 10 + n), ...fill(20, 5)]);
  });

  test('test_linear, as linear_schedule: linear(init 10, end 20, transition_steps 10), counts 0..14', () => {
    const schedule = linear({ initialLearningRate: 10, endLearningRate: 20, transitionSteps: 10 });
    expectAllClose(rates(schedule, 15), [...range(10).map((n) => 10 + n), ...fill(20, 5)]);
  });

  test('test_nonlinear: polynomial_schedule(init 25, end 10, power 2, transition_steps 10), counts 0..14', () => {
    const schedule = polynomial({ initialLearningRate: 25, endLearningRate: 10, power: 2, transitionSteps: 10 });
    expectAllClose(rates(schedule, 15), [...range(10).map((n) => 10 + 15 * (1 - n / 10) ** 2), ...fill(10, 5)]);
  });

  test('test_with_decay_begin: polynomial_schedule(init 30, end 10, power 2, transition_steps 10, transition_begin 4), counts 0..19', () => {
    const schedule = polynomial({ initialLearningRate: 30, endLearningRate: 10, power: 2, transitionSteps: 10, transitionBegin: 4 });
    expectAllClose(rates(schedule, 20), [...fill(30, 4), ...range(10).map((n) => 10 + 20 * (1 - n / 10) ** 2), ...fill(10, 6)]);
  });
});

describe(`PiecewiseConstantTest (${SCHEDULE_TEST})`, () => {
  test('test_positive: piecewise_constant_schedule(0.1, {3: 2., 6: 0.5}), counts 0..9 (the boundary takes the new value)', () => {
    // Scales compound: 0.1, then 0.1 * 2 from count 3, then 0.1 * 2 * 0.5 from count 6. Two different factors, so
    // multiStep (a single gamma) does not apply; a join of constants switches AT each boundary like optax.
    const schedule = join({
      schedules: [constant({ learningRate: 0.1 }), constant({ learningRate: 0.1 * 2 }), constant({ learningRate: 0.1 * 2 * 0.5 })],
      boundaries: [3, 6],
    });
    expectAllClose(rates(schedule, 10), [0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1]);
  });
});

describe(`ExponentialTest (${SCHEDULE_TEST})`, () => {
  test.each([false, true])('test_constant_schedule (staircase=%s): exponential_decay(1., transition_steps 15, decay_rate 1.)', (staircase) => {
    const schedule = exponential({ initialLearningRate: 1, transitionSteps: 15, decayRate: 1, staircase });
    expectAllClose(rates(schedule, 15), fill(1, 15));
  });

  test.each([
    [0.2, 0.1, false],
    [0.2, 0.1, true],
  ] as const)(
    'test_end_value_with_staircase (decay_rate=%s, end_value=%s, staircase=%s): init 1, transition_steps 2, transition_begin 3',
    (decayRate, endValue, staircase) => {
      const initValue = 1;
      const numSteps = 11;
      const transitionSteps = 2;
      const transitionBegin = 3;
      const schedule = exponential({
        initialLearningRate: initValue,
        transitionSteps,
        decayRate,
        transitionBegin,
        staircase,
        endLearningRate: endValue,
      });
      const staircased = (count: number): number => (staircase ? Math.floor(count / transitionSteps) : count / transitionSteps);
      // decay_rate < 1, so optax clamps with max(value, end_value).
      const expected = [...fill(initValue, transitionBegin), ...range(numSteps).map((count) => initValue * decayRate ** staircased(count))].map((value) =>
        Math.max(value, endValue),
      );
      expectAllClose(rates(schedule, numSteps + transitionBegin), expected);
    },
  );

  test('test_immutable_count: exponential_decay(32., transition_steps 1, decay_rate 0.5), counts 0..4', () => {
    const schedule = exponential({ initialLearningRate: 32, transitionSteps: 1, decayRate: 0.5 });
    expectAllClose(rates(schedule, 5), [32, 16, 8, 4, 2]);
  });
});

describe(`CosineDecayTest (${SCHEDULE_TEST})`, () => {
  const multipliers = (fractions: readonly number[]): number[] => fractions.map((f) => 0.5 + 0.5 * Math.cos(Math.PI * f));

  test('test_decay_count_smaller_count: cosine_decay_schedule(0.1, 10, 0.0), counts 0..9', () => {
    const schedule = cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, alpha: 0.0 });
    const expected = multipliers([0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]).map((m) => 0.1 * m);
    expectAllClose(rates(schedule, 10), expected);
  });

  test('test_decay_count_greater_count: cosine_decay_schedule(0.1, 5, 0.0), counts 0..11 (held at the end)', () => {
    const schedule = cosineDecay({ initialLearningRate: 0.1, decaySteps: 5, alpha: 0.0 });
    const expected = multipliers([0.0, 0.2, 0.4, 0.6, 0.8, 1, 1, 1, 1, 1, 1, 1]).map((m) => 0.1 * m);
    expectAllClose(rates(schedule, 12), expected);
  });

  test('test_decay_count_greater_count_with_alpha: cosine_decay_schedule(0.1, 5, 0.1), counts 0..11', () => {
    const schedule = cosineDecay({ initialLearningRate: 0.1, decaySteps: 5, alpha: 0.1 });
    const expected = multipliers([0.0, 0.2, 0.4, 0.6, 0.8, 1, 1, 1, 1, 1, 1, 1]).map((m) => 0.1 * (0.9 * m + 0.1));
    expectAllClose(rates(schedule, 12), expected);
  });

  test('test_with_giant_int_steps: cosine_decay_schedule(1000., decay_steps=int(1e10)) at count int(1e9)', () => {
    const schedule = cosineDecay({ initialLearningRate: 1000, decaySteps: 1e10, alpha: 0.0 });
    expectClose(schedule(1e9), 975.52826);
  });
});

describe(`WarmupCosineDecayTest (${SCHEDULE_TEST})`, () => {
  /** optax warmup_cosine_decay_schedule(init, peak, warmup_steps, decay_steps, end_value); decay_steps includes the warmup. */
  const warmupCosineDecay = (initValue: number, peakValue: number, warmupSteps: number, decaySteps: number, endValue: number): Schedule =>
    warmup({
      schedule: cosineDecay({ initialLearningRate: peakValue, decaySteps: decaySteps - warmupSteps, alpha: peakValue === 0 ? 0 : endValue / peakValue }),
      warmupSteps,
      initialLearningRate: initValue,
    });

  test.each([
    ['with end value', 10, 0.5, 1e-4],
    ['without end value', 5, 3, 0.0],
  ] as const)('test_limits (%s): init %s, peak %s, end %s, warmup 100, decay_steps 1000', (_name, initValue, peakValue, endValue) => {
    const schedule = warmupCosineDecay(initValue, peakValue, 100, 1000, endValue);
    expectClose(schedule(0), initValue);
    expectClose(schedule(100), peakValue);
    // optax asserts f(1000) with rtol 1e-3; anneal lands on end_value (up to rounding) or exactly 0.
    expectClose(schedule(1000), endValue);
  });

  test('test_zero_peak_value: init 0.2, peak 0, end -3.0, warmup 50, decay_steps 100, exponent 2 at [0, 10, 50, 75, 100]', () => {
    // With peak 0 optax sets alpha = 0, so the decay part is 0 * (...) = 0 whatever end_value (-3.0) and exponent
    // (2) are: the published values are exactly a linear warmup from 0.2 to 0 followed by zeros.
    const schedule = warmupCosineDecay(0.2, 0, 50, 100, 0);
    expectAllClose(
      [0, 10, 50, 75, 100].map((step) => schedule(step)),
      [0.2, 0.16, 0.0, 0.0, 0.0],
    );
  });
});

describe(`SGDRTest (${SCHEDULE_TEST})`, () => {
  test.each([
    ['with step decay', 1.6, 0.8, 0.4],
    ['without step_decay', 1.6, 1.6, 1.6],
  ] as const)('test_limits (%s): peaks at 500, 2500 and 5500', (_name, lr0, lr1, lr2) => {
    // sgdr_schedule joins warmup_cosine_decay_schedule(init 0, peak lr_i, warmup 500, decay_steps d_i, end 0) for
    // d = [2000, 3000, 5000] at the cumulative boundaries [2000, 5000].
    const pieces = ([
      [2000, lr0],
      [3000, lr1],
      [5000, lr2],
    ] as const).map(([decaySteps, peak]) =>
      warmup({ schedule: cosineDecay({ initialLearningRate: peak, decaySteps: decaySteps - 500, alpha: 0 }), warmupSteps: 500, initialLearningRate: 0 }),
    );
    const schedule = join({ schedules: pieces, boundaries: [2000, 5000] });
    expectClose(schedule(500), lr0);
    expectClose(schedule(2500), lr1);
    expectClose(schedule(5500), lr2);
  });
});

describe(`PiecewiseInterpolateTest (${SCHEDULE_TEST})`, () => {
  test("test_linear_piecewise: piecewise_interpolate_schedule('linear', 200., {5: 1.5, 10: 0.25}), steps 0..12", () => {
    // Anchors 200 at 0, 200 * 1.5 = 300 at 5, 300 * 0.25 = 75 at 10, held after.
    const schedule = join({
      schedules: [
        linear({ initialLearningRate: 200, endLearningRate: 200 * 1.5, transitionSteps: 5 }),
        linear({ initialLearningRate: 200 * 1.5, endLearningRate: 200 * 1.5 * 0.25, transitionSteps: 10 - 5 }),
      ],
      boundaries: [5],
    });
    expectAllClose(rates(schedule, 13), [200, 220, 240, 260, 280, 300, 255, 210, 165, 120, 75, 75, 75]);
  });
});

describe(`JoinTest (${JOIN_TEST})`, () => {
  test('test_join_schedules: constants [1, 2, 1], boundaries [3, 6], steps 0..6', () => {
    const schedule = join({
      schedules: [constant({ learningRate: 1 }), constant({ learningRate: 2 }), constant({ learningRate: 1 })],
      boundaries: [3, 6],
    });
    // optax asserts with atol 0: exact equality.
    expect(rates(schedule, 7)).toEqual([1, 1, 1, 2, 2, 2, 1]);
  });
});
