import { checkOptionKeys, createController, type CreateControllerOptions, type Logs, type Schedule } from '@anneal/core';
import fc from 'fast-check';
import { metricSequences, steps as defaultSteps } from './arbitraries.js';

/**
 * Where a schedule property looks: the steps it draws. Default `steps()`.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { isNonIncreasing, type StepOptions } from '@anneal/testing';
 * const firstEpochs: StepOptions = { steps: fc.integer({ min: 0, max: 1000 }) };
 * fc.assert(isNonIncreasing((step) => 0.1 / (1 + step), firstEpochs));
 * ```
 */
export interface StepOptions {
  readonly steps?: fc.Arbitrary<number>;
}

/** The keys of {@link StepOptions}, which every schedule property accepts. */
const STEP_KEYS: readonly string[] = ['steps'];

// Values computed along different float paths may differ in the last bits; properties allow that and no more.
const slack = (value: number): number => 1e-12 * Math.max(1, Math.abs(value));

/** Shows any value in a failure message, whatever it is (a string stays quoted, a symbol or null-prototype object does not throw). */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * The value a schedule gave at `step`, checked to be a learning rate: a finite number >= 0. Every schedule property
 * fails on anything else (NaN, ±Infinity, a negative rate, a string, `undefined`) with this message, before it looks
 * at its own invariant — a NaN compares false with everything, so it would otherwise slip through comparisons.
 */
function rateAt(schedule: Schedule, step: number): number {
  const value: unknown = schedule(step);
  if (typeof value !== 'number') {
    throw new Error(`at step ${step} the schedule gives ${show(value)} (a ${value === null ? 'null' : typeof value}), not a learning rate: expected a finite number >= 0`);
  }
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`at step ${step} the schedule gives ${value}, not a learning rate: expected a finite number >= 0`);
  }
  return value;
}

/**
 * Property: the schedule never increases from one step to a later one. Like every schedule property, it also fails
 * when a value is not a learning rate (NaN, ±Infinity, negative, not a number).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { isNonIncreasing } from '@anneal/testing';
 * fc.assert(isNonIncreasing((step) => 0.1 / (1 + step)));
 * ```
 */
export function isNonIncreasing(schedule: Schedule, options: StepOptions = {}): fc.IPropertyWithHooks<[number[]]> {
  checkOptionKeys({ source: 'isNonIncreasing', options, validKeys: STEP_KEYS });
  return fc.property(fc.array(options.steps ?? defaultSteps(), { minLength: 2, maxLength: 30 }), (drawn) => {
    const sorted = [...drawn].sort((a, b) => a - b);
    let previous = Number.POSITIVE_INFINITY;
    for (const step of sorted) {
      const value = rateAt(schedule, step);
      if (value > previous + slack(previous)) throw new Error(`rate rises from ${previous} to ${value} at step ${step}`);
      previous = value;
    }
  });
}

/**
 * Bounds for {@link staysWithin}.
 *
 * @example
 * ```ts
 * import type { WithinOptions } from '@anneal/testing';
 * const bounds: WithinOptions = { min: 1e-5, max: 0.1 };
 * ```
 */
export interface WithinOptions extends StepOptions {
  readonly min: number;
  readonly max: number;
}

/**
 * Property: every value is a learning rate (a finite number >= 0) in `[min, max]`.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { cosineDecay } from '@anneal/core';
 * import { staysWithin } from '@anneal/testing';
 * fc.assert(staysWithin(cosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 0.1 }), { min: 0.01, max: 0.1 }));
 * ```
 */
export function staysWithin(schedule: Schedule, options: WithinOptions): fc.IPropertyWithHooks<[number]> {
  checkOptionKeys({ source: 'staysWithin', options, validKeys: ['min', 'max', ...STEP_KEYS] });
  const { min, max } = options;
  // A NaN or missing bound would make every comparison false, and the property pass for any schedule.
  if (typeof min !== 'number' || typeof max !== 'number' || !(min <= max)) {
    throw new Error(`staysWithin: min and max must be numbers with min <= max, got min ${show(min)} and max ${show(max)}`);
  }
  return fc.property(options.steps ?? defaultSteps(), (step) => {
    const value = rateAt(schedule, step);
    if (!(value >= min - slack(min) && value <= max + slack(max))) {
      throw new Error(`rate ${value} at step ${step} is outside [${options.min}, ${options.max}]`);
    }
  });
}

