import {
  checkOptionKeys,
  earlyStopping,
  learningRateScheduler,
  modelCheckpoint,
  reduceLROnPlateau,
  type Callback,
  chain,
  clamp,
  constant,
  delay,
  join,
  warmup,
  type ChainOptions,
  type ClampOptions,
  type ConstantOptions,
  type DelayOptions,
  type JoinOptions,
  type WarmupOptions,
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
  type CosineAnnealingOptions,
  type CosineAnnealingWarmRestartsOptions,
  type CosineDecayOptions,
  type CosineDecayRestartsOptions,
  type CyclicOptions,
  type ExponentialDecayOptions,
  type ExponentialOptions,
  type InverseSquareRootOptions,
  type InverseTimeDecayOptions,
  type LinearOptions,
  type Logs,
  type MultiStepOptions,
  type OneCycleOptions,
  type PiecewiseConstantDecayOptions,
  type PolynomialDecayOptions,
  type PolynomialOptions,
  type StepDecayOptions,
  type StepwiseOptions,
  type WarmupStableDecayOptions,
} from '@anneal/core';
import fc from 'fast-check';

/**
 * Learning rates as people write them: 1e-6 … 10, and exactly 0 now and then.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { learningRates } from '@anneal/testing';
 * fc.assert(fc.property(learningRates(), (rate) => rate >= 0));
 * ```
 */
export function learningRates(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 9, arbitrary: fc.double({ min: 1e-6, max: 10, noNaN: true }) },
    { weight: 1, arbitrary: fc.constant(0) },
  );
}

/**
 * Steps a schedule may be asked about: small and large integers, fractional steps, and the far end (1e9, 1e12).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { steps } from '@anneal/testing';
 * fc.assert(fc.property(steps(), (step) => Number.isFinite(step) && step >= 0));
 * ```
 */
export function steps(): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: 0, max: 1000 }),
    fc.integer({ min: 0, max: 10_000_000 }),
    fc.double({ min: 0, max: 1e6, noNaN: true }),
    fc.constantFrom(0, 1e9, 1e12),
  );
}

const fraction = (): fc.Arbitrary<number> => fc.double({ min: 0, max: 1, noNaN: true });

/** The largest step count (and boundary) a step-count option accepts. */
const MAX_STEPS = 1e15;
/** The smallest positive step count a step-count option accepts. */
const MIN_STEPS = 1e-6;

/**
 * Step-count options (`decaySteps`, `stepSize`, `tMax`, …): any finite number in [1e-6, 1e15]. Ordinary counts
 * dominate; about one draw in ten is an extreme — 1e-6, a tiny fraction, or 1e9 … 1e15.
 */
const stepCount = (): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 100_000 }) },
    { weight: 3, arbitrary: fc.double({ min: 0.5, max: 1e5, noNaN: true }) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constantFrom(MIN_STEPS, 1e-3, 0.5, 1e12, MAX_STEPS),
        fc.double({ min: MIN_STEPS, max: 0.5, noNaN: true }),
        fc.double({ min: 1e9, max: MAX_STEPS, noNaN: true }),
      ),
    },
  );

/** A step-count option that may also be 0 (the phases of `warmupStableDecay`, a `delay`). */
const stepCountOrZero = (): fc.Arbitrary<number> => fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 9, arbitrary: stepCount() });

/** `tMul` / `tMult`: 1 and 2 mostly, any real in [1, 4], and now and then up to 1000. */
const periodMultiplier = (): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(1, 2) },
    { weight: 2, arbitrary: fc.integer({ min: 2, max: 4 }) },
    { weight: 3, arbitrary: fc.double({ min: 1, max: 4, noNaN: true }) },
    { weight: 1, arbitrary: fc.oneof(fc.constant(1000), fc.double({ min: 1, max: 1000, noNaN: true })) },
  );

/** One boundary or milestone: a step in [0, 1e15], mostly an ordinary integer, sometimes fractional or huge. */
const boundaryStep = (): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 100_000 }) },
    { weight: 2, arbitrary: fc.double({ min: 0, max: 1e5, noNaN: true }) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constantFrom(0, MIN_STEPS, 0.5, 1e12, MAX_STEPS),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 1e9, max: MAX_STEPS, noNaN: true }),
      ),
    },
  );

