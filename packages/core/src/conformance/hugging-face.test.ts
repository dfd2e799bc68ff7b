/**
 * Conformance with the learning rates Hugging Face transformers publishes for its schedules.
 *
 * Source: huggingface/transformers, tests/optimization/test_optimization.py @ 74714520aed84bb44c9e6724ba805d2cd1e1eff7,
 * ScheduleInitTest.test_schedulers: AdamW with lr 10.0, num_steps 10, common kwargs {num_warmup_steps: 2,
 * num_training_steps: 10}; `unwrap_schedule` reads `scheduler.get_lr()[0]` BEFORE each `step()`, so index s is the
 * rate at step s (anneal's step s).
 *
 * TOLERANCE: the published lists are rounded to 2-3 decimals (e.g. 9.61, 7.656), and HF compares them with
 * assertListAlmostEqual(..., tol=1e-2), an ABSOLUTE delta of 1e-2. The same absolute 1e-2 is used for those
 * published values here (a relative 1e-6 would only measure HF's rounding). The WSD values at the end are derived
 * from HF's formula, not published, and are compared at 1e-6 relative.
 *
 * Expressions used (exact for HF's multipliers times lr 10; W = warmup, N = training steps):
 * - get_constant_schedule                     = constant({ learningRate: 10 })
 * - get_constant_schedule_with_warmup(W)      = warmup({ schedule: constant({ learningRate: 10 }), warmupSteps: W })
 * - get_linear_schedule_with_warmup(W, N)     = warmup({ schedule: linear({ initialLearningRate: 10, endLearningRate: 0, transitionSteps: N - W }), warmupSteps: W })
 *   (HF's max(0, (N - s) / (N - W)) is 0 from N on; linear holds 0)
 * - get_cosine_schedule_with_warmup(W, N)     = warmup({ schedule: cosineAnnealing({ initialLearningRate: 10, tMax: N - W }), warmupSteps: W })
 *   (num_cycles 0.5; neither clamps after N)
 * - get_cosine_with_hard_restarts_schedule_with_warmup(W, N, num_cycles) = join of that warmup over
 *   cosineAnnealingWarmRestarts({ t0: (N - W) / num_cycles }) and constant 0 from N on (HF returns 0 once progress >= 1)
 * - get_polynomial_decay_schedule_with_warmup(W, N, lr_end, power) = warmup({ schedule: polynomial({ initialLearningRate: 10,
 *   endLearningRate: lr_end, power, transitionSteps: N - W }), warmupSteps: W }) (lr_end is absolute, held after N)
 * - get_inverse_sqrt_schedule(W)              = inverseSquareRoot({ peakLearningRate: 10, warmupSteps: W })
 * - get_wsd_schedule                          = warmupStableDecay
 *
 * Not reproduced, on purpose:
 * - get_cosine_with_min_lr_schedule_with_warmup_lr_rate: shifted by one step (s + 1); anneal does not reproduce it.
 * - The save/reload (state_dict) half of test_schedulers: PyTorch state, not values.
 */
import { describe, expect, test } from 'vitest';
import {
  constant,
  cosineAnnealing,
  cosineAnnealingWarmRestarts,
  inverseSquareRoot,
  join,
  linear,
  polynomial,
  warmup,
  warmupStableDecay,
  type Schedule,
  type WarmupStableDecayShape,
} from '../index.js';
import { expectAllClose } from '../test-support/close.js';

const HF_TEST = 'huggingface/transformers tests/optimization/test_optimization.py @ 74714520aed8';

/** HF's assertListAlmostEqual(list1, list2, tol): same length, each |a - b| <= tol (absolute). */
function expectListAlmostEqual(actual: readonly number[], expected: readonly number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, index) => {
    const ok = Number.isFinite(value) && Math.abs(value - (expected[index] as number)) <= tol;
    expect(ok, `at index ${index}: expected ${value} to be within ${tol} (absolute) of ${expected[index]}`).toBe(true);
  });
}

