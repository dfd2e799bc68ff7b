import { describe, expect, test } from 'vitest';
import { InvalidStepError, cosineDecay, exponentialDecay, piecewiseConstantDecay, sample } from './index.js';

describe('calling a schedule', () => {
  const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });

  test('fractional steps are evaluated on the continuous formula, as Keras does', () => {
    expect(schedule(5)).toBe(0.1 * 0.5 ** 0.5);
    expect(schedule(2.5)).toBe(0.1 * 0.5 ** 0.25);
  });
  test.each([
    ['NaN', Number.NaN],
    ['a negative step', -1],
    ['-0.5', -0.5],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a numeric string', '5'],
    ['undefined', undefined],
    ['a bigint', 5n],
  ])('%s throws InvalidStepError naming the schedule and the step', (_label, step) => {
    let caught: unknown;
    try {
      schedule(step as number);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidStepError);
    expect((caught as InvalidStepError).source).toBe('exponentialDecay');
    expect((caught as InvalidStepError).step).toBe(step);
  });
  test('-0 is step 0', () => {
    expect(schedule(-0)).toBe(0.1);
  });
  test('a schedule carries a frozen, JSON-safe config with defaults resolved', () => {
    expect(schedule.config).toEqual({
      name: 'exponentialDecay',
      options: { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: false, name: 'ExponentialDecay' },
    });
    expect(Object.isFrozen(schedule.config)).toBe(true);
    expect(Object.isFrozen(schedule.config.options)).toBe(true);
    expect(JSON.parse(JSON.stringify(schedule.config))).toEqual(schedule.config);
  });
  test('mutating the options array after construction does not change the schedule', () => {
    const boundaries = [10, 20];
    const values = [1, 0.5, 0.1];
    const piecewise = piecewiseConstantDecay({ boundaries, values });
    boundaries[0] = 100;
    values[0] = 7;
    expect(piecewise(15)).toBe(0.5);
    expect(piecewise(5)).toBe(1);
  });
});

describe('sample', () => {
  test('evaluates consecutive steps from start into a Float64Array', () => {
    const schedule = cosineDecay({ initialLearningRate: 1, decaySteps: 4 });
    const values = sample(schedule, { steps: 5 });
    expect(values).toBeInstanceOf(Float64Array);
    expect(Array.from(values)).toEqual([0, 1, 2, 3, 4].map(schedule));
    expect(Array.from(sample(schedule, { steps: 2, start: 3 }))).toEqual([schedule(3), schedule(4)]);
    expect(sample(schedule, { steps: 0 }).length).toBe(0);
  });
  test('a user function returning NaN or a negative rate is an error naming the step', () => {
    expect(() => sample((step) => (step === 3 ? Number.NaN : 0.1), { steps: 10 })).toThrow(/returned NaN at step 3/);
    expect(() => sample((step) => 0.1 - step, { steps: 10 })).toThrow(/at step 1/);
  });
  test('bad sample options are typed errors', () => {
    expect(() => sample(() => 1, { steps: 1.5 })).toThrow(/'steps' must be an integer/);
    expect(() => sample(1 as never, { steps: 1 })).toThrow(/'schedule' must be a schedule/);
  });
});