/**
 * The floor for {@link respectsFloor}.
 *
 * @example
 * ```ts
 * import type { FloorOptions } from '@anneal/testing';
 * const floor: FloorOptions = { floor: 1e-4 };
 * ```
 */
export interface FloorOptions extends StepOptions {
  readonly floor: number;
}

/**
 * Property: the schedule never goes below `floor` (a `minLr`, an `etaMin`, `alpha * initial`), and every value is a
 * learning rate (a finite number >= 0; NaN and Infinity fail, they are not "above the floor").
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { clamp, exponentialDecay } from '@anneal/core';
 * import { respectsFloor } from '@anneal/testing';
 * const schedule = clamp({ schedule: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }), minLearningRate: 1e-4 });
 * fc.assert(respectsFloor(schedule, { floor: 1e-4 }));
 * ```
 */
export function respectsFloor(schedule: Schedule, options: FloorOptions): fc.IPropertyWithHooks<[number]> {
  checkOptionKeys({ source: 'respectsFloor', options, validKeys: ['floor', ...STEP_KEYS] });
  return fc.property(options.steps ?? defaultSteps(), (step) => {
    const value = rateAt(schedule, step);
    if (!(value >= options.floor - slack(options.floor))) throw new Error(`rate ${value} at step ${step} is below the floor ${options.floor}`);
  });
}

/**
 * The pieces for {@link isPiecewiseConstantAt}.
 *
 * @example
 * ```ts
 * import type { PiecewiseOptions } from '@anneal/testing';
 * const pieces: PiecewiseOptions = { boundaries: [1000, 10_000], values: [1, 0.5, 0.1], side: 'left' };
 * ```
 */
export interface PiecewiseOptions {
  /** Steps where the value changes, increasing. */
  readonly boundaries: readonly number[];
  /** The value of each piece: one more than boundaries. */
  readonly values: readonly number[];
  /** Which piece a step equal to a boundary belongs to: `'left'` (Keras `PiecewiseConstantDecay`) or `'right'` (PyTorch milestones, optax). */
  readonly side: 'left' | 'right';
}

/** The smallest probe distance from a boundary, near 0. */
const ABSOLUTE_PROBE_FLOOR = 1e-9;
/** Probes stay within one step of the boundary (exclusive). */
const PROBE_CEILING = 1;

/** The spacing of doubles at `value` (unit in the last place), for |value| >= 2^-1022. */
function ulp(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude < 2 ** -1022) return Number.MIN_VALUE;
  let exponent = Math.floor(Math.log2(magnitude));
  // Math.log2 may round across a power of two; settle the exponent exactly.
  if (2 ** exponent > magnitude) exponent -= 1;
  else if (2 ** (exponent + 1) <= magnitude) exponent += 1;
  return 2 ** (exponent - 52);
}

/**
 * A distance from `boundary` in the window [lo, hi): `lo` (four float spacings at the boundary, and at least 1e-9)
 * keeps `boundary ± epsilon` a different float than `boundary` at any magnitude, `hi` keeps it under one step and
 * within `room` (half the distance to the neighbouring boundary). `t` in [0, 1) spreads it log-uniformly, so tiny and
 * wide probes are both drawn. `null` when the window is empty.
 */
function probeDistance(boundary: number, room: number, t: number): number | null {
  const lo = Math.max(ABSOLUTE_PROBE_FLOOR, 4 * ulp(boundary));
  const hi = Math.min(PROBE_CEILING, room);
  if (!(hi > lo)) return null;
  const epsilon = lo * (hi / lo) ** t;
  // Rounding in the power may land on hi itself; lo is always safe.
  return epsilon >= lo && epsilon < hi ? epsilon : lo;
}

/**
 * Property: the schedule is exactly `values[i]` on each piece — at each boundary (on the given side), just before
 * it, and just after it. "Just" is drawn per boundary and side: far enough from the boundary to be a different
 * float at its magnitude (four float spacings, about |boundary|·1e-15, and at least 1e-9), closer than half the
 * distance to the neighbouring boundaries, and under one step. A probe whose window is empty (boundaries closer than
 * that, "before" a boundary at 0) is skipped, as is any step below 0; the boundary itself is always checked. Every
 * value must also be a learning rate (finite, >= 0).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { piecewiseConstantDecay } from '@anneal/core';
 * import { isPiecewiseConstantAt } from '@anneal/testing';
 * const schedule = piecewiseConstantDecay({ boundaries: [100, 200], values: [1, 0.5, 0.1] });
 * fc.assert(isPiecewiseConstantAt(schedule, { boundaries: [100, 200], values: [1, 0.5, 0.1], side: 'left' }));
 * ```
 */
