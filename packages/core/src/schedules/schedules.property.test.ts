import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  cosineAnnealing,
  cosineDecay,
  cosineDecayRestarts,
  cyclic,
  exponential,
  exponentialDecay,
  inverseTimeDecay,
  linear,
  multiStep,
  piecewiseConstantDecay,
  polynomial,
  polynomialDecay,
  stepDecay,
  stepwise,
  type Schedule,
} from '../index.js';
import { builtInSchedules, isNonIncreasing, isPiecewiseConstantAt, scheduleOptions, staysWithin, steps } from '@anneal/testing';

/**
 * Checks a schedule with @anneal/testing's own properties — the ones users run on theirs — with a seed drawn by the
 * outer property, so every outer case probes different steps.
 */
function expectDecay(schedule: Schedule, within: { min: number; max: number; steps?: fc.Arbitrary<number> }, seed: number): void {
  const stepOption = within.steps === undefined ? {} : { steps: within.steps };
  fc.assert(isNonIncreasing(schedule, stepOption), { numRuns: 10, seed });
  fc.assert(staysWithin(schedule, { min: within.min, max: within.max, ...stepOption }), { numRuns: 10, seed });
}

const seed = fc.integer();

describe('decay schedules are non-increasing and stay within [end, initial]', () => {
  test.prop([scheduleOptions.exponentialDecay(), seed])('exponentialDecay', (options, at) => {
    expectDecay(exponentialDecay(options), { min: 0, max: options.initialLearningRate }, at);
  });
  test.prop([scheduleOptions.inverseTimeDecay(), seed])('inverseTimeDecay', (options, at) => {
    expectDecay(inverseTimeDecay(options), { min: 0, max: options.initialLearningRate }, at);
  });
  test.prop([scheduleOptions.polynomialDecay().filter((o) => !o.cycle && o.endLearningRate <= o.initialLearningRate), seed])(
    'polynomialDecay without cycle',
    (options, at) => {
      expectDecay(polynomialDecay(options), { min: options.endLearningRate, max: options.initialLearningRate }, at);
    },
  );
  test.prop([scheduleOptions.polynomialDecay().filter((o) => o.cycle && o.endLearningRate <= o.initialLearningRate), seed])(
    'polynomialDecay with cycle stays within its range',
    (options, at) => {
      fc.assert(staysWithin(polynomialDecay(options), { min: options.endLearningRate, max: options.initialLearningRate }), { numRuns: 10, seed: at });
    },
  );
  test.prop([scheduleOptions.cosineDecay().filter((o) => o.warmupTarget === null || o.warmupTarget === undefined), seed])(
    'cosineDecay without warmup',
    (options, at) => {
      expectDecay(cosineDecay(options), { min: options.alpha * options.initialLearningRate, max: options.initialLearningRate }, at);
    },
  );
  test.prop([scheduleOptions.cosineDecay().filter((o) => typeof o.warmupTarget === 'number'), seed])(
    'cosineDecay is non-increasing after its warmup',
    (options, at) => {
      const target = options.warmupTarget as number;
      const afterWarmup = steps().map((step) => step + (options.warmupSteps ?? 0));
      expectDecay(cosineDecay(options), { min: options.alpha * target, max: target, steps: afterWarmup }, at);
    },
  );
  test.prop([scheduleOptions.stepwise(), seed])('stepwise', (options, at) => {
    expectDecay(stepwise(options), { min: 0, max: options.initialLearningRate }, at);
  });
  test.prop([scheduleOptions.multiStep(), seed])('multiStep', (options, at) => {
    expectDecay(multiStep(options), { min: 0, max: options.initialLearningRate }, at);
  });
  test.prop([scheduleOptions.exponential(), seed])('exponential', (options, at) => {
    expectDecay(exponential(options), { min: 0, max: options.initialLearningRate }, at);
  });
  test.prop([scheduleOptions.polynomial().filter((o) => o.endLearningRate <= o.initialLearningRate), seed])('polynomial', (options, at) => {
    expectDecay(polynomial(options), { min: options.endLearningRate, max: options.initialLearningRate }, at);
  });
  test.prop([scheduleOptions.linear().filter((o) => o.endLearningRate <= o.initialLearningRate), seed])('linear', (options, at) => {
    expectDecay(linear(options), { min: options.endLearningRate, max: options.initialLearningRate }, at);
  });
  test.prop([scheduleOptions.stepDecay(), seed])('stepDecay', (options, at) => {
    expectDecay(stepDecay(options), { min: 0, max: options.initialLearningRate }, at);
  });
  test.prop([scheduleOptions.cosineAnnealing().filter((o) => o.etaMin <= o.initialLearningRate), seed])(
    'cosineAnnealing on [0, tMax]',
    (options, at) => {
      const firstHalfPeriod = fc.double({ min: 0, max: options.tMax, noNaN: true });
      expectDecay(cosineAnnealing(options), { min: options.etaMin, max: options.initialLearningRate, steps: firstHalfPeriod }, at);
    },
  );
  test.prop([scheduleOptions.cosineDecayRestarts(), seed])('cosineDecayRestarts within its first period', (options, at) => {
    const firstPeriod = fc.double({ min: 0, max: options.firstDecaySteps, maxExcluded: true, noNaN: true });
    expectDecay(
      cosineDecayRestarts(options),
      { min: options.alpha * options.initialLearningRate, max: options.initialLearningRate, steps: firstPeriod },
      at,
    );
  });
});

