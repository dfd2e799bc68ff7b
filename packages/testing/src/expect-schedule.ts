import { checkOptionKeys, type Schedule } from '@anneal/core';
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
  /** Checks {@link isNonIncreasing}: the rate never rises from one step to a later one (steps from `options.steps`). */
  toBeNonIncreasing(options?: StepOptions): void;
  /** Checks {@link staysWithin}: every rate lies in `[options.min, options.max]` (a decay between floor and start). */
  toStayWithin(options: WithinOptions): void;
  /** Checks {@link respectsFloor}: the rate never drops below `options.floor` (a `minLr`, `etaMin`, `alpha · initial`). */
  toRespectFloor(options: FloorOptions): void;
  /**
   * Checks {@link isPiecewiseConstantAt}: the rate is exactly `options.values[i]` on each piece — at each boundary
   * (on `options.side`), just before it and just after it.
   */
  toBePiecewiseConstantAt(options: PiecewiseOptions): void;
  /** Checks {@link isPure}: a step always gives the same rate, whatever was asked before and in whatever order. */
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
  checkOptionKeys({ source: 'expectSchedule', options, validKeys: ['numRuns', 'seed'] });
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
