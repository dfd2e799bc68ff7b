import { KerasConfigError, sample, toKerasConfig, UnknownOptionError } from '@anneal/core';
import { describe, expect, test } from 'vitest';
import { articleStepDecay, articleStepDecaySettings, buildSchedule, presetOptions, SCHEDULE_NAMES, scheduleFromKerasJson } from './schedules.js';

describe('the iris presets', () => {
  test.each(SCHEDULE_NAMES)('%s builds through the core factory and gives finite rates in (0, 0.05] over the run', (name) => {
    for (const shape of [{ epochs: 200, stepsPerEpoch: 21 }, { epochs: 12, stepsPerEpoch: 21 }, { epochs: 1, stepsPerEpoch: 21 }]) {
      const schedule = buildSchedule(name, presetOptions(name, shape));
      expect(schedule.config.name).toBe(name);
      const rates = sample(schedule, { steps: shape.epochs * shape.stepsPerEpoch });
      for (const rate of rates) expect(rate).toBeLessThanOrEqual(0.05);
      expect(Math.max(...rates)).toBeGreaterThan(0);
    }
  });

  test("exponentialDecay is the article's own", () => {
    expect(presetOptions('exponentialDecay', { epochs: 200, stepsPerEpoch: 21 })).toEqual({ initialLearningRate: 1e-2, decaySteps: 10_000, decayRate: 0.96 });
  });

  test('a bad option is the core error naming it; an unknown name lists the valid ones', () => {
    expect(() => buildSchedule('cosineDecay', { initialLearningRate: 0.1, decaySteps: 10, decaySTeps: 3 })).toThrow(UnknownOptionError);
    expect(() => buildSchedule('cosine', {})).toThrow(/unknown schedule 'cosine'; one of exponentialDecay/);
  });
});

describe('Keras JSON', () => {
  test('every Keras-class preset goes to Keras JSON and back to the same rates', () => {
    for (const name of ['exponentialDecay', 'piecewiseConstantDecay', 'polynomialDecay', 'inverseTimeDecay', 'cosineDecay', 'cosineDecayRestarts'] as const) {
      const schedule = buildSchedule(name, presetOptions(name, { epochs: 30, stepsPerEpoch: 21 }));
      const back = scheduleFromKerasJson(JSON.stringify(toKerasConfig(schedule)));
      expect(Array.from(sample(back, { steps: 630 }))).toEqual(Array.from(sample(schedule, { steps: 630 })));
    }
  });

  test('bad JSON is a SyntaxError, a bad config the core KerasConfigError', () => {
    expect(() => scheduleFromKerasJson('{')).toThrow(SyntaxError);
    expect(() => scheduleFromKerasJson('{"class_name":"ExponentialDecay","config":{"initial_learning_rate":0.1,"decay_steps":0,"decay_rate":0.5}}')).toThrow(KerasConfigError);
  });
});

test("the article's step decay: held for half the run, then halved every tenth of the hold", () => {
  expect(articleStepDecaySettings(200)).toEqual({ initialLearningRate: 0.01, drop: 0.5, epochsDrop: 10, delayEpochs: 100 });
  const decay = articleStepDecay(articleStepDecaySettings(200));
  expect([0, 99, 100, 108, 109, 119].map((epoch) => decay(epoch))).toEqual([0.01, 0.01, 0.01, 0.01, 0.005, 0.0025]);
});
