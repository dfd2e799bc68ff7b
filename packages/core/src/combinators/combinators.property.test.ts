import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { chain, clamp, constant, delay, join, warmup, type ConfiguredSchedule } from '../index.js';
import { builtInSchedules, increasingSteps, learningRates, steps } from '@anneal/testing';

const warmupSteps = fc.integer({ min: 1, max: 10_000 });

describe('warmup', () => {
  test.prop([builtInSchedules(), warmupSteps, learningRates(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 20 })])(
    'linear warmup is non-decreasing up to the schedule when it starts below it',
    (schedule, steps, initial, positions) => {
      fc.pre(initial <= schedule(0));
      const wrapped = warmup({ schedule, warmupSteps: steps, initialLearningRate: initial });
      const at = positions.map((p) => p * steps).sort((a, b) => a - b);
      for (let index = 1; index < at.length; index++) {
        const before = wrapped(at[index - 1] as number);
        expect(wrapped(at[index] as number)).toBeGreaterThanOrEqual(before - 1e-12 * Math.max(1, before));
      }
      expect(wrapped(0)).toBe(initial);
      expect(wrapped(steps)).toBe(schedule(0));
    },
  );
  test.prop([builtInSchedules(), warmupSteps, learningRates(), steps()])('after the warmup the schedule runs from its own step 0', (schedule, steps, initial, at) => {
    for (const type of ['linear', 'constant'] as const) {
      const wrapped = warmup({ schedule, warmupSteps: steps, initialLearningRate: initial, type });
      // The schedule sees exactly `step - warmupSteps`, float rounding included.
      expect(wrapped(steps + at)).toBe(schedule(steps + at - steps));
    }
  });
  test.prop([builtInSchedules(), warmupSteps, learningRates(), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    'constant warmup holds its learningRates()',
    (schedule, steps, initial, position) => {
      expect(warmup({ schedule, warmupSteps: steps, initialLearningRate: initial, type: 'constant' })(position * steps)).toBe(initial);
    },
  );
});

describe('join', () => {
  const pieces = increasingSteps({ minLength: 1, maxLength: 5 }).chain((boundaries) =>
    fc.record({
      boundaries: fc.constant(boundaries.map((b) => b + 1)),
      schedules: fc.array(builtInSchedules(), { minLength: boundaries.length + 1, maxLength: boundaries.length + 1 }),
    }),
  );
  test.prop([pieces, fc.double({ min: 1e-6, max: 0.999, noNaN: true })])(
    'switches exactly at its boundaries, and each piece sees steps from its own 0',
    ({ boundaries, schedules }, epsilon) => {
      const joined = join({ schedules, boundaries });
      const starts = [0, ...boundaries];
      boundaries.forEach((boundary, index) => {
        const next = schedules[index + 1] as ConfiguredSchedule;
        const current = schedules[index] as ConfiguredSchedule;
        expect(joined(boundary)).toBe(next(0));
        expect(joined(boundary + epsilon)).toBe(next(boundary + epsilon - boundary));
        expect(joined(boundary - epsilon)).toBe(current(boundary - epsilon - (starts[index] as number)));
      });
    },
  );
});

describe('delay, chain and clamp', () => {
  test.prop([builtInSchedules(), fc.integer({ min: 0, max: 10_000 }), steps()])('delay holds schedule(0), then shifts', (schedule, steps, at) => {
    const delayed = delay({ schedule, delaySteps: steps });
    expect(delayed(at)).toBe(at < steps ? schedule(0) : schedule(at - steps));
  });
  test.prop([fc.array(builtInSchedules(), { minLength: 1, maxLength: 4 }), steps()])('chain is the product of its schedules', (schedules, at) => {
    const expected = schedules.reduce((product, schedule) => product * schedule(at), 1);
    expect(chain({ schedules })(at)).toBe(expected);
  });
  test.prop([builtInSchedules(), learningRates(), learningRates(), steps()])('clamp stays within its bounds and is the identity inside them', (schedule, a, b, at) => {
    const [minLearningRate, maxLearningRate] = a <= b ? [a, b] : [b, a];
    const value = clamp({ schedule, minLearningRate, maxLearningRate })(at);
    expect(value).toBeGreaterThanOrEqual(minLearningRate);
    expect(value).toBeLessThanOrEqual(maxLearningRate);
    const raw = schedule(at);
    if (raw >= minLearningRate && raw <= maxLearningRate) expect(value).toBe(raw);
  });
  test.prop([learningRates(), steps()])('combinators accept plain functions and record them as such', (learningRate, at) => {
    const plain = (s: number): number => learningRate / (1 + s);
    const wrapped = clamp({ schedule: plain, minLearningRate: 0 });
    expect(wrapped(at)).toBe(plain(at));
    expect(wrapped.config.options.schedule).toEqual({ name: 'function', options: {} });
    expect(join({ schedules: [plain, constant({ learningRate })], boundaries: [10] }).config.options.schedules[1]).toEqual({
      name: 'constant',
      options: { learningRate },
    });
  });
});
