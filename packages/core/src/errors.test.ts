import { describe, expect, test } from 'vitest';
import * as anneal from './index.js';
import {
  AnnealError,
  InvalidOptionError,
  UnknownOptionError,
  chain,
  clamp,
  constant,
  cosineDecay,
  cosineDecayRestarts,
  cyclic,
  delay,
  exponentialDecay,
  inverseTimeDecay,
  join,
  oneCycle,
  piecewiseConstantDecay,
  polynomialDecay,
  warmup,
} from './index.js';

const base = constant({ learningRate: 0.1 });

/** [factory call, option named in the error, rule fragment] */
const invalid: [string, () => unknown, string, string][] = [
  ['negative rate', () => exponentialDecay({ initialLearningRate: -0.1, decaySteps: 10, decayRate: 0.5 }), 'initialLearningRate', '>= 0'],
  ['NaN rate', () => exponentialDecay({ initialLearningRate: Number.NaN, decaySteps: 10, decayRate: 0.5 }), 'initialLearningRate', 'finite'],
  ['infinite rate', () => inverseTimeDecay({ initialLearningRate: Number.POSITIVE_INFINITY, decaySteps: 10, decayRate: 0.5 }), 'initialLearningRate', 'finite'],
  ['decaySteps 0', () => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 }), 'decaySteps', '>= 1e-6'],
  ['negative decaySteps', () => polynomialDecay({ initialLearningRate: 0.1, decaySteps: -5 }), 'decaySteps', '>= 1e-6'],
  ['absurdly long decay', () => cosineDecay({ initialLearningRate: 0.1, decaySteps: 1e300 }), 'decaySteps', '<= 1e15'],
  ['restart periods growing too fast', () => cosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 10, tMul: 1e308 }), 'tMul', '<= 1000'],
  ['growth rate', () => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 1.5 }), 'decayRate', '<= 1'],
  ['power < 0', () => polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, power: -1 }), 'power', '>= 0'],
  ['unsorted boundaries', () => piecewiseConstantDecay({ boundaries: [10, 5], values: [1, 2, 3] }), 'boundaries[1]', '> boundaries[0]'],
  ['duplicate boundaries', () => piecewiseConstantDecay({ boundaries: [5, 5], values: [1, 2, 3] }), 'boundaries[1]', 'no duplicates'],
  ['wrong values length', () => piecewiseConstantDecay({ boundaries: [5, 10], values: [1, 2] }), 'values', 'one more value'],
  ['string where a number goes', () => cosineDecay({ initialLearningRate: '0.1' as unknown as number, decaySteps: 10 }), 'initialLearningRate', 'finite number'],
  ['boolean option given a number', () => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: 1 as unknown as boolean }), 'staircase', 'true or false'],
  ['missing required option', () => cosineDecay({ initialLearningRate: 0.1 } as never), 'decaySteps', 'is required'],
  ['alpha above 1', () => cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, alpha: 2 }), 'alpha', '<= 1'],
  ['warmup target NaN', () => warmup({ schedule: () => Number.NaN, warmupSteps: 5 }), 'schedule', 'at step 0'],
  ['delay of a negative rate', () => delay({ schedule: () => -1, delaySteps: 5 }), 'schedule', 'at step 0'],
  ['tMul below 1', () => cosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 10, tMul: 0.5 }), 'tMul', '>= 1'],
  ['mMul above 1', () => cosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 10, mMul: 4 }), 'mMul', '<= 1'],
  ['max below base', () => cyclic({ baseLearningRate: 0.1, maxLearningRate: 0.01 }), 'maxLearningRate', 'baseLearningRate'],
  ['unknown cyclic mode', () => cyclic({ baseLearningRate: 0.1, maxLearningRate: 1, mode: 'sawtooth' as never }), 'mode', "'triangular'"],
  ['empty one-cycle phase', () => oneCycle({ maxLearningRate: 0.1, totalSteps: 3, pctStart: 0.2 }), 'pctStart', 'empty phase'],
  ['fractional totalSteps', () => oneCycle({ maxLearningRate: 0.1, totalSteps: 10.5 }), 'totalSteps', 'integer'],
  ['warmup without schedule', () => warmup({ warmupSteps: 10 } as never), 'schedule', 'schedule'],
  ['constant warmup without rate', () => warmup({ schedule: base, warmupSteps: 10, type: 'constant' }), 'initialLearningRate', "type 'constant'"],
  ['join with too few boundaries', () => join({ schedules: [base, base, base], boundaries: [5] }), 'boundaries', 'one boundary fewer'],
  ['chain of nothing', () => chain({ schedules: [] }), 'schedules', 'at least 1'],
  ['clamp with max below min', () => clamp({ schedule: base, minLearningRate: 0.5, maxLearningRate: 0.1 }), 'maxLearningRate', 'minLearningRate'],
  ['delay of a number', () => delay({ schedule: 0.1 as never, delaySteps: 10 }), 'schedule', 'function'],
  ['options not an object', () => exponentialDecay(null as never), 'options', 'options object'],
];

