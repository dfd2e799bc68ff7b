import {
  cosineDecay,
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
import {
  builtInSchedules,
  expectSchedule,
  isNonIncreasing,
  isPiecewiseConstantAt,
  isPure,
  kerasSchedules,
  metricSequences,
  respectsFloor,
  resumesExactly,
  staysWithin,
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
  test('Keras schedules are the six Keras classes', () => {
    fc.assert(
      fc.property(kerasSchedules(), (schedule) =>
        ['exponentialDecay', 'piecewiseConstantDecay', 'polynomialDecay', 'inverseTimeDecay', 'cosineDecay', 'cosineDecayRestarts'].includes(
          schedule.config.name,
        ),
      ),
    );
  });
  test('metric sequences carry the requested keys and NaN only when asked', () => {
    fc.assert(fc.property(metricSequences({ keys: ['loss'], withNaN: false }), (epochs) => epochs.every((logs) => Number.isFinite(logs['loss']))));
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