export function isPiecewiseConstantAt(schedule: Schedule, options: PiecewiseOptions): fc.IPropertyWithHooks<[number[]]> {
  checkOptionKeys({ source: 'isPiecewiseConstantAt', options, validKeys: ['boundaries', 'values', 'side'] });
  const { boundaries, values, side } = options;
  // No boundary would leave nothing to check but one value, which the property would not even ask about.
  if (!Array.isArray(boundaries) || boundaries.length === 0) throw new Error('isPiecewiseConstantAt: boundaries must hold at least one boundary');
  if (values.length !== boundaries.length + 1) throw new Error('isPiecewiseConstantAt: values must hold one more value than boundaries');
  boundaries.forEach((boundary, index) => {
    if (typeof boundary !== 'number' || !Number.isFinite(boundary)) {
      throw new Error(`isPiecewiseConstantAt: boundaries[${index}] = ${show(boundary)} must be a finite number`);
    }
    if (index > 0 && boundary <= (boundaries[index - 1] as number)) {
      throw new Error(`isPiecewiseConstantAt: boundaries must be strictly increasing, boundaries[${index}] = ${boundary} follows ${boundaries[index - 1]}`);
    }
  });
  const fractions = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  const last = boundaries[boundaries.length - 1] as number;
  return fc.property(fc.array(fractions, { minLength: 2 * boundaries.length + 1, maxLength: 2 * boundaries.length + 1 }), (drawn) => {
    // One step well inside the last piece, at or after step 0: with every boundary negative, the only piece steps reach.
    const tail = Math.max(0, last) + 1 + (drawn[2 * boundaries.length] as number) * 1e6;
    const tailValue = rateAt(schedule, tail);
    if (tailValue !== values[boundaries.length]) throw new Error(`at step ${tail} the schedule gives ${tailValue}, the piece is ${values[boundaries.length]}`);
    boundaries.forEach((boundary, index) => {
      const previous = index > 0 ? (boundaries[index - 1] as number) : undefined;
      const next = index + 1 < boundaries.length ? (boundaries[index + 1] as number) : undefined;
      // Before: stay at or above 0 (steps are >= 0) and above the midpoint to the previous boundary.
      const before = probeDistance(boundary, previous === undefined ? boundary : (boundary - previous) / 2, drawn[2 * index] as number);
      const after = probeDistance(boundary, next === undefined ? Number.POSITIVE_INFINITY : (next - boundary) / 2, drawn[2 * index + 1] as number);
      const expectations: [number, number][] = [[boundary, (side === 'left' ? values[index] : values[index + 1]) as number]];
      if (before !== null) expectations.push([boundary - before, values[index] as number]);
      if (after !== null) expectations.push([boundary + after, values[index + 1] as number]);
      for (const [step, expected] of expectations) {
        // Steps are >= 0: a negative boundary (Keras allows them) and probes below 0 are not asked about.
        if (step < 0) continue;
        const value = rateAt(schedule, step);
        if (value !== expected) throw new Error(`at step ${step} the schedule gives ${value}, the piece is ${expected}`);
      }
    });
  });
}

/**
 * Property: the schedule is a pure function of the step — the same step gives the same value, whatever was asked
 * before and in whatever order — and every value is a learning rate (a finite number >= 0; a NaN that repeats is
 * still reported).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { isPure } from '@anneal/testing';
 * fc.assert(isPure((step) => 0.1 * 0.5 ** step));
 * // A schedule that counts its calls, `() => 0.1 / ++calls`, fails it.
 * ```
 */
export function isPure(schedule: Schedule, options: StepOptions = {}): fc.IPropertyWithHooks<[number[], number[]]> {
  checkOptionKeys({ source: 'isPure', options, validKeys: STEP_KEYS });
  return fc.property(
    fc.array(options.steps ?? defaultSteps(), { minLength: 1, maxLength: 30 }),
    fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
    (drawn, order) => {
      const first = drawn.map((step) => rateAt(schedule, step));
      const permuted = drawn.map((_, index) => (order[index % order.length] ?? 0) % drawn.length);
      for (const index of permuted) {
        const again: unknown = schedule(drawn[index] as number);
        if (!Object.is(again, first[index])) throw new Error(`step ${drawn[index]} gave ${first[index]}, then ${again}`);
      }
    },
  );
}