/** HF's absolute tolerance for ScheduleInitTest.test_schedulers. */
const HF_TOL = 1e-2;

const LR = 10.0;
const NUM_STEPS = 10;
const WARMUP = 2;
const TRAINING = 10;

/** unwrap_schedule: the rate before each of num_steps steps, i.e. at steps 0 .. num_steps - 1. */
const unwrap = (schedule: Schedule, numSteps = NUM_STEPS): number[] => Array.from({ length: numSteps }, (_, step) => schedule(step));

describe(`ScheduleInitTest.test_schedulers (${HF_TEST})`, () => {
  test('get_constant_schedule: {}', () => {
    expectListAlmostEqual(unwrap(constant({ learningRate: LR })), Array.from({ length: NUM_STEPS }, () => 10.0), HF_TOL);
  });

  test('get_constant_schedule_with_warmup: {num_warmup_steps: 4}', () => {
    const schedule = warmup({ schedule: constant({ learningRate: LR }), warmupSteps: 4 });
    expectListAlmostEqual(unwrap(schedule), [0.0, 2.5, 5.0, 7.5, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0], HF_TOL);
  });

  test('get_linear_schedule_with_warmup: {num_warmup_steps: 2, num_training_steps: 10}', () => {
    const schedule = warmup({
      schedule: linear({ initialLearningRate: LR, endLearningRate: 0, transitionSteps: TRAINING - WARMUP }),
      warmupSteps: WARMUP,
    });
    expectListAlmostEqual(unwrap(schedule), [0.0, 5.0, 10.0, 8.75, 7.5, 6.25, 5.0, 3.75, 2.5, 1.25], HF_TOL);
  });

  test('get_cosine_schedule_with_warmup: {num_warmup_steps: 2, num_training_steps: 10}', () => {
    const schedule = warmup({ schedule: cosineAnnealing({ initialLearningRate: LR, tMax: TRAINING - WARMUP }), warmupSteps: WARMUP });
    expectListAlmostEqual(unwrap(schedule), [0.0, 5.0, 10.0, 9.61, 8.53, 6.91, 5.0, 3.08, 1.46, 0.38], HF_TOL);
  });

  test('get_cosine_with_hard_restarts_schedule_with_warmup: {num_warmup_steps: 2, num_training_steps: 10, num_cycles: 2}', () => {
    const numCycles = 2;
    const schedule = join({
      schedules: [
        warmup({
          schedule: cosineAnnealingWarmRestarts({ initialLearningRate: LR, t0: (TRAINING - WARMUP) / numCycles }),
          warmupSteps: WARMUP,
        }),
        constant({ learningRate: 0 }),
      ],
      boundaries: [TRAINING],
    });
    expectListAlmostEqual(unwrap(schedule), [0.0, 5.0, 10.0, 8.53, 5.0, 1.46, 10.0, 8.53, 5.0, 1.46], HF_TOL);
  });

  test('get_polynomial_decay_schedule_with_warmup: {num_warmup_steps: 2, num_training_steps: 10, power: 2.0, lr_end: 1e-7}', () => {
    const schedule = warmup({
      schedule: polynomial({ initialLearningRate: LR, endLearningRate: 1e-7, power: 2.0, transitionSteps: TRAINING - WARMUP }),
      warmupSteps: WARMUP,
    });
    expectListAlmostEqual(unwrap(schedule), [0.0, 5.0, 10.0, 7.656, 5.625, 3.906, 2.5, 1.406, 0.625, 0.156], HF_TOL);
  });

  test('get_inverse_sqrt_schedule: {num_warmup_steps: 2}', () => {
    const schedule = inverseSquareRoot({ peakLearningRate: LR, warmupSteps: WARMUP });
    expectListAlmostEqual(unwrap(schedule), [0.0, 5.0, 10.0, 8.165, 7.071, 6.325, 5.774, 5.345, 5.0, 4.714], HF_TOL);
  });
});

