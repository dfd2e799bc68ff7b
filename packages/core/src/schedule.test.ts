import { describe, expect, test } from 'vitest';
import { InvalidOptionError, InvalidStepError, chain, constant, cosineDecay, exponentialDecay, inverseSquareRoot, join, multiStep, piecewiseConstantDecay, sample, toKerasConfig, warmup } from './index.js';

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

describe('configs', () => {
  test('are frozen all the way down: arrays and child configs cannot be edited away from what the schedule computes', () => {
    const piecewise = piecewiseConstantDecay({ boundaries: [1000], values: [1, 0.5] });
    const options = piecewise.config.options;
    expect(Object.isFrozen(options.boundaries)).toBe(true);
    expect(Object.isFrozen(options.values)).toBe(true);
    expect(() => (options.boundaries as number[]).push(2000)).toThrow(TypeError);
    expect(toKerasConfig(piecewise).config['boundaries']).toEqual([1000]);
    const joined = join({ schedules: [constant({ learningRate: 1 }), () => 0.5], boundaries: [5] });
    expect(Object.isFrozen(joined.config.options.schedules)).toBe(true);
    const plain = joined.config.options.schedules[1];
    expect(plain).toEqual({ name: 'function', options: {} });
    expect(Object.isFrozen(plain) && Object.isFrozen(plain?.options)).toBe(true);
  });

  test('an array with holes is refused at the hole, not read as a shorter array', () => {
    expect(() => piecewiseConstantDecay({ boundaries: [10, , 30] as number[], values: [1, 0.5, 0.25, 0.1] })).toThrow(/'boundaries\[1\]' must be a finite number/);
    expect(() => multiStep({ initialLearningRate: 0.1, milestones: [10, , 30] as number[] })).toThrow(InvalidOptionError);
    expect(() => chain({ schedules: [constant({ learningRate: 1 }), , constant({ learningRate: 1 })] as never })).toThrow(/'schedules\[1\]' must be a schedule/);
  });
});

describe('warmups at the extremes of their options', () => {
  // Keras and Hugging Face scale the rise by the fraction of the warmup done; rise · step first would overflow.
  test.each([
    ['warmup', () => warmup({ schedule: constant({ learningRate: 1e300 }), warmupSteps: 1e15 })],
    ['cosineDecay', () => cosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1e300, warmupSteps: 1e15 })],
    ['inverseSquareRoot', () => inverseSquareRoot({ peakLearningRate: 1e300, warmupSteps: 1e15 })],
  ])('%s: 1e300 over 1e15 warmup steps is 1e297 at step 1e12', (_name, build) => {
    expect(build()(1e12)).toBeCloseTo(1e297, -285);
    expect(Number.isFinite(build()(1e12))).toBe(true);
  });
});