describe('piecewise values are exact at and around each boundary', () => {
  test.prop([scheduleOptions.piecewiseConstantDecay(), seed])('piecewiseConstantDecay keeps the left value AT a boundary', ({ boundaries, values }, at) => {
    fc.assert(isPiecewiseConstantAt(piecewiseConstantDecay({ boundaries, values }), { boundaries, values, side: 'left' }), { numRuns: 10, seed: at });
  });
  test.prop([scheduleOptions.multiStep(), seed])('multiStep takes the new value AT a milestone', (options, at) => {
    const values = [0, ...options.milestones].map((_, passed) => options.initialLearningRate * options.gamma ** passed);
    fc.assert(isPiecewiseConstantAt(multiStep(options), { boundaries: options.milestones, values, side: 'right' }), { numRuns: 10, seed: at });
  });
});

describe('staircase schedules are constant between integer multiples', () => {
  const staircase = fc.oneof(
    scheduleOptions.exponentialDecay().map((o) => ({ schedule: exponentialDecay({ ...o, staircase: true }), interval: o.decaySteps })),
    scheduleOptions.inverseTimeDecay().map((o) => ({ schedule: inverseTimeDecay({ ...o, staircase: true }), interval: o.decaySteps })),
    scheduleOptions.stepwise().map((o) => ({ schedule: stepwise(o), interval: o.stepSize })),
  );
  test.prop([staircase, fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    'f(k * interval + t) === f(k * interval) for t in [0, interval)',
    ({ schedule, interval }, k, position) => {
      const start = k * interval;
      const inside = start + position * interval;
      // Past the float rounding of k * interval itself, the value must not move inside the interval.
      fc.pre(Math.floor(start / interval) === k && Math.floor(inside / interval) === k);
      expect(schedule(inside)).toBe(schedule(start));
    },
  );
});

describe('cyclic schedules are periodic', () => {
  // Periodicity is checked where float steps can express it: periods from 0.01 to 1e6 steps. The extremes of the
  // option ranges are covered by the finiteness property below.
  test.prop([scheduleOptions.cyclic().map((o) => ({ ...o, mode: 'triangular' as const })).filter((o) => o.stepSizeUp + o.stepSizeDown <= 1e6 && o.stepSizeUp + o.stepSizeDown >= 0.01), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 50 })])(
    'cyclic triangular repeats every stepSizeUp + stepSizeDown',
    (options, at, cycles) => {
      const schedule = cyclic(options);
      const period = options.stepSizeUp + options.stepSizeDown;
      const value = schedule(at);
      expect(Math.abs(schedule(at + cycles * period) - value)).toBeLessThanOrEqual(1e-9 * Math.max(1, value));
    },
  );
  test.prop([scheduleOptions.cosineAnnealing().filter((o) => o.tMax <= 1e6 && o.tMax >= 0.01), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 50 })])(
    'cosineAnnealing repeats every 2 * tMax',
    (options, at, cycles) => {
      const schedule = cosineAnnealing(options);
      const value = schedule(at);
      const later = at + cycles * 2 * options.tMax;
      // The values span initialLearningRate to etaMin (either may be the larger), and the phase step / tMax carries a
      // rounding error that grows with the number of periods: the tolerance scales with both.
      const scale = Math.max(1, options.initialLearningRate, options.etaMin ?? 0);
      expect(Math.abs(schedule(later) - value)).toBeLessThanOrEqual(scale * (1e-9 + 1e-14 * (later / options.tMax)));
    },
  );
  test.prop([scheduleOptions.cosineDecayRestarts().map((o) => ({ ...o, tMul: 1, mMul: 1 })).filter((o) => o.firstDecaySteps <= 1e6 && o.firstDecaySteps >= 0.01), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 50 })])(
    'cosineDecayRestarts with tMul = mMul = 1 repeats every firstDecaySteps',
    (options, at, cycles) => {
      const schedule = cosineDecayRestarts(options);
      // At a restart the schedule jumps from its floor to its peak; a step within rounding of one may land on either
      // side, so periodicity is checked away from the jumps.
      const position = (at / options.firstDecaySteps) % 1;
      fc.pre(position > 1e-6 && position < 1 - 1e-6);
      const value = schedule(at);
      expect(Math.abs(schedule(at + cycles * options.firstDecaySteps) - value)).toBeLessThanOrEqual(1e-9 * Math.max(1, options.initialLearningRate));
    },
  );
});

describe('every schedule', () => {
  test.prop([builtInSchedules(), fc.array(steps(), { minLength: 1, maxLength: 40 })])(
    'returns a finite rate >= 0 for every valid steps(), 1e12 included',
    (schedule, at) => {
      for (const s of [...at, 1e12]) {
        const value = schedule(s);
        expect(Number.isFinite(value), `${schedule.config.name} at step ${s} gave ${value}`).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
      }
    },
  );
  test.prop([builtInSchedules(), fc.array(steps(), { minLength: 1, maxLength: 40 }), fc.integer()])(
    'is pure: the same step gives the same value, in any order',
    (schedule, at, seed) => {
      const forward = at.map((s) => schedule(s));
      const shuffled = at.map((s, index) => ({ s, index, key: Math.sin(seed + index) })).sort((a, b) => a.key - b.key);
      for (const { s, index } of shuffled) expect(schedule(s)).toBe(forward[index]);
    },
  );
  test.prop([builtInSchedules(), fc.oneof(fc.constant(Number.NaN), fc.double({ max: -1e-9, noNaN: true }), fc.constant(Number.POSITIVE_INFINITY))])(
    'rejects NaN, negative and infinite steps with InvalidStepError',
    (schedule, bad) => {
      expect(() => schedule(bad)).toThrow(expect.objectContaining({ code: 'ANNEAL_INVALID_STEP', source: schedule.config.name }));
    },
  );
});
