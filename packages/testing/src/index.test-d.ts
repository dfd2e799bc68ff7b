import type { ConfiguredSchedule, ExponentialDecayOptions, Callback, Logs } from '@anneal/core';
import type fc from 'fast-check';
import { describe, expectTypeOf, test } from 'vitest';
import {
  builtInCallbacks,
  builtInSchedules,
  expectSchedule,
  isNonIncreasing,
  metricSequences,
  resumesExactly,
  scheduleOptions,
  type Drawn,
  type ScheduleExpectation,
} from './index.js';

describe('@anneal/testing types', () => {
  test('arbitraries', () => {
    expectTypeOf(builtInSchedules()).toEqualTypeOf<fc.Arbitrary<ConfiguredSchedule>>();
    expectTypeOf(builtInCallbacks()).toEqualTypeOf<fc.Arbitrary<Callback[]>>();
    expectTypeOf(metricSequences()).toEqualTypeOf<fc.Arbitrary<Logs[]>>();
    expectTypeOf(scheduleOptions.exponentialDecay()).toEqualTypeOf<fc.Arbitrary<Drawn<ExponentialDecayOptions>>>();
    expectTypeOf<Drawn<ExponentialDecayOptions>['staircase']>().toEqualTypeOf<boolean>();
  });
  test('properties plug into fc.assert; expectations are one line', () => {
    expectTypeOf(isNonIncreasing((step: number) => 1 / (1 + step))).toMatchTypeOf<fc.IPropertyWithHooks<[number[]]>>();
    expectTypeOf(expectSchedule((step: number) => step)).toEqualTypeOf<ScheduleExpectation>();
    // @ts-expect-error resumesExactly needs a factory of controller options
    resumesExactly({ controller: { learningRate: 0.1 } });
    // @ts-expect-error a schedule takes a number
    expectSchedule((step: string) => Number(step));
  });
});
