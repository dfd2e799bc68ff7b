import { describe, expectTypeOf, test } from 'vitest';
import {
  AnnealError,
  cosineDecay,
  exponentialDecay,
  fromKerasConfig,
  join,
  piecewiseConstantDecay,
  sample,
  toKerasConfig,
  warmup,
  type ConfiguredSchedule,
  type ExponentialDecayConfig,
  type ExponentialDecayOptions,
  type KerasScheduleConfig,
  type Schedule,
  type ScheduleConfig,
  type SerializedKerasSchedule,
} from './index.js';

describe('public types', () => {
  test('a built-in schedule is a Schedule carrying its named, resolved config', () => {
    const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
    expectTypeOf(schedule).toMatchTypeOf<Schedule>();
    expectTypeOf(schedule).toEqualTypeOf<ConfiguredSchedule<'exponentialDecay', ExponentialDecayConfig>>();
    expectTypeOf(schedule.config.name).toEqualTypeOf<'exponentialDecay'>();
    expectTypeOf(schedule.config.options.staircase).toEqualTypeOf<boolean>();
    expectTypeOf(schedule.config).toMatchTypeOf<ScheduleConfig>();
    expectTypeOf(schedule).parameter(0).toEqualTypeOf<number>();
    expectTypeOf(schedule).returns.toEqualTypeOf<number>();
  });

  test('options are one readonly object with Keras names; required and optional keys are enforced', () => {
    expectTypeOf<ExponentialDecayOptions>().toHaveProperty('initialLearningRate').toEqualTypeOf<number>();
    expectTypeOf<ExponentialDecayOptions['staircase']>().toEqualTypeOf<boolean | undefined>();
    // @ts-expect-error decayRate is required
    exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10 });
    // @ts-expect-error snake_case Keras names are not options
    exponentialDecay({ initial_learning_rate: 0.1, decaySteps: 10, decayRate: 0.5 });
    // @ts-expect-error values must be numbers
    piecewiseConstantDecay({ boundaries: [1], values: ['1', '2'] });
    // @ts-expect-error warmupTarget is a number or null
    cosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: '1' });
  });

  test('combinators take any (step) => number and return a configured schedule', () => {
    const plain = (step: number): number => 1 / (1 + step);
    expectTypeOf(warmup({ schedule: plain, warmupSteps: 10 })).toMatchTypeOf<Schedule>();
    expectTypeOf(join({ schedules: [plain, plain], boundaries: [5] }).config.name).toEqualTypeOf<'join'>();
    // @ts-expect-error a schedule takes the step as a number
    warmup({ schedule: (step: string) => Number(step), warmupSteps: 10 });
  });

  test('Keras interop', () => {
    expectTypeOf(fromKerasConfig).parameter(0).toEqualTypeOf<KerasScheduleConfig>();
    expectTypeOf(fromKerasConfig({ class_name: 'CosineDecay', config: {} })).toMatchTypeOf<Schedule>();
    expectTypeOf(toKerasConfig).returns.toEqualTypeOf<SerializedKerasSchedule>();
    expectTypeOf<SerializedKerasSchedule['registered_name']>().toEqualTypeOf<null>();
    expectTypeOf(sample).returns.toEqualTypeOf<Float64Array>();
  });

  test('errors share a base class with a literal-typed code', () => {
    expectTypeOf<AnnealError['code']>().toEqualTypeOf<
      | 'ANNEAL_INVALID_OPTION'
      | 'ANNEAL_UNKNOWN_OPTION'
      | 'ANNEAL_INVALID_STEP'
      | 'ANNEAL_INVALID_LEARNING_RATE'
      | 'ANNEAL_KERAS_CONFIG'
      | 'ANNEAL_NOT_KERAS_SERIALIZABLE'
      | 'ANNEAL_LEARNING_RATE_CONFLICT'
      | 'ANNEAL_EVENT_ORDER'
      | 'ANNEAL_CALLBACK'
      | 'ANNEAL_SNAPSHOT'
    >();
  });
});