/** Strictly increasing boundaries in [0, 1e15]: integer ones mostly ({@link increasingSteps}), else fractional and huge mixed. */
const increasingBoundaries = (options: { readonly minLength: number; readonly maxLength: number }): fc.Arbitrary<number[]> =>
  fc.oneof(
    { weight: 2, arbitrary: increasingSteps(options) },
    {
      weight: 1,
      arbitrary: fc
        // -0 and 0 are one step: compare with SameValueZero so they never appear together.
        .uniqueArray(boundaryStep().map((step) => step + 0), { ...options, comparator: 'SameValueZero' })
        .map((values) => values.sort((a, b) => a - b)),
    },
  );

/**
 * Strictly increasing integer steps, for boundaries and milestones.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { increasingSteps } from '@anneal/testing';
 * fc.assert(fc.property(increasingSteps({ minLength: 2, maxLength: 5 }), (b) => b.every((x, i) => i === 0 || x > b[i - 1]!)));
 * ```
 */
export function increasingSteps(options: { readonly minLength: number; readonly maxLength: number }): fc.Arbitrary<number[]> {
  checkOptionKeys({ source: 'increasingSteps', options, validKeys: ['minLength', 'maxLength'] });
  return fc
    .uniqueArray(fc.integer({ min: 0, max: 100_000 }), options)
    .map((values) => values.sort((a, b) => a - b));
}

/**
 * Options as the arbitraries draw them: every option present (Keras's `name` aside), so properties can read them.
 *
 * @example
 * ```ts
 * import type { ExponentialDecayOptions } from '@anneal/core';
 * import type { Drawn } from '@anneal/testing';
 * const drawn: Drawn<ExponentialDecayOptions> = { initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: false };
 * ```
 */
export type Drawn<Options> = Required<Omit<Options, 'name'>>;

/**
 * Valid options for every built-in schedule factory, keyed by factory name: the domain a property ranges over.
 * Decay options are drawn so that the schedules decay (rates in [0, 1], end below start is NOT forced: filter if
 * your property needs it). Below, "a rate" is drawn by {@link learningRates} (1e-6 … 10, now and then 0) and "a step
 * count" is any number in [1e-6, 1e15], mostly an ordinary count, about one draw in ten an extreme.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { exponentialDecay } from '@anneal/core';
 * import { scheduleOptions } from '@anneal/testing';
 * fc.assert(fc.property(scheduleOptions.exponentialDecay(), (options) => exponentialDecay(options)(0) === options.initialLearningRate));
 * ```
 */
