import fc from 'fast-check';
import {
  constant,
  cosineAnnealing,
  cosineAnnealingWarmRestarts,
  cosineDecay,
  cosineDecayRestarts,
  cyclic,
  exponential,
  exponentialDecay,
  inverseSquareRoot,
  inverseTimeDecay,
  linear,
  multiStep,
  oneCycle,
  piecewiseConstantDecay,
  polynomial,
  polynomialDecay,
  stepDecay,
  stepwise,
  warmupStableDecay,
  type ConfiguredSchedule,
} from '../index.js';

/** A learning rate as users write them: 1e-6 … 10, plus exact zero now and then. */
export const rate: fc.Arbitrary<number> = fc.oneof(
  { weight: 9, arbitrary: fc.double({ min: 1e-6, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constant(0) },
);
export const fraction: fc.Arbitrary<number> = fc.double({ min: 0, max: 1, noNaN: true });
export const positiveSteps: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0.5, max: 1e5, noNaN: true }));
/** Steps a schedule may be asked about, from 0 to 1e12, integral and fractional. */
export const step: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.integer({ min: 0, max: 10_000_000 }),
  fc.double({ min: 0, max: 1e6, noNaN: true }),
  fc.constantFrom(0, 1e9, 1e12),
);
export const increasingSteps = (minLength: number, maxLength: number): fc.Arbitrary<number[]> =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: 100_000 }), { minLength, maxLength })
    .map((values) => values.sort((a, b) => a - b));

/** Keras decay options whose schedules are non-increasing and stay within [end, initial]. */
export const exponentialDecayOptions = fc.record({
  initialLearningRate: rate,
  decaySteps: positiveSteps,
  decayRate: fraction,
  staircase: fc.boolean(),
});
export const inverseTimeDecayOptions = fc.record({
  initialLearningRate: rate,
  decaySteps: positiveSteps,
  decayRate: fc.double({ min: 0, max: 100, noNaN: true }),
  staircase: fc.boolean(),
});
export const polynomialDecayOptions = fc.record({
  initialLearningRate: rate,
  decaySteps: positiveSteps,
  endLearningRate: rate,
  power: fc.double({ min: 0, max: 5, noNaN: true }),
  cycle: fc.boolean(),
});
export const piecewiseConstantDecayOptions = increasingSteps(1, 6).chain((boundaries) =>
  fc.record({
    boundaries: fc.constant(boundaries),
    values: fc.array(rate, { minLength: boundaries.length + 1, maxLength: boundaries.length + 1 }),
  }),
);
export const cosineDecayOptions = fc.record(
  {
    initialLearningRate: rate,
    decaySteps: positiveSteps,
    alpha: fraction,
    warmupTarget: fc.option(rate, { nil: null }),
    warmupSteps: fc.integer({ min: 0, max: 10_000 }),
  },
  { requiredKeys: ['initialLearningRate', 'decaySteps', 'alpha'] },
).map((options) => (options.warmupTarget === null || options.warmupTarget === undefined ? { ...options, warmupSteps: 0 } : options));
export const cosineDecayRestartsOptions = fc.record({
  initialLearningRate: rate,
  firstDecaySteps: positiveSteps,
  tMul: fc.oneof(fc.constant(1), fc.constant(2), fc.double({ min: 1, max: 4, noNaN: true })),
  mMul: fraction,
  alpha: fraction,
});

/** Every Keras schedule with arbitrary valid options. */
export const kerasSchedule: fc.Arbitrary<ConfiguredSchedule> = fc.oneof(
  exponentialDecayOptions.map(exponentialDecay),
  inverseTimeDecayOptions.map(inverseTimeDecay),
  polynomialDecayOptions.map(polynomialDecay),
  piecewiseConstantDecayOptions.map(piecewiseConstantDecay),
  cosineDecayOptions.map(cosineDecay),
  cosineDecayRestartsOptions.map(cosineDecayRestarts),
);