/**
 * DERIVED, NOT PUBLISHED: the test file at the commit above has no get_wsd_schedule entry. The expected values below
 * come from get_wsd_schedule's lambda in huggingface/transformers src/transformers/optimization.py
 * @ 005edacb6b5dabbf0843e92c6623de9e07ca6241, written out here (num_cycles 0.5, m = min_lr_ratio):
 * warmup (s < W): p = s / max(1, W), f = p | 0.5 (1 - cos(pi p)) | 1 - sqrt(1 - p), multiplier max(0, f (1 - m) + m);
 * stable (s < W + S): 1; decay (s < W + S + D): p = (s - W - S) / max(1, D),
 * f = 1 - p | 0.5 (1 + cos(pi * 0.5 * 2 p)) | 1 - sqrt(p), multiplier max(0, f (1 - m) + m); after: m.
 * Setup as in ScheduleInitTest: lr 10, W 2, S 4, D 4, steps 0..11.
 */
describe('get_wsd_schedule, values derived from the HF formula (huggingface/transformers src/transformers/optimization.py @ 005edacb6b5d)', () => {
  function hfWsdMultiplier(
    s: number,
    w: number,
    stable: number,
    d: number,
    warmupType: WarmupStableDecayShape,
    decayType: WarmupStableDecayShape,
    m: number,
  ): number {
    const numCycles = 0.5;
    if (s < w) {
      const p = s / Math.max(1, w);
      const f = warmupType === 'linear' ? p : warmupType === 'cosine' ? 0.5 * (1 - Math.cos(Math.PI * p)) : 1 - Math.sqrt(1 - p);
      return Math.max(0, f * (1 - m) + m);
    }
    if (s < w + stable) return 1.0;
    if (s < w + stable + d) {
      const p = (s - w - stable) / Math.max(1, d);
      const f = decayType === 'linear' ? 1 - p : decayType === 'cosine' ? 0.5 * (1 + Math.cos(Math.PI * numCycles * 2 * p)) : 1 - Math.sqrt(p);
      return Math.max(0, f * (1 - m) + m);
    }
    return m;
  }

  const cases: readonly (readonly [WarmupStableDecayShape, WarmupStableDecayShape, number])[] = [
    ['linear', 'cosine', 0],
    ['linear', 'linear', 0],
    ['linear', '1-sqrt', 0],
    ['linear', 'cosine', 0.1],
    ['cosine', 'cosine', 0],
    ['1-sqrt', 'linear', 0.1],
  ];

  test.each(cases)('warmup_type %s, decay_type %s, min_lr_ratio %s', (warmupType, decayType, minLrRatio) => {
    const schedule = warmupStableDecay({
      peakLearningRate: LR,
      warmupSteps: 2,
      stableSteps: 4,
      decaySteps: 4,
      minLearningRateRatio: minLrRatio,
      warmupType,
      decayType,
    });
    const expected = Array.from({ length: 12 }, (_, s) => LR * hfWsdMultiplier(s, 2, 4, 4, warmupType, decayType, minLrRatio));
    expectAllClose(unwrap(schedule, 12), expected);
  });

  test('spot check against the rounded values in the research notes (cosine decay, m = 0 and m = 0.1)', () => {
    const plain = warmupStableDecay({ peakLearningRate: LR, warmupSteps: 2, stableSteps: 4, decaySteps: 4 });
    expectListAlmostEqual(unwrap(plain, 12), [0, 5, 10, 10, 10, 10, 10, 8.5355, 5.0, 1.4645, 0, 0], 1e-4);
    const floored = warmupStableDecay({ peakLearningRate: LR, warmupSteps: 2, stableSteps: 4, decaySteps: 4, minLearningRateRatio: 0.1 });
    expectListAlmostEqual(unwrap(floored, 12), [1.0, 5.5, 10, 10, 10, 10, 10, 8.682, 5.5, 2.318, 1.0, 1.0], 1e-3);
  });
});