export const scheduleOptions: {
  /** `learningRate`: a rate. */
  readonly constant: () => fc.Arbitrary<Drawn<ConstantOptions>>;
  /** A rate, `decaySteps` a step count, `decayRate` in [0, 1], either `staircase`. */
  readonly exponentialDecay: () => fc.Arbitrary<Drawn<ExponentialDecayOptions>>;
  /** A rate, `decaySteps` a step count, `decayRate` in [0, 100], either `staircase`. */
  readonly inverseTimeDecay: () => fc.Arbitrary<Drawn<InverseTimeDecayOptions>>;
  /** Initial and end rates drawn apart (end may be higher), `decaySteps` a step count, `power` in [0, 5], either `cycle`. */
  readonly polynomialDecay: () => fc.Arbitrary<Drawn<PolynomialDecayOptions>>;
  /** 1 … 6 increasing `boundaries` (mostly integers, else fractional or up to 1e15), a rate per piece as `values`. */
  readonly piecewiseConstantDecay: () => fc.Arbitrary<Drawn<PiecewiseConstantDecayOptions>>;
  /** A rate, `decaySteps` a step count, `alpha` in [0, 1]; some draws add `warmupTarget` and `warmupSteps` (0 … 10,000). */
  readonly cosineDecay: () => fc.Arbitrary<Drawn<Omit<CosineDecayOptions, 'warmupTarget' | 'warmupSteps'>> & Pick<CosineDecayOptions, 'warmupTarget' | 'warmupSteps'>>;
  /** A rate, `firstDecaySteps` a step count, `tMul` mostly 1 or 2 (up to 1000), `mMul` and `alpha` in [0, 1]. */
  readonly cosineDecayRestarts: () => fc.Arbitrary<Drawn<CosineDecayRestartsOptions>>;
  /** A rate, `stepSize` a step count, `gamma` in [0, 1]. */
  readonly stepwise: () => fc.Arbitrary<Drawn<StepwiseOptions>>;
  /** A rate, 1 … 6 strictly increasing `milestones` (as `piecewiseConstantDecay`'s boundaries), `gamma` in [0, 1]. */
  readonly multiStep: () => fc.Arbitrary<Drawn<MultiStepOptions>>;
  /** A rate, `decayRate` in [0, 1]; `transitionSteps`, `transitionBegin` (0 … 1000) and `staircase` left out at times. */
  readonly exponential: () => fc.Arbitrary<ExponentialOptions>;
  /** Initial and end rates drawn apart, `power` in [0, 5], `transitionSteps` a step count, `transitionBegin` 0 … 1000. */
  readonly polynomial: () => fc.Arbitrary<Drawn<PolynomialOptions>>;
  /** Initial and end rates drawn apart (either may be higher), `transitionSteps` a step count, `transitionBegin` 0 … 1000. */
  readonly linear: () => fc.Arbitrary<Drawn<LinearOptions>>;
  /** A rate, `tMax` a step count, `etaMin` a rate (not forced below the initial one). */
  readonly cosineAnnealing: () => fc.Arbitrary<Drawn<CosineAnnealingOptions>>;
  /** A rate, `t0` a step count, `tMult` mostly 1 or 2 (in [1, 4], rarely up to 1000), `etaMin` a rate. */
  readonly cosineAnnealingWarmRestarts: () => fc.Arbitrary<Drawn<CosineAnnealingWarmRestartsOptions>>;
  /** A base rate and a `maxLearningRate` at or above it, step counts as step sizes, every `mode`, `gamma` in [0.5, 1]. */
  readonly cyclic: () => fc.Arbitrary<Drawn<CyclicOptions>>;
  /** Peak 1e-4 … 10, `totalSteps` 20 … 1e5, `pctStart` 0.1 … 0.45, `divFactor` 1 … 100, `finalDivFactor` 1 … 1e5, any flags. */
  readonly oneCycle: () => fc.Arbitrary<Drawn<OneCycleOptions>>;
  /** A peak rate, three phases each 0 or a step count, `minLearningRateRatio` in [0, 1], every warmup and decay type. */
  readonly warmupStableDecay: () => fc.Arbitrary<Drawn<WarmupStableDecayOptions>>;
  /** A peak rate; `warmupSteps` (0 … 10,000) and `timescale` (a step count) left out at times, to exercise defaults. */
  readonly inverseSquareRoot: () => fc.Arbitrary<InverseSquareRootOptions>;
  /** A rate, `drop` in [0, 1], `epochsDrop` a step count. */
  readonly stepDecay: () => fc.Arbitrary<Drawn<StepDecayOptions>>;
} = {
  constant: () => fc.record({ learningRate: learningRates() }),
  exponentialDecay: () =>
    fc.record({ initialLearningRate: learningRates(), decaySteps: stepCount(), decayRate: fraction(), staircase: fc.boolean() }),
  inverseTimeDecay: () =>
    fc.record({
      initialLearningRate: learningRates(),
      decaySteps: stepCount(),
      decayRate: fc.double({ min: 0, max: 100, noNaN: true }),
      staircase: fc.boolean(),
    }),
  polynomialDecay: () =>
    fc.record({
      initialLearningRate: learningRates(),
      decaySteps: stepCount(),
      endLearningRate: learningRates(),
      power: fc.double({ min: 0, max: 5, noNaN: true }),
      cycle: fc.boolean(),
    }),
  piecewiseConstantDecay: () =>
    increasingBoundaries({ minLength: 1, maxLength: 6 }).chain((boundaries) =>
      fc.record({
        boundaries: fc.constant(boundaries),
        values: fc.array(learningRates(), { minLength: boundaries.length + 1, maxLength: boundaries.length + 1 }),
      }),
    ),
  cosineDecay: () =>
    fc.oneof(
      fc.record({ initialLearningRate: learningRates(), decaySteps: stepCount(), alpha: fraction() }),
      fc.record({
        initialLearningRate: learningRates(),
        decaySteps: stepCount(),
        alpha: fraction(),
        warmupTarget: learningRates(),
        warmupSteps: fc.integer({ min: 0, max: 10_000 }),
      }),
    ),
  cosineDecayRestarts: () =>
    fc.record({
      initialLearningRate: learningRates(),
      firstDecaySteps: stepCount(),
      tMul: periodMultiplier(),
      mMul: fraction(),
      alpha: fraction(),
    }),
  stepwise: () => fc.record({ initialLearningRate: learningRates(), stepSize: stepCount(), gamma: fraction() }),
  multiStep: () => fc.record({ initialLearningRate: learningRates(), milestones: increasingBoundaries({ minLength: 1, maxLength: 6 }), gamma: fraction() }),
  exponential: () =>
    fc.record(
      {
        initialLearningRate: learningRates(),
        decayRate: fraction(),
        transitionSteps: stepCount(),
        transitionBegin: fc.integer({ min: 0, max: 1000 }),
        staircase: fc.boolean(),
      },
      { requiredKeys: ['initialLearningRate', 'decayRate'] },
    ),
  polynomial: () =>
    fc.record({
      initialLearningRate: learningRates(),
      endLearningRate: learningRates(),
      power: fc.double({ min: 0, max: 5, noNaN: true }),
      transitionSteps: stepCount(),
      transitionBegin: fc.integer({ min: 0, max: 1000 }),
    }),
  linear: () =>
    fc.record({
      initialLearningRate: learningRates(),
      endLearningRate: learningRates(),
      transitionSteps: stepCount(),
      transitionBegin: fc.integer({ min: 0, max: 1000 }),
    }),
  cosineAnnealing: () => fc.record({ initialLearningRate: learningRates(), tMax: stepCount(), etaMin: learningRates() }),
  cosineAnnealingWarmRestarts: () =>
    fc.record({
      initialLearningRate: learningRates(),
      t0: stepCount(),
      tMult: periodMultiplier(),
      etaMin: learningRates(),
    }),
  cyclic: () =>
    fc
      .record({
        baseLearningRate: learningRates(),
        extra: learningRates(),
        stepSizeUp: stepCount(),
        stepSizeDown: stepCount(),
        mode: fc.constantFrom('triangular' as const, 'triangular2' as const, 'exp_range' as const),
        gamma: fc.double({ min: 0.5, max: 1, noNaN: true }),
      })
      .map(({ extra, baseLearningRate, ...rest }) => ({ baseLearningRate, maxLearningRate: baseLearningRate + extra, ...rest })),
  oneCycle: () =>
    fc.record({
      maxLearningRate: fc.double({ min: 1e-4, max: 10, noNaN: true }),
      totalSteps: fc.integer({ min: 20, max: 100_000 }),
      pctStart: fc.double({ min: 0.1, max: 0.45, noNaN: true }),
      annealStrategy: fc.constantFrom('cos' as const, 'linear' as const),
      divFactor: fc.double({ min: 1, max: 100, noNaN: true }),
      finalDivFactor: fc.double({ min: 1, max: 1e5, noNaN: true }),
      threePhase: fc.boolean(),
    }),
  warmupStableDecay: () =>
    fc.record({
      peakLearningRate: learningRates(),
      warmupSteps: stepCountOrZero(),
      stableSteps: stepCountOrZero(),
      decaySteps: stepCountOrZero(),
      minLearningRateRatio: fraction(),
      warmupType: fc.constantFrom('linear' as const, 'cosine' as const, '1-sqrt' as const),
      decayType: fc.constantFrom('linear' as const, 'cosine' as const, '1-sqrt' as const),
    }),
  inverseSquareRoot: () =>
    fc.record(
      { peakLearningRate: learningRates(), warmupSteps: fc.integer({ min: 0, max: 10_000 }), timescale: stepCount() },
      { requiredKeys: ['peakLearningRate'] },
    ),
  stepDecay: () => fc.record({ initialLearningRate: learningRates(), drop: fraction(), epochsDrop: stepCount() }),
};

