import {
  constant,
  cosineDecay,
  type Schedule,
  cyclic,
  exponentialDecay,
  multiStep,
  piecewiseConstantDecay,
  reduceLROnPlateau,
  earlyStopping,
  modelCheckpoint,
  learningRateScheduler,
  type Callback,
} from '@anneal/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ChildConfig } from '@anneal/core';
import {
  builtInSchedules,
  combinedSchedules,
  expectSchedule,
  isNonIncreasing,
  isPiecewiseConstantAt,
  isPure,
  kerasSchedules,
  metricSequences,
  respectsFloor,
  resumesExactly,
  scheduleOptions,
  staysWithin,
  steps,
} from './index.js';

/** The failure report of a property run, the underlying error's message included (fast-check keeps it as `cause`). */
function failureOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return `${(error as Error).message}\n${cause instanceof Error ? cause.message : ''}`;
  }
  return 'passed';
}

// Every property must pass on a schedule that has it and fail on one that does not.
describe('schedule properties', () => {
  const decay = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
  const wave = cyclic({ baseLearningRate: 0.01, maxLearningRate: 0.1, stepSizeUp: 10 });

  test('isNonIncreasing', () => {
    expect(() => fc.assert(isNonIncreasing(decay))).not.toThrow();
    expect(failureOf(() => fc.assert(isNonIncreasing(wave)))).toMatch(/rate rises/);
  });
  test('staysWithin', () => {
    expect(() => fc.assert(staysWithin(wave, { min: 0.01, max: 0.1 }))).not.toThrow();
    expect(failureOf(() => fc.assert(staysWithin(wave, { min: 0.01, max: 0.05 })))).toMatch(/outside/);
  });
  test('respectsFloor', () => {
    const withAlpha = cosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 0.2 });
    expect(() => fc.assert(respectsFloor(withAlpha, { floor: 0.02 }))).not.toThrow();
    expect(failureOf(() => fc.assert(respectsFloor(decay, { floor: 1e-3 })))).toMatch(/below the floor/);
  });
  test('isPiecewiseConstantAt tells the boundary sides apart', () => {
    const keras = piecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
    const torch = multiStep({ initialLearningRate: 1, milestones: [10, 20], gamma: 0.5 });
    expect(() => fc.assert(isPiecewiseConstantAt(keras, { boundaries: [10, 20], values: [1, 0.5, 0.1], side: 'left' }))).not.toThrow();
    expect(() => fc.assert(isPiecewiseConstantAt(keras, { boundaries: [10, 20], values: [1, 0.5, 0.1], side: 'right' }))).toThrow();
    expect(() => fc.assert(isPiecewiseConstantAt(torch, { boundaries: [10, 20], values: [1, 0.5, 0.25], side: 'right' }))).not.toThrow();
  });
  test('isPiecewiseConstantAt passes correct schedules whose boundaries are less than one step apart', () => {
    const keras = piecewiseConstantDecay({ boundaries: [1, 1.5], values: [1, 0.5, 0.1] });
    const torch = multiStep({ initialLearningRate: 1, milestones: [1, 1.5], gamma: 0.5 });
    expect(() => fc.assert(isPiecewiseConstantAt(keras, { boundaries: [1, 1.5], values: [1, 0.5, 0.1], side: 'left' }))).not.toThrow();
    expect(() => fc.assert(isPiecewiseConstantAt(torch, { boundaries: [1, 1.5], values: [1, 0.5, 0.25], side: 'right' }))).not.toThrow();
    const dense = [0, 1e-6, 0.001, 0.5, 0.5000001, 1, 1.5];
    const denseValues = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
    expect(() => fc.assert(isPiecewiseConstantAt(piecewiseConstantDecay({ boundaries: dense, values: denseValues }), { boundaries: dense, values: denseValues, side: 'left' }))).not.toThrow();
  });
  test('isPiecewiseConstantAt passes correct schedules with boundaries at 1e12 … 1e15', () => {
    const boundaries = [1e12, 1e12 + 0.5, 2e12, 1e15 - 1, 1e15];
    const values = [1, 0.5, 0.25, 0.125, 0.0625, 0.03125];
    const keras = piecewiseConstantDecay({ boundaries, values });
    const torch = multiStep({ initialLearningRate: 1, milestones: boundaries, gamma: 0.5 });
    expect(() => fc.assert(isPiecewiseConstantAt(keras, { boundaries, values, side: 'left' }))).not.toThrow();
    expect(() => fc.assert(isPiecewiseConstantAt(torch, { boundaries, values, side: 'right' }))).not.toThrow();
  });
  test('isPiecewiseConstantAt holds for every piecewise schedule the arbitraries draw', () => {
    fc.assert(
      fc.property(scheduleOptions.piecewiseConstantDecay(), (options) => {
        fc.assert(isPiecewiseConstantAt(piecewiseConstantDecay(options), { ...options, side: 'left' }), { numRuns: 20 });
      }),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(scheduleOptions.multiStep(), (options) => {
        const values = [0, ...options.milestones].map((_, passed) => options.initialLearningRate * options.gamma ** passed);
        fc.assert(isPiecewiseConstantAt(multiStep(options), { boundaries: options.milestones, values, side: 'right' }), { numRuns: 20 });
      }),
      { numRuns: 50 },
    );
  });
  test('isPiecewiseConstantAt still fails schedules that switch late or floor the step', () => {
    // Switches 0.25 after the first boundary: every "just after 1" probe lies in (1, 1.25).
    const late: Schedule = (step) => (step <= 1.25 ? 1 : step <= 1.5 ? 0.5 : 0.1);
    expect(failureOf(() => fc.assert(isPiecewiseConstantAt(late, { boundaries: [1, 1.5], values: [1, 0.5, 0.1], side: 'left' })))).toMatch(
      /the piece is 0\.5/,
    );
    // Flooring the step puts every fractional step of the second piece back on the first.
    const floored: Schedule = (step) => (Math.floor(step) <= 1 ? 1 : 0.1);
    expect(() => fc.assert(isPiecewiseConstantAt(floored, { boundaries: [1, 1.5], values: [1, 0.5, 0.1], side: 'left' }))).toThrow();
    // One step late at 1e12: the probe just after the boundary (under one step) sees the old piece.
    const lateAtScale: Schedule = (step) => (step <= 1e12 + 1 ? 1 : 0.5);
    expect(failureOf(() => fc.assert(isPiecewiseConstantAt(lateAtScale, { boundaries: [1e12], values: [1, 0.5], side: 'left' })))).toMatch(
      /the piece is 0\.5/,
    );
    // The wrong side at 1e15 is seen at the boundary itself.
    const right = multiStep({ initialLearningRate: 1, milestones: [1e15], gamma: 0.5 });
    expect(failureOf(() => fc.assert(isPiecewiseConstantAt(right, { boundaries: [1e15], values: [1, 0.5], side: 'left' })))).toMatch(/the piece is 1\b/);
  });
  test('isPiecewiseConstantAt rejects boundaries that are not increasing', () => {
    expect(() => isPiecewiseConstantAt(decay, { boundaries: [2, 1], values: [1, 0.5, 0.1], side: 'left' })).toThrow(/strictly increasing/);
    expect(() => isPiecewiseConstantAt(decay, { boundaries: [Number.NaN], values: [1, 0.5], side: 'left' })).toThrow(/finite/);
    // Keras accepts negative boundaries; steps below 0 are simply not probed.
    const negative = piecewiseConstantDecay({ boundaries: [-5, 0, 2], values: [1, 0.5, 0.25, 0.125] });
    expect(() => fc.assert(isPiecewiseConstantAt(negative, { boundaries: [-5, 0, 2], values: [1, 0.5, 0.25, 0.125], side: 'left' }))).not.toThrow();
  });
  test.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['a negative rate', -0.01],
    ['a string', '0.1'],
    ['undefined', undefined],
  ])('every schedule property fails a schedule that gives %s', (_, bad) => {
    // Fine for the first 1000 steps, then not a learning rate: the steps drawn reach past 1000 in every property.
    const broken = ((step: number) => (step < 1000 ? 0.1 / (1 + step) : bad)) as Schedule;
    const always = (() => bad) as unknown as Schedule;
    const message = /not a learning rate: expected a finite number >= 0/;
    expect(failureOf(() => fc.assert(isNonIncreasing(broken)))).toMatch(message);
    expect(failureOf(() => fc.assert(isNonIncreasing(always)))).toMatch(message);
    expect(failureOf(() => fc.assert(staysWithin(broken, { min: -1, max: 1 })))).toMatch(message);
    expect(failureOf(() => fc.assert(respectsFloor(broken, { floor: 0 })))).toMatch(message);
    expect(failureOf(() => fc.assert(respectsFloor(always, { floor: -1 })))).toMatch(message);
    expect(failureOf(() => fc.assert(isPure(broken)))).toMatch(message);
    expect(failureOf(() => fc.assert(isPure(always)))).toMatch(message);
    expect(failureOf(() => fc.assert(isPiecewiseConstantAt(always, { boundaries: [10], values: [1, 0.5], side: 'left' })))).toMatch(message);
    expect(failureOf(() => expectSchedule(always).toBeNonIncreasing())).toMatch(message);
  });
  test('isPure', () => {
    let calls = 0;
    expect(() => fc.assert(isPure(decay))).not.toThrow();
    expect(failureOf(() => fc.assert(isPure(() => 0.1 / ++calls)))).toMatch(/then/);
  });
  test('expectSchedule runs the same checks in one line', () => {
    expect(() => expectSchedule(decay).toBeNonIncreasing()).not.toThrow();
    expect(() => expectSchedule(wave, { numRuns: 50 }).toBeNonIncreasing()).toThrow(/Property failed/);
    expect(() => expectSchedule(decay).toStayWithin({ min: 0, max: 0.1 })).not.toThrow();
    expect(() => expectSchedule(decay).toBePure()).not.toThrow();
  });
});

