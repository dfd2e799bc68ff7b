import type { ConfiguredSchedule, ConstantOptions, ExponentialDecayOptions, Callback, Logs } from '@anneal/core';
import type fc from 'fast-check';
import { describe, expectTypeOf, test } from 'vitest';
import {
  builtInCallbacks,
  builtInSchedules,
  combinedSchedules,
  expectSchedule,
  isPiecewiseConstantAt,
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
    expectTypeOf(scheduleOptions.constant()).toEqualTypeOf<fc.Arbitrary<Drawn<ConstantOptions>>>();
    expectTypeOf(combinedSchedules()).toEqualTypeOf<fc.Arbitrary<ConfiguredSchedule>>();
    expectTypeOf(combinedSchedules({ maxDepth: 2 })).toEqualTypeOf<fc.Arbitrary<ConfiguredSchedule>>();
  });
  test('properties plug into fc.assert; expectations are one line', () => {
    expectTypeOf(isNonIncreasing((step: number) => 1 / (1 + step))).toMatchTypeOf<fc.IPropertyWithHooks<[number[]]>>();
    expectTypeOf(expectSchedule((step: number) => step)).toEqualTypeOf<ScheduleExpectation>();
    // One fraction per boundary and side: where "just before" and "just after" probe.
    expectTypeOf(isPiecewiseConstantAt((step: number) => step, { boundaries: [1], values: [1, 0.5], side: 'left' })).toEqualTypeOf<
      fc.IPropertyWithHooks<[number[]]>
    >();
    // @ts-expect-error resumesExactly needs a factory of controller options
    resumesExactly({ controller: { learningRate: 0.1 } });
    // @ts-expect-error a schedule takes a number
    expectSchedule((step: string) => Number(step));
  });
});
