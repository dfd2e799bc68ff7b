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
import { builtInSchedules, scheduleOptions, steps } from '@anneal/testing';

/** Rounding slack for comparisons of values computed along different float paths. */
const slack = (value: number): number => 1e-12 * Math.max(1, Math.abs(value));

function expectNonIncreasingWithin(schedule: Schedule, steps: readonly number[], low: number, high: number): void {
  const sorted = [...steps].sort((a, b) => a - b);
  let previous = Number.POSITIVE_INFINITY;
  for (const at of sorted) {
    const value = schedule(at);
    expect(value).toBeLessThanOrEqual(previous + slack(previous));
    expect(value).toBeGreaterThanOrEqual(low - slack(low));
    expect(value).toBeLessThanOrEqual(high + slack(high));
    previous = value;
  }
}

const stepLists = fc.array(steps(), { minLength: 2, maxLength: 30 });

describe('decay schedules are non-increasing and stay within [end, initial]', () => {
  test.prop([scheduleOptions.exponentialDecay(), stepLists])('exponentialDecay', (options, at) => {
    expectNonIncreasingWithin(exponentialDecay(options), at, 0, options.initialLearningRate);
  });
  test.prop([scheduleOptions.inverseTimeDecay(), stepLists])('inverseTimeDecay', (options, at) => {
    expectNonIncreasingWithin(inverseTimeDecay(options), at, 0, options.initialLearningRate);
  });
  test.prop([scheduleOptions.polynomialDecay().filter((o) => !o.cycle && o.endLearningRate <= o.initialLearningRate), stepLists])(
    'polynomialDecay without cycle',
    (options, at) => {
      expectNonIncreasingWithin(polynomialDecay(options), at, options.endLearningRate, options.initialLearningRate);
    },
  );
  test.prop([scheduleOptions.polynomialDecay().filter((o) => o.cycle && o.endLearningRate <= o.initialLearningRate), stepLists])(
    'polynomialDecay with cycle stays within its range',
    (options, at) => {
      const schedule = polynomialDecay(options);
      for (const s of at) {
        expect(schedule(s)).toBeGreaterThanOrEqual(options.endLearningRate - slack(options.endLearningRate));
        expect(schedule(s)).toBeLessThanOrEqual(options.initialLearningRate + slack(options.initialLearningRate));
      }
    },
  );
  test.prop([scheduleOptions.cosineDecay().filter((o) => o.warmupTarget === null || o.warmupTarget === undefined), stepLists])(
    'cosineDecay without warmup',
    (options, at) => {
      const alpha = options.alpha;
      expectNonIncreasingWithin(cosineDecay(options), at, alpha * options.initialLearningRate, options.initialLearningRate);
    },
  );
  test.prop([scheduleOptions.cosineDecay().filter((o) => typeof o.warmupTarget === 'number'), stepLists])(
    'cosineDecay is non-increasing after its warmup',
    (options, at) => {
      const target = options.warmupTarget as number;
      const after = at.map((s) => s + (options.warmupSteps ?? 0));
      expectNonIncreasingWithin(cosineDecay(options), after, options.alpha * target, target);
    },
  );
  test.prop([scheduleOptions.stepwise(), stepLists])('stepwise', (options, at) => {
    expectNonIncreasingWithin(stepwise(options), at, 0, options.initialLearningRate);
  });
  test.prop([scheduleOptions.multiStep(), stepLists])('multiStep', (options, at) => {
    expectNonIncreasingWithin(multiStep(options), at, 0, options.initialLearningRate);
  });
  test.prop([scheduleOptions.exponential(), stepLists])('exponential', (options, at) => {
    expectNonIncreasingWithin(exponential(options), at, 0, options.initialLearningRate);
  });
  test.prop([scheduleOptions.polynomial().filter((o) => o.endLearningRate <= o.initialLearningRate), stepLists])('polynomial', (options, at) => {
    expectNonIncreasingWithin(polynomial(options), at, options.endLearningRate, options.initialLearningRate);
  });
  test.prop([scheduleOptions.linear().filter((o) => o.endLearningRate <= o.initialLearningRate), stepLists])('linear', (options, at) => {
    expectNonIncreasingWithin(linear(options), at, options.endLearningRate, options.initialLearningRate);
  });
  test.prop([scheduleOptions.stepDecay(), stepLists])('stepDecay', (options, at) => {
    expectNonIncreasingWithin(stepDecay(options), at, 0, options.initialLearningRate);
  });
  test.prop([scheduleOptions.cosineAnnealing().filter((o) => o.etaMin <= o.initialLearningRate), stepLists])(
    'cosineAnnealing on [0, tMax]',
    (options, at) => {
      const within = at.map((s) => s % (options.tMax + 1)).map((s) => Math.min(s, options.tMax));
      expectNonIncreasingWithin(cosineAnnealing(options), within, options.etaMin, options.initialLearningRate);
    },
  );
  test.prop([scheduleOptions.cosineDecayRestarts(), stepLists])('cosineDecayRestarts within one period', (options, at) => {
    const within = at.map((s) => s % options.firstDecaySteps);
    expectNonIncreasingWithin(cosineDecayRestarts(options), within, options.alpha * options.initialLearningRate, options.initialLearningRate);
  });
});