/**
 * Every Keras schedule (the six `keras.optimizers.schedules` classes) with arbitrary valid options.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { toKerasConfig, fromKerasConfig } from '@anneal/core';
 * import { kerasSchedules } from '@anneal/testing';
 * fc.assert(fc.property(kerasSchedules(), (s) => fromKerasConfig(toKerasConfig(s))(10) === s(10)));
 * ```
 */
export function kerasSchedules(): fc.Arbitrary<ConfiguredSchedule> {
  return fc.oneof(
    scheduleOptions.exponentialDecay().map(exponentialDecay),
    scheduleOptions.inverseTimeDecay().map(inverseTimeDecay),
    scheduleOptions.polynomialDecay().map(polynomialDecay),
    scheduleOptions.piecewiseConstantDecay().map(piecewiseConstantDecay),
    scheduleOptions.cosineDecay().map(cosineDecay),
    scheduleOptions.cosineDecayRestarts().map(cosineDecayRestarts),
  );
}

/**
 * Every built-in schedule (no combinators) with arbitrary valid options.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { builtInSchedules, steps } from '@anneal/testing';
 * fc.assert(fc.property(builtInSchedules(), steps(), (schedule, step) => Number.isFinite(schedule(step))));
 * ```
 */
export function builtInSchedules(): fc.Arbitrary<ConfiguredSchedule> {
  return fc.oneof(
    kerasSchedules(),
    scheduleOptions.constant().map(constant),
    scheduleOptions.stepwise().map(stepwise),
    scheduleOptions.multiStep().map(multiStep),
    scheduleOptions.exponential().map(exponential),
    scheduleOptions.polynomial().map(polynomial),
    scheduleOptions.linear().map(linear),
    scheduleOptions.cosineAnnealing().map(cosineAnnealing),
    scheduleOptions.cosineAnnealingWarmRestarts().map(cosineAnnealingWarmRestarts),
    scheduleOptions.cyclic().map(cyclic),
    scheduleOptions.oneCycle().map(oneCycle),
    scheduleOptions.warmupStableDecay().map(warmupStableDecay),
    scheduleOptions.inverseSquareRoot().map(inverseSquareRoot),
    scheduleOptions.stepDecay().map(stepDecay),
  );
}