describe('arbitraries', () => {
  test('every built-in schedule they draw is valid and finite', () => {
    fc.assert(fc.property(builtInSchedules(), fc.nat(1e7), (schedule, step) => Number.isFinite(schedule(step)) && schedule(step) >= 0));
  });
  test('constant options build constant schedules', () => {
    fc.assert(fc.property(scheduleOptions.constant(), steps(), (options, step) => constant(options)(step) === options.learningRate));
  });
  test('step counts reach the extremes of [1e-6, 1e15] now and then, ordinary counts dominate', () => {
    const drawn = fc.sample(scheduleOptions.stepwise().map((options) => options.stepSize), { numRuns: 3000, seed: 1 });
    expect(drawn.every((size) => Number.isFinite(size) && size >= 1e-6 && size <= 1e15)).toBe(true);
    expect(drawn.some((size) => size < 1e-3)).toBe(true);
    expect(drawn.some((size) => size >= 1e12)).toBe(true);
    expect(drawn.filter((size) => size >= 1 && size <= 1e5).length).toBeGreaterThan(drawn.length * 0.8);
    const multipliers = fc.sample(scheduleOptions.cosineDecayRestarts().map((options) => options.tMul), { numRuns: 3000, seed: 1 });
    expect(multipliers.every((tMul) => tMul >= 1 && tMul <= 1000)).toBe(true);
    expect(multipliers.some((tMul) => tMul > 4)).toBe(true);
  });
  test('boundaries and milestones are strictly increasing in [0, 1e15], fractional and huge ones included', () => {
    const drawn = fc.sample(scheduleOptions.piecewiseConstantDecay().map((options) => options.boundaries), { numRuns: 3000, seed: 1 });
    expect(drawn.every((b) => b.every((x, i) => Number.isFinite(x) && x >= 0 && x <= 1e15 && (i === 0 || x > (b[i - 1] as number))))).toBe(true);
    expect(drawn.some((b) => b.some((x) => !Number.isInteger(x)))).toBe(true);
    expect(drawn.some((b) => b.some((x) => x >= 1e12))).toBe(true);
    expect(drawn.some((b) => b.includes(0))).toBe(true);
  });
  test('combined schedules are trees of combinators up to depth 3, valid and finite', () => {
    const combinators = ['warmup', 'join', 'chain', 'clamp', 'delay'];
    const depth = (config: ChildConfig): number => {
      const options = config.options as { schedule?: ChildConfig; schedules?: readonly ChildConfig[] };
      const children = options.schedules ?? (options.schedule === undefined ? [] : [options.schedule]);
      return (combinators.includes(config.name) ? 1 : 0) + Math.max(0, ...children.map(depth));
    };
    fc.assert(
      fc.property(combinedSchedules(), fc.array(steps(), { minLength: 1, maxLength: 5 }), (schedule, drawn) => {
        expect(combinators).toContain(schedule.config.name);
        expect(depth(schedule.config)).toBeGreaterThanOrEqual(1);
        expect(depth(schedule.config)).toBeLessThanOrEqual(3);
        for (const step of drawn) {
          const value = schedule(step);
          expect(Number.isFinite(value) && value >= 0, `${JSON.stringify(schedule.config)} at step ${step} gives ${value}`).toBe(true);
        }
      }),
    );
    const depths = fc.sample(combinedSchedules().map((schedule) => depth(schedule.config)), { numRuns: 500, seed: 1 });
    expect(new Set(depths)).toEqual(new Set([1, 2, 3]));
    expect(fc.sample(combinedSchedules({ maxDepth: 1 }).map((schedule) => depth(schedule.config)), { numRuns: 100, seed: 1 }).every((d) => d === 1)).toBe(true);
    expect(() => combinedSchedules({ maxDepth: 0 })).toThrow(RangeError);
  });
  test('Keras schedules are the six Keras classes', () => {
    fc.assert(
      fc.property(kerasSchedules(), (schedule) =>
        ['exponentialDecay', 'piecewiseConstantDecay', 'polynomialDecay', 'inverseTimeDecay', 'cosineDecay', 'cosineDecayRestarts'].includes(
          schedule.config.name,
        ),
      ),
    );
  });
  test('metric sequences carry the requested keys, and NaN and ±Infinity only when asked', () => {
    fc.assert(fc.property(metricSequences({ keys: ['loss'], withNaN: false, withInfinity: false }), (epochs) => epochs.every((logs) => Number.isFinite(logs['loss']))));
    fc.assert(fc.property(metricSequences({ keys: ['loss'], withNaN: false }), (epochs) => epochs.every((logs) => !Number.isNaN(logs['loss']))));
    fc.assert(fc.property(metricSequences({ keys: ['loss'], withInfinity: false }), (epochs) => epochs.every((logs) => Math.abs(logs['loss'] as number) !== Infinity)));
    // By default both appear in a run of draws: the sequences a diverging run reports.
    const values = fc.sample(metricSequences({ keys: ['loss'] }), { numRuns: 300, seed: 1 }).flat().map((logs) => logs['loss'] as number);
    expect(values.some(Number.isNaN)).toBe(true);
    expect(values.some((value) => Math.abs(value) === Infinity)).toBe(true);
  });
});