describe('bad options fail at construction with a typed error naming option, value and rule', () => {
  test.each(invalid)('%s', (_label, build, option, rule) => {
    let caught: unknown;
    try {
      build();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidOptionError);
    const error = caught as InvalidOptionError;
    expect(error).toBeInstanceOf(AnnealError);
    expect(error.code).toBe('ANNEAL_INVALID_OPTION');
    expect(error.option).toBe(option);
    expect(error.rule).toContain(rule);
    expect(error.message).toContain(`'${option}'`);
    expect(error.message).toContain(rule);
  });
});

describe('unknown options', () => {
  test('a typo is rejected with the nearest valid key', () => {
    expect(() => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, stairCase: true } as never)).toThrow(
      "exponentialDecay: unknown option 'stairCase' — did you mean 'staircase'?",
    );
  });
  test('a key far from every option lists the valid ones', () => {
    let caught: unknown;
    try {
      constant({ learningRate: 0.1, momentum: 0.9 } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownOptionError);
    expect((caught as UnknownOptionError).suggestion).toBeUndefined();
    expect((caught as UnknownOptionError).message).toContain("valid options are 'learningRate'");
  });
  test('snake_case Keras names point at their camelCase spelling', () => {
    expect(() => polynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, end_learning_rate: 0 } as never)).toThrow(
      /did you mean 'endLearningRate'\?/,
    );
  });
});

describe('every error class is exported and carries a stable code', () => {
  test.each([
    ['InvalidOptionError', 'ANNEAL_INVALID_OPTION'],
    ['UnknownOptionError', 'ANNEAL_UNKNOWN_OPTION'],
    ['InvalidStepError', 'ANNEAL_INVALID_STEP'],
    ['InvalidLearningRateError', 'ANNEAL_INVALID_LEARNING_RATE'],
    ['KerasConfigError', 'ANNEAL_KERAS_CONFIG'],
    ['NotKerasSerializableError', 'ANNEAL_NOT_KERAS_SERIALIZABLE'],
  ])('%s', (name, code) => {
    const ErrorClass = (anneal as unknown as Record<string, new (...args: never[]) => AnnealError>)[name];
    expect(ErrorClass).toBeTypeOf('function');
    expect(ErrorClass?.prototype).toBeInstanceOf(AnnealError);
    const thrown = {
      InvalidOptionError: () => exponentialDecay({ initialLearningRate: -1, decaySteps: 1, decayRate: 0.5 }),
      UnknownOptionError: () => constant({ learningRate: 1, lr: 1 } as never),
      InvalidStepError: () => constant({ learningRate: 1 })(-1),
      InvalidLearningRateError: () => anneal.sample(() => Number.NaN, { steps: 1 }),
      KerasConfigError: () => anneal.fromKerasConfig({ class_name: 'Nope', config: {} }),
      NotKerasSerializableError: () => anneal.toKerasConfig(constant({ learningRate: 1 })),
    }[name];
    expect(thrown).toThrow(expect.objectContaining({ code, name }));
  });
});