/**
 * Options of {@link resumesExactly}.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { earlyStopping } from '@anneal/core';
 * import { metricSequences, type ResumeOptions } from '@anneal/testing';
 * const options: ResumeOptions = {
 *   controller: () => ({ learningRate: 0.01, callbacks: [earlyStopping({ monitor: 'val_loss', patience: 3 })] }),
 *   metrics: metricSequences({ keys: ['val_loss'], maxLength: 40 }),
 *   batchesPerEpoch: fc.constant(2),
 * };
 * ```
 */
export interface ResumeOptions {
  /** Builds fresh controller options (schedule and callbacks) — called for the uninterrupted run and again for the resumed one. */
  readonly controller: () => CreateControllerOptions;
  /** The epoch logs to feed. Default {@link metricSequences}. */
  readonly metrics?: fc.Arbitrary<Logs[]>;
  /** Optimizer steps per epoch. Default 1 … 4. */
  readonly batchesPerEpoch?: fc.Arbitrary<number>;
}

/**
 * Property: cutting training anywhere — `snapshot()` → JSON → `createController(options, { snapshot })` → continue —
 * gives exactly the learning rates, decisions, messages and warnings of training without the cut. Training is two
 * consecutive fits on one controller (as calling Keras's `fit` twice), so a cut in the first must also leave the
 * second's `trainBegin` starting a new run.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { exponentialDecay, reduceLROnPlateau } from '@anneal/core';
 * import { resumesExactly } from '@anneal/testing';
 * fc.assert(
 *   resumesExactly({
 *     controller: () => ({
 *       learningRate: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 }),
 *       callbacks: [reduceLROnPlateau({ monitor: 'val_loss', patience: 2 })],
 *     }),
 *   }),
 * );
 * ```
 */
export function resumesExactly(options: ResumeOptions): fc.IPropertyWithHooks<[Logs[], number, number]> {
  checkOptionKeys({ source: 'resumesExactly', options, validKeys: ['controller', 'metrics', 'batchesPerEpoch'] });
  return fc.property(
    options.metrics ?? metricSequences(),
    options.batchesPerEpoch ?? fc.integer({ min: 1, max: 4 }),
    fc.nat(),
    (epochs, batches, cutSeed) => {
      const whole = record(options.controller, epochs, batches, null);
      const cut = cutSeed % (whole.events + 1);
      const resumed = record(options.controller, epochs, batches, cut);
      const expected = JSON.stringify(whole.trace);
      const actual = JSON.stringify(resumed.trace);
      if (expected !== actual) {
        throw new Error(`resuming after event ${cut} diverges:\n  uninterrupted ${expected}\n  resumed       ${actual}`);
      }
    },
  );
}

type TraceEntry = readonly [string, unknown];

/** Drives a Keras-shaped run; with `cut`, snapshots after that many events and continues on a restored controller. */
function record(
  build: () => CreateControllerOptions,
  epochs: readonly Logs[],
  batches: number,
  cut: number | null,
): { readonly trace: TraceEntry[]; readonly events: number } {
  const trace: TraceEntry[] = [];
  const sinks = { log: (text: string) => trace.push(['log', text]), warn: (text: string) => trace.push(['warn', text]) };
  let controller = createController({ ...build(), ...sinks });
  let events = 0;
  const step = (name: string, run: () => unknown): void => {
    if (cut !== null && events === cut) {
      const snapshot = JSON.parse(JSON.stringify(controller.snapshot()));
      controller = createController({ ...build(), ...sinks }, { snapshot });
    }
    trace.push([name, run()]);
    events += 1;
  };
  for (let fit = 0; fit < 2; fit++) {
    step('trainBegin', () => controller.trainBegin());
    for (let epoch = 0; epoch < epochs.length; epoch++) {
      step('epochBegin', () => controller.epochBegin(epoch));
      for (let batch = 0; batch < batches; batch++) {
        step('batchBegin', () => controller.batchBegin());
        step('batchEnd', () => controller.batchEnd({ loss: (epochs[epoch] as Logs)['loss'] ?? 0 }));
      }
      let stop = false;
      step('epochEnd', () => {
        const decision = controller.epochEnd(epoch, { ...(epochs[epoch] as Logs) });
        stop = decision.stopTraining;
        return decision;
      });
      if (stop) break;
    }
    step('trainEnd', () => controller.trainEnd());
  }
  return { trace, events };
}