/**
 * Options of {@link combinedSchedules}.
 *
 * @example
 * ```ts
 * import { combinedSchedules, type CombinedScheduleOptions } from '@anneal/testing';
 * const shallow: CombinedScheduleOptions = { maxDepth: 1 };
 * combinedSchedules(shallow); // one combinator over built-in schedules
 * ```
 */
export interface CombinedScheduleOptions {
  /** How many combinators deep a tree may nest (1 … 3). Default 3. */
  readonly maxDepth?: number;
}

/** The schedules a combinator of the given depth takes: built-in ones mostly, combined ones below. */
function combinedAtDepth(depth: number, leaves: fc.Arbitrary<ConfiguredSchedule>): fc.Arbitrary<ConfiguredSchedule> {
  const child = depth <= 1 ? leaves : fc.oneof({ weight: 2, arbitrary: leaves }, { weight: 1, arbitrary: combinedAtDepth(depth - 1, leaves) });
  const warmupOptions: fc.Arbitrary<WarmupOptions> = fc.oneof(
    fc.record(
      { schedule: child, warmupSteps: stepCount(), initialLearningRate: learningRates(), type: fc.constant('linear' as const) },
      { requiredKeys: ['schedule', 'warmupSteps'] },
    ),
    // 'constant' holds initialLearningRate, so it is required.
    fc.record({ schedule: child, warmupSteps: stepCount(), initialLearningRate: learningRates(), type: fc.constant('constant' as const) }),
  );
  const joinOptions: fc.Arbitrary<JoinOptions> = fc
    .array(child, { minLength: 2, maxLength: 4 })
    .chain((schedules) =>
      fc.record({
        schedules: fc.constant(schedules),
        boundaries: increasingBoundaries({ minLength: schedules.length - 1, maxLength: schedules.length - 1 }),
      }),
    );
  const chainOptions: fc.Arbitrary<ChainOptions> = fc.record({ schedules: fc.array(child, { minLength: 1, maxLength: 3 }) });
  const clampOptions: fc.Arbitrary<ClampOptions> = fc
    .record(
      {
        schedule: child,
        minLearningRate: learningRates(),
        // null: no ceiling; otherwise the ceiling is minLearningRate (or its default 0) plus this.
        above: fc.option(learningRates(), { nil: null }),
      },
      { requiredKeys: ['schedule', 'above'] },
    )
    .map(({ above, ...rest }): ClampOptions =>
      above === null ? { ...rest, maxLearningRate: null } : { ...rest, maxLearningRate: (rest.minLearningRate ?? 0) + above },
    );
  const delayOptions: fc.Arbitrary<DelayOptions> = fc.record(
    { schedule: child, delaySteps: stepCountOrZero(), learningRate: learningRates() },
    { requiredKeys: ['schedule', 'delaySteps'] },
  );
  return fc.oneof(
    warmupOptions.map(warmup),
    joinOptions.map(join),
    chainOptions.map(chain),
    clampOptions.map(clamp),
    delayOptions.map(delay),
  );
}