describe('piecewise values are exact at and around each boundary', () => {
  test.prop([scheduleOptions.piecewiseConstantDecay(), fc.double({ min: 1e-6, max: 0.999, noNaN: true })])(
    'piecewiseConstantDecay keeps the left value AT a boundary',
    ({ boundaries, values }, epsilon) => {
      const schedule = piecewiseConstantDecay({ boundaries, values });
      boundaries.forEach((boundary, index) => {
        expect(schedule(boundary)).toBe(values[index]);
        expect(schedule(boundary + epsilon)).toBe(values[index + 1]);
        if (boundary - epsilon >= 0) expect(schedule(boundary - epsilon)).toBe(values[index]);
      });
      expect(schedule(0)).toBe(boundaries[0] === 0 ? values[0] : values[0]);
    },
  );
  test.prop([scheduleOptions.multiStep(), fc.double({ min: 1e-6, max: 0.999, noNaN: true })])(
    'multiStep takes the new value AT a milestone',
    (options, epsilon) => {
      const schedule = multiStep(options);
      options.milestones.forEach((milestone, index) => {
        expect(schedule(milestone)).toBe(options.initialLearningRate * options.gamma ** (index + 1));
        if (milestone - epsilon >= 0) expect(schedule(milestone - epsilon)).toBe(options.initialLearningRate * options.gamma ** index);
      });
    },
  );
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
  test.prop([scheduleOptions.cyclic().map((o) => ({ ...o, mode: 'triangular' as const })), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 50 })])(
    'cyclic triangular repeats every stepSizeUp + stepSizeDown',
    (options, at, cycles) => {
      const schedule = cyclic(options);
      const period = options.stepSizeUp + options.stepSizeDown;
      const value = schedule(at);
      expect(Math.abs(schedule(at + cycles * period) - value)).toBeLessThanOrEqual(1e-9 * Math.max(1, value));
    },
  );
  test.prop([scheduleOptions.cosineAnnealing(), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 50 })])(
    'cosineAnnealing repeats every 2 * tMax',
    (options, at, cycles) => {
      const schedule = cosineAnnealing(options);
      const value = schedule(at);
      expect(Math.abs(schedule(at + cycles * 2 * options.tMax) - value)).toBeLessThanOrEqual(1e-9 * Math.max(1, options.initialLearningRate));
    },
  );
  test.prop([scheduleOptions.cosineDecayRestarts().map((o) => ({ ...o, tMul: 1, mMul: 1 })), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 50 })])(
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
