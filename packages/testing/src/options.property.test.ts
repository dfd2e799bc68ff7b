import type { Schedule } from '@anneal/core';
import { fc } from '@fast-check/vitest';
import { describe } from 'vitest';
import {
  builtInCallbacks,
  combinedSchedules,
  expectSchedule,
  increasingSteps,
  isNonIncreasing,
  isPiecewiseConstantAt,
  isPure,
  metricSequences,
  resumesExactly,
  respectsFloor,
  staysWithin,
  type CheckOptions,
  type CombinedScheduleOptions,
  type FloorOptions,
  type MetricSequenceOptions,
  type PiecewiseOptions,
  type ResumeOptions,
  type StepOptions,
  type WithinOptions,
} from './index.js';
import { factory, typoProof } from '../../../tooling/typo-proof.ts';

// Every function of @anneal/testing that takes an options object: any key it does not declare is refused with an
// UnknownOptionError naming it (and, for a one-edit typo, suggesting the key it came from) — never silently ignored —
// and every declared key is accepted. Each key list is checked against the options type at compile time, and
// against the list the function itself reports (`validOptions`) at run time.

const flat: Schedule = () => 0.1;
const twoPieces: Schedule = (step) => (step <= 1 ? 1 : 0.5);
const steps = { steps: fc.integer({ min: 0, max: 10 }) } satisfies Required<StepOptions>;
const quick = expectSchedule(flat, { numRuns: 5 });

describe('@anneal/testing options are typo-proof', () => {
  typoProof([
    factory<Parameters<typeof increasingSteps>[0]>('increasingSteps', { minLength: true, maxLength: true }, { minLength: 1, maxLength: 3 }, { minLength: 1, maxLength: 3 }, increasingSteps),
    factory<CombinedScheduleOptions>('combinedSchedules', { maxDepth: true }, {}, { maxDepth: 2 }, combinedSchedules),
    factory<MetricSequenceOptions>(
      'metricSequences',
      { minLength: true, maxLength: true, keys: true, withNaN: true, withInfinity: true },
      {},
      { minLength: 1, maxLength: 5, keys: ['loss'], withNaN: false, withInfinity: false },
      metricSequences,
    ),
    factory<NonNullable<Parameters<typeof builtInCallbacks>[0]>>('builtInCallbacks', { maxLength: true }, {}, { maxLength: 2 }, builtInCallbacks),
    factory<StepOptions>('isNonIncreasing', { steps: true }, {}, steps, (options) => isNonIncreasing(flat, options)),
    factory<WithinOptions>('staysWithin', { min: true, max: true, steps: true }, { min: 0, max: 1 }, { min: 0, max: 1, ...steps }, (options) => staysWithin(flat, options)),
    factory<FloorOptions>('respectsFloor', { floor: true, steps: true }, { floor: 0 }, { floor: 0, ...steps }, (options) => respectsFloor(flat, options)),
    factory<PiecewiseOptions>(
      'isPiecewiseConstantAt',
      { boundaries: true, values: true, side: true },
      { boundaries: [1], values: [1, 0.5], side: 'left' },
      { boundaries: [1], values: [1, 0.5], side: 'left' },
      (options) => isPiecewiseConstantAt(twoPieces, options),
    ),
    factory<StepOptions>('isPure', { steps: true }, {}, steps, (options) => isPure(flat, options)),
    factory<ResumeOptions>(
      'resumesExactly',
      { controller: true, metrics: true, batchesPerEpoch: true },
      { controller: () => ({ learningRate: 0.1 }) },
      { controller: () => ({ learningRate: 0.1 }), metrics: metricSequences({ maxLength: 3 }), batchesPerEpoch: fc.constant(1) },
      resumesExactly,
    ),
    factory<CheckOptions>('expectSchedule', { numRuns: true, seed: true }, {}, { numRuns: 5, seed: 1 }, (options) => expectSchedule(flat, options)),
    // The expectations take the properties' options, checked (and run, 5 cases) the same way.
    factory<StepOptions>('toBeNonIncreasing', { steps: true }, {}, steps, (options) => quick.toBeNonIncreasing(options)),
    factory<WithinOptions>('toStayWithin', { min: true, max: true, steps: true }, { min: 0, max: 1 }, { min: 0, max: 1, ...steps }, (options) => quick.toStayWithin(options)),
    factory<FloorOptions>('toRespectFloor', { floor: true, steps: true }, { floor: 0 }, { floor: 0, ...steps }, (options) => quick.toRespectFloor(options)),
    factory<PiecewiseOptions>(
      'toBePiecewiseConstantAt',
      { boundaries: true, values: true, side: true },
      { boundaries: [1], values: [1, 0.5], side: 'left' },
      { boundaries: [1], values: [1, 0.5], side: 'left' },
      (options) => expectSchedule(twoPieces, { numRuns: 5 }).toBePiecewiseConstantAt(options),
    ),
    factory<StepOptions>('toBePure', { steps: true }, {}, steps, (options) => quick.toBePure(options)),
  ]);
});