describe('resumesExactly', () => {
  test('holds for the built-in callbacks', () => {
    fc.assert(
      resumesExactly({
        controller: () => ({
          learningRate: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.7 }),
          callbacks: [
            reduceLROnPlateau({ monitor: 'val_loss', patience: 1, cooldown: 1, verbose: 1 }),
            earlyStopping({ monitor: 'loss', patience: 2, restoreBestWeights: true }),
            modelCheckpoint({ monitor: 'val_acc', saveBestOnly: true, saveFreq: 3 }),
            learningRateScheduler((epoch, lr) => (epoch % 4 === 3 ? lr * 0.9 : lr)),
          ],
        }),
      }),
    );
  });
  test('catches a callback that keeps state outside its state', () => {
    const leaky = (): Callback<null> => {
      let epochsSeen = 0;
      return {
        name: 'leaky',
        setsLearningRate: true,
        initialState: null,
        onEpochEnd: () => ({ learningRate: 0.1 / ++epochsSeen }),
      };
    };
    expect(failureOf(() => fc.assert(resumesExactly({ controller: () => ({ learningRate: 0.1, callbacks: [leaky()] }) })))).toMatch(/diverges/);
  });
});

describe('a property cannot pass vacuously', () => {
  // Rises without bound: no honest bound or piecewise layout holds for it.
  const rising = (step: number): number => 0.001 * (1 + step);

  test('staysWithin refuses a NaN, missing or inverted bound instead of passing every schedule', () => {
    expect(() => staysWithin(rising, { min: 0, max: Number.NaN })).toThrow(/min and max must be numbers with min <= max/);
    expect(() => staysWithin(rising, { min: 0 } as never)).toThrow(/min and max must be numbers/);
    expect(() => staysWithin(rising, { min: 1, max: 0 })).toThrow(/min <= max/);
    expect(() => fc.assert(staysWithin(rising, { min: 0, max: 1 }), { seed: 1 })).toThrow(/Property failed/);
  });

  test('isPiecewiseConstantAt refuses empty boundaries, and checks the last piece when every boundary is negative', () => {
    expect(() => isPiecewiseConstantAt(rising, { boundaries: [], values: [0.1], side: 'left' })).toThrow(/at least one boundary/);
    expect(() => fc.assert(isPiecewiseConstantAt(rising, { boundaries: [-5], values: [0.1, 0.001], side: 'left' }), { seed: 1 })).toThrow(/Property failed/);
    const negative = piecewiseConstantDecay({ boundaries: [-5], values: [0.1, 0.001] });
    fc.assert(isPiecewiseConstantAt(negative, { boundaries: [-5], values: [0.1, 0.001], side: 'left' }), { seed: 1 });
  });

  test('metricSequences with only a minLength above the default maximum draws sequences that long', () => {
    fc.assert(fc.property(metricSequences({ minLength: 40 }), (epochs) => epochs.length >= 40), { numRuns: 20, seed: 1 });
  });
});
