import { InvalidStepError } from './errors.js';
import type { OptionReader } from './internal/options.js';

/**
 * A learning-rate schedule: the learning rate to use at an optimizer step (0-based, the optimizer's iteration
 * count before the update, as Keras counts). Any function of this shape is accepted wherever anneal takes a schedule.
 *
 * @example
 * ```ts
 * import type { Schedule } from '@anneal/core';
 * const halveEveryThousand: Schedule = (step) => 0.1 * 0.5 ** Math.floor(step / 1000);
 * ```
 */
export type Schedule = (step: number) => number;

/**
 * The serializable description every built-in schedule carries: its factory's name and the options it was built
 * with, defaults filled in. Plain JSON: numbers, strings, booleans, arrays and nested configs.
 *
 * @example
 * ```ts
 * import { exponentialDecay } from '@anneal/core';
 * const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
 * schedule.config; // { name: 'exponentialDecay', options: { initialLearningRate: 0.1, ..., staircase: false, ... } }
 * ```
 */
export interface ScheduleConfig<Name extends string = string, Options extends object = object> {
  /** The anneal factory that rebuilds this schedule, e.g. `'cosineDecay'`. */
  readonly name: Name;
  /** The factory's options with every default resolved. */
  readonly options: Readonly<Options>;
}

/**
 * A schedule built by an anneal factory: callable as `schedule(step)`, and carrying its `config`.
 *
 * @example
 * ```ts
 * import { cosineDecay, type ConfiguredSchedule } from '@anneal/core';
 * const schedule: ConfiguredSchedule = cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000 });
 * schedule(500); // 0.05
 * schedule.config.name; // 'cosineDecay'
 * ```
 */
export interface ConfiguredSchedule<Name extends string = string, Options extends object = object> {
  (step: number): number;
  /** What the schedule was built from. */
  readonly config: ScheduleConfig<Name, Options>;
}

/**
 * The description of a schedule given as an option to a combinator: the schedule's own config when it has one,
 * `{ name: 'function', options: {} }` for a plain function.
 *
 * @example
 * ```ts
 * import { constant, warmup, type ChildConfig } from '@anneal/core';
 * const built: ChildConfig = warmup({ schedule: constant({ learningRate: 0.1 }), warmupSteps: 10 }).config.options.schedule;
 * built; // { name: 'constant', options: { learningRate: 0.1 } }
 * const plain: ChildConfig = warmup({ schedule: () => 0.1, warmupSteps: 10 }).config.options.schedule;
 * plain; // { name: 'function', options: {} }
 * ```
 */
export type ChildConfig = ScheduleConfig | ScheduleConfig<'function', Record<string, never>>;

/**
 * Attaches a frozen config to a schedule function; `config` is read-only and not enumerable. Its options are
 * everything the factory read through `reader`, defaults applied, so the `Options` type is the factory's promise that
 * it reads each of its options (a test holds every factory to it).
 */
export function withConfig<Name extends string, Options extends object>(
  evaluate: Schedule,
  reader: OptionReader<Name>,
): ConfiguredSchedule<Name, Options> {
  const config = Object.freeze({ name: reader.source, options: Object.freeze(reader.config) });
  // A defined property is non-enumerable, read-only and non-configurable unless it says otherwise.
  Object.defineProperty(evaluate, 'config', { value: config });
  return evaluate as ConfiguredSchedule<Name, Options>;
}

const PLAIN_FUNCTION: ChildConfig = Object.freeze({ name: 'function', options: Object.freeze({}) });

/** The config of any schedule, or the `'function'` placeholder for a plain function. */
export function configOf(schedule: Schedule): ChildConfig {
  const config = (schedule as Partial<ConfiguredSchedule>).config;
  if (typeof config === 'object' && typeof config?.name === 'string') return config;
  return PLAIN_FUNCTION;
}

/**
 * Rejects steps a schedule cannot evaluate. Kept as one tiny function so V8 inlines it into every schedule:
 * a NaN, negative or non-number step is a caller bug that would otherwise surface as a NaN learning rate.
 */
export function checkStep(source: string, step: number): void {
  if (typeof step !== 'number' || !(step >= 0 && step < Number.POSITIVE_INFINITY)) rejectStep(source, step);
}

// The throw lives apart from checkStep so that the hot path stays small enough for V8 to inline every schedule into
// its caller; a non-inlined call returning a double allocates a heap number per call.
function rejectStep(source: string, step: unknown): never {
  throw new InvalidStepError(source, step);
}