/**
 * Trees of the combinators (`warmup`, `join`, `chain`, `clamp`, `delay`) over {@link builtInSchedules}, up to
 * `maxDepth` combinators deep (default 3), with valid options: join boundaries strictly increasing and one fewer
 * than its schedules, clamp's ceiling at or above its floor, a `'constant'` warmup with its `initialLearningRate`.
 * The root is always a combinator.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { combinedSchedules, steps } from '@anneal/testing';
 * fc.assert(fc.property(combinedSchedules(), steps(), (schedule, step) => schedule(step) >= 0), { numRuns: 50 });
 * ```
 */
export function combinedSchedules(options: CombinedScheduleOptions = {}): fc.Arbitrary<ConfiguredSchedule> {
  checkOptionKeys({ source: 'combinedSchedules', options, validKeys: ['maxDepth'] });
  const maxDepth = options.maxDepth ?? 3;
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > 3) {
    throw new RangeError(`combinedSchedules: maxDepth must be an integer in 1 … 3, got ${maxDepth}`);
  }
  return combinedAtDepth(maxDepth, builtInSchedules());
}

/**
 * Options of {@link metricSequences}.
 *
 * @example
 * ```ts
 * import { metricSequences, type MetricSequenceOptions } from '@anneal/testing';
 * const options: MetricSequenceOptions = { keys: ['loss', 'val_loss'], maxLength: 50, withNaN: false, withInfinity: false };
 * metricSequences(options);
 * ```
 */
export interface MetricSequenceOptions {
  /** Number of epochs. Default 1 … 30. */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Metric names to report. Default `['loss', 'val_loss', 'acc', 'val_acc']`. */
  readonly keys?: readonly string[];
  /** Let some values be NaN, as a diverging run reports. Default `true`. */
  readonly withNaN?: boolean;
  /** Let some values be `Infinity` or `-Infinity`, as an overflowing run reports (Keras logs `inf`). Default `true`. */
  readonly withInfinity?: boolean;
}

/**
 * Epoch logs as a training run reports them: plateaus (exact repeats), slow and fast improvement, noise, occasional
 * NaN and ±Infinity — the sequences callbacks must handle.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { metricSequences } from '@anneal/testing';
 * fc.assert(fc.property(metricSequences({ keys: ['loss'] }), (epochs) => epochs.every((logs) => 'loss' in logs)));
 * ```
 */