export const stepwiseOptions = fc.record({ initialLearningRate: rate, stepSize: positiveSteps, gamma: fraction });
export const multiStepOptions = fc.record({ initialLearningRate: rate, milestones: increasingSteps(1, 6), gamma: fraction });
export const exponentialOptions = fc.record(
  {
    initialLearningRate: rate,
    decayRate: fraction,
    transitionSteps: positiveSteps,
    transitionBegin: fc.integer({ min: 0, max: 1000 }),
    staircase: fc.boolean(),
  },
  { requiredKeys: ['initialLearningRate', 'decayRate'] },
);
export const polynomialOptions = fc.record({
  initialLearningRate: rate,
  endLearningRate: rate,
  power: fc.double({ min: 0, max: 5, noNaN: true }),
  transitionSteps: positiveSteps,
  transitionBegin: fc.integer({ min: 0, max: 1000 }),
});
export const linearOptions = fc.record({
  initialLearningRate: rate,
  endLearningRate: rate,
  transitionSteps: positiveSteps,
  transitionBegin: fc.integer({ min: 0, max: 1000 }),
});
export const cosineAnnealingOptions = fc.record({ initialLearningRate: rate, tMax: positiveSteps, etaMin: rate });
export const cosineAnnealingWarmRestartsOptions = fc.record({
  initialLearningRate: rate,
  t0: positiveSteps,
  tMult: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 4 }), fc.double({ min: 1, max: 3, noNaN: true })),
  etaMin: rate,
});
export const cyclicOptions = fc
  .record({
    baseLearningRate: rate,
    extra: rate,
    stepSizeUp: fc.integer({ min: 1, max: 5000 }),
    stepSizeDown: fc.integer({ min: 1, max: 5000 }),
    mode: fc.constantFrom('triangular' as const, 'triangular2' as const, 'exp_range' as const),
    gamma: fc.double({ min: 0.5, max: 1, noNaN: true }),
  })
  .map(({ extra, baseLearningRate, ...rest }) => ({ baseLearningRate, maxLearningRate: baseLearningRate + extra, ...rest }));
export const oneCycleOptions = fc
  .record({
    maxLearningRate: fc.double({ min: 1e-4, max: 10, noNaN: true }),
    totalSteps: fc.integer({ min: 20, max: 100_000 }),
    pctStart: fc.double({ min: 0.1, max: 0.45, noNaN: true }),
    annealStrategy: fc.constantFrom('cos' as const, 'linear' as const),
    divFactor: fc.double({ min: 1, max: 100, noNaN: true }),
    finalDivFactor: fc.double({ min: 1, max: 1e5, noNaN: true }),
    threePhase: fc.boolean(),
  });
export const warmupStableDecayOptions = fc.record({
  peakLearningRate: rate,
  warmupSteps: fc.integer({ min: 0, max: 5000 }),
  stableSteps: fc.integer({ min: 0, max: 5000 }),
  decaySteps: fc.integer({ min: 0, max: 5000 }),
  minLearningRateRatio: fraction,
  warmupType: fc.constantFrom('linear' as const, 'cosine' as const, '1-sqrt' as const),
  decayType: fc.constantFrom('linear' as const, 'cosine' as const, '1-sqrt' as const),
});
export const inverseSquareRootOptions = fc.record(
  { peakLearningRate: rate, warmupSteps: fc.integer({ min: 0, max: 10_000 }), timescale: positiveSteps },
  { requiredKeys: ['peakLearningRate'] },
);
export const stepDecayOptions = fc.record({ initialLearningRate: rate, drop: fraction, epochsDrop: positiveSteps });

/** Every built-in schedule (no combinators), with arbitrary valid options. */
export const builtInSchedule: fc.Arbitrary<ConfiguredSchedule> = fc.oneof(
  kerasSchedule,
  rate.map((learningRate) => constant({ learningRate })),
  stepwiseOptions.map(stepwise),
  multiStepOptions.map(multiStep),
  exponentialOptions.map(exponential),
  polynomialOptions.map(polynomial),
  linearOptions.map(linear),
  cosineAnnealingOptions.map(cosineAnnealing),
  cosineAnnealingWarmRestartsOptions.map(cosineAnnealingWarmRestarts),
  cyclicOptions.map(cyclic),
  oneCycleOptions.map(oneCycle),
  warmupStableDecayOptions.map(warmupStableDecay),
  inverseSquareRootOptions.map(inverseSquareRoot),
  stepDecayOptions.map(stepDecay),
);
