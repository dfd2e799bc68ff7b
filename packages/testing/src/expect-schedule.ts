import type { Schedule } from '@anneal/core';
import fc from 'fast-check';
import {
  isNonIncreasing,
  isPiecewiseConstantAt,
  isPure,
  respectsFloor,
  staysWithin,
  type FloorOptions,
  type PiecewiseOptions,
  type StepOptions,
  type WithinOptions,
} from './properties.js';

/**
 * How many cases each check runs, and from which seed. Default: fast-check's global settings.
 *
 * @example
 * ```ts
 * import { expectSchedule, type CheckOptions } from '@anneal/testing';
 * const thorough: CheckOptions = { numRuns: 5000, seed: 42 };
 * expectSchedule((step) => 0.1 / (1 + step), thorough).toBeNonIncreasing();
 * ```
 */
export interface CheckOptions {
  readonly numRuns?: number;
  readonly seed?: number;
}

/**
 * One-line checks of a schedule, usable in any test runner: each runs the property with `fc.assert` and throws
 * fast-check's report (counterexample, seed, path) when it fails.
 *
 * @example
 * ```ts
 * import { test } from 'vitest';
 * import { expectSchedule } from '@anneal/testing';
 * test('my decay', () => {
 *   const mine = (step: number) => 0.1 / (1 + 0.01 * step);
 *   expectSchedule(mine).toBeNonIncreasing();
 *   expectSchedule(mine).toStayWithin({ min: 0, max: 0.1 });
 *   expectSchedule(mine).toBePure();
 * });
 * ```
 */
export interface ScheduleExpectation {
  toBeNonIncreasing(options?: StepOptions): void;
  toStayWithin(options: WithinOptions): void;
  toRespectFloor(options: FloorOptions): void;
  toBePiecewiseConstantAt(options: PiecewiseOptions): void;
  toBePure(options?: StepOptions): void;
}

/**
 * Wraps a schedule for the {@link ScheduleExpectation} checks.
 *
 * @example
 * ```ts
 * import { exponentialDecay } from '@anneal/core';
 * import { expectSchedule } from '@anneal/testing';
 * expectSchedule(exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.9 }), { numRuns: 500 }).toBeNonIncreasing();
 * ```
 */
export function expectSchedule(schedule: Schedule, options: CheckOptions = {}): ScheduleExpectation {
  if (typeof schedule !== 'function') throw new TypeError('expectSchedule: expected a schedule, a function (step) => number');
  const parameters: fc.Parameters<unknown> = {
    ...(options.numRuns === undefined ? {} : { numRuns: options.numRuns }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
  const check = (property: fc.IPropertyWithHooks<never>): void => fc.assert(property as fc.IPropertyWithHooks<unknown[]>, parameters);
  return {
    toBeNonIncreasing: (stepOptions) => check(isNonIncreasing(schedule, stepOptions) as never),
    toStayWithin: (within) => check(staysWithin(schedule, within) as never),
    toRespectFloor: (floor) => check(respectsFloor(schedule, floor) as never),
    toBePiecewiseConstantAt: (pieces) => check(isPiecewiseConstantAt(schedule, pieces) as never),
    toBePure: (stepOptions) => check(isPure(schedule, stepOptions) as never),
  };
}