export function metricSequences(options: MetricSequenceOptions = {}): fc.Arbitrary<Logs[]> {
  checkOptionKeys({ source: 'metricSequences', options, validKeys: ['minLength', 'maxLength', 'keys', 'withNaN', 'withInfinity'] });
  const keys = options.keys ?? ['loss', 'val_loss', 'acc', 'val_acc'];
  const withNaN = options.withNaN ?? true;
  const withInfinity = options.withInfinity ?? true;
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(1, 0.5, 0.25, 0.1) },
    { weight: 6, arbitrary: fc.double({ min: 0, max: 2, noNaN: true }) },
    { weight: withNaN ? 1 : 0, arbitrary: fc.constant(Number.NaN) },
    { weight: withInfinity ? 1 : 0, arbitrary: fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
  );
  const epoch = fc.tuple(...keys.map(() => value)).map((values) => Object.fromEntries(keys.map((key, index) => [key, values[index] as number])) as Logs);
  const minLength = options.minLength ?? 1;
  return fc.array(epoch, { minLength, maxLength: options.maxLength ?? Math.max(30, minLength) });
}

/**
 * Sets of the built-in callbacks with arbitrary valid options, monitoring the keys {@link metricSequences} reports:
 * plateau reductions (both variants), early stopping, checkpoints, and a learning-rate scheduler.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { createController } from '@anneal/core';
 * import { builtInCallbacks } from '@anneal/testing';
 * fc.assert(fc.property(builtInCallbacks(), (callbacks) => createController({ learningRate: 0.1, callbacks }).step === 0));
 * ```
 */
export function builtInCallbacks(options: { readonly maxLength?: number } = {}): fc.Arbitrary<Callback[]> {
  checkOptionKeys({ source: 'builtInCallbacks', options, validKeys: ['maxLength'] });
  const monitor = fc.constantFrom('loss', 'val_loss', 'acc', 'val_acc', 'val_missing_metric');
  const direction = (name: string): 'min' | 'max' => (name.endsWith('acc') ? 'max' : 'min');
  const plateau = fc
    .record({
      monitor,
      factor: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
      patience: fc.integer({ min: 0, max: 4 }),
      minDelta: fc.constantFrom(0, 1e-4, 0.05),
      cooldown: fc.integer({ min: 0, max: 3 }),
      minLr: fc.constantFrom(0, 1e-4, 0.01),
      variant: fc.constantFrom('keras' as const, 'pytorch' as const),
      verbose: fc.constantFrom(0 as const, 1 as const),
    })
    .map(({ monitor: name, ...rest }) => reduceLROnPlateau({ monitor: name, mode: direction(name), ...rest }) as Callback);
  const stopping = fc
    .record({
      monitor,
      patience: fc.integer({ min: 0, max: 4 }),
      minDelta: fc.constantFrom(0, 0.01),
      restoreBestWeights: fc.boolean(),
      startFromEpoch: fc.integer({ min: 0, max: 3 }),
      baseline: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    })
    .map(({ monitor: name, ...rest }) => earlyStopping({ monitor: name, mode: direction(name), ...rest }) as Callback);
  const checkpoint = fc
    .record({ monitor, saveBestOnly: fc.boolean(), saveFreq: fc.constantFrom('epoch' as const, 1, 3) })
    .map(({ monitor: name, ...rest }) => modelCheckpoint({ monitor: name, mode: direction(name), filepath: 'model', ...rest }) as Callback);
  const scheduler = fc
    .record({ every: fc.integer({ min: 1, max: 4 }), factor: fc.double({ min: 0.1, max: 1, noNaN: true }) })
    .map(({ every, factor }) => learningRateScheduler((epoch, rate) => (epoch > 0 && epoch % every === 0 ? rate * factor : rate)) as Callback);
  return fc.array(fc.oneof(plateau, stopping, checkpoint, scheduler), { maxLength: options.maxLength ?? 3 });
}
