import { InvalidOptionError, UnknownOptionError } from '../errors.js';
import { configOf, type Schedule } from '../schedule.js';
import { nearestKey } from './nearest-key.js';

/** A numeric option's admissible range; every bound is optional. */
export interface NumberRule {
  readonly integer?: boolean;
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Exclusive lower bound. */
  readonly above?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  /** Exclusive upper bound. */
  readonly below?: number;
}

/** Whether `value` is a usable learning rate: a finite number >= 0. */
export function isValidRate(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value < Number.POSITIVE_INFINITY;
}

/** Non-negative finite: the rule every learning rate follows. */
export const RATE: NumberRule = { min: 0 };
/**
 * A step count that divides (decaySteps, stepSize, tMax…): at least 1e-6 and at most 1e15. The bounds keep every
 * ratio `step / count` finite for steps up to 1e12 and every sum of counts exact, so no schedule can reach NaN or
 * Infinity through an extreme option; 1e15 steps is beyond any training run.
 */
export const STEP_COUNT: NumberRule = { min: 1e-6, max: 1e15 };
/** A step offset or length that may be 0 (transitionBegin, warmupSteps, delaySteps…), at most 1e15. */
export const STEP_OFFSET: NumberRule = { min: 0, max: 1e15 };
/** A step boundary or milestone: any finite number up to ±1e15 (Keras accepts negative boundaries). */
export const STEP_BOUNDARY: NumberRule = { min: -1e15, max: 1e15 };
/** Growth of restart periods (tMul, tMult): 1 (equal periods) to 1000. */
export const PERIOD_GROWTH: NumberRule = { min: 1, max: 1000 };
/** A fraction in [0, 1]. */
export const FRACTION: NumberRule = { min: 0, max: 1 };

/**
 * One factory's options being read: the caller's object, and every option read so far under its key with its
 * default applied, in the order read. A schedule's `config.options` is that record, so what a factory reports is
 * by construction what it validated and uses, with no second list of its options to keep in step.
 */
export interface OptionReader<Source extends string = string> {
  readonly source: Source;
  readonly input: Readonly<Record<string, unknown>>;
  readonly config: Record<string, unknown>;
}

/**
 * Checks that `input` is a plain object whose keys are all in `validKeys`, so a misspelt option is an error with
 * a suggestion instead of a silently ignored key.
 */
export function readOptions<Source extends string>(
  source: Source,
  input: unknown,
  validKeys: readonly string[],
): OptionReader<Source> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidOptionError(source, 'options', input, 'must be an options object');
  }
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!validKeys.includes(key)) {
      throw new UnknownOptionError(source, key, validKeys, nearestKey(key, validKeys));
    }
  }
  return { source, input: record, config: {} };
}

// Arrays are frozen like the config that holds them, so no one can edit a config (or the Keras export and snapshots
// made from it) away from what the schedule computes.
function keep<Value>(reader: OptionReader, key: string, value: Value): Value {
  reader.config[key] = Array.isArray(value) ? Object.freeze(value) : value;
  return value;
}

// 1e-6 and 1e15 read better than 0.000001 and 1000000000000000 in an error message.
const bound = (value: number): string => (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6) ? value.toExponential() : String(value)).replace('e+', 'e');

export function describeRule({ integer, min, above, max, below }: NumberRule): string {
  const bounds = [
    min !== undefined ? `>= ${bound(min)}` : above !== undefined && `> ${bound(above)}`,
    max !== undefined ? `<= ${bound(max)}` : below !== undefined && `< ${bound(below)}`,
  ]
    .filter(Boolean)
    .join(' and ');
  return `must be ${integer === true ? 'an integer' : 'a finite number'}${bounds && ` ${bounds}`}`;
}

export function satisfies(value: number, { integer, min, above, max, below }: NumberRule): boolean {
  // A comparison with an absent (undefined) bound is false, so only the bounds a rule gives can fail.
  return (
    Number.isFinite(value) &&
    (integer !== true || Number.isInteger(value)) &&
    !(value < (min as number) || value <= (above as number) || value > (max as number) || value >= (below as number))
  );
}

/** Checks a number against a rule; `option` is the name used in the error (e.g. `'values[2]'`). */
export function checkNumber(source: string, option: string, value: unknown, rule: NumberRule): number {
  if (typeof value !== 'number' || !satisfies(value, rule)) {
    throw new InvalidOptionError(source, option, value, describeRule(rule));
  }
  return value;
}

/** A required numeric option. */
export function requiredNumber(reader: OptionReader, key: string, rule: NumberRule): number {
  const value = reader.input[key];
  if (value === undefined) {
    throw new InvalidOptionError(reader.source, key, value, `is required and ${describeRule(rule)}`);
  }
  return keep(reader, key, checkNumber(reader.source, key, value, rule));
}

/** A numeric option with a default applied when the key is absent or `undefined`. */
export function optionalNumber(reader: OptionReader, key: string, rule: NumberRule, fallback: number): number {
  const value = reader.input[key];
  return keep(reader, key, value === undefined ? fallback : checkNumber(reader.source, key, value, rule));
}

export function optionalBoolean(reader: OptionReader, key: string, fallback: boolean): boolean {
  const given = reader.input[key];
  const value = given === undefined ? fallback : given;
  if (typeof value !== 'boolean') throw new InvalidOptionError(reader.source, key, value, 'must be true or false');
  return keep(reader, key, value);
}

export function optionalString(reader: OptionReader, key: string, fallback: string): string {
  const given = reader.input[key];
  const value = given === undefined ? fallback : given;
  if (typeof value !== 'string') throw new InvalidOptionError(reader.source, key, value, 'must be a string');
  return keep(reader, key, value);
}

export function optionalChoice<const Choice extends string>(
  reader: OptionReader,
  key: string,
  choices: readonly Choice[],
  fallback: Choice,
): Choice {
  const given = reader.input[key];
  const value = given === undefined ? fallback : given;
  if (!(choices as readonly unknown[]).includes(value)) {
    throw new InvalidOptionError(reader.source, key, value, `must be one of ${choices.map((c) => `'${c}'`).join(', ')}`);
  }
  return keep(reader, key, value as Choice);
}

/** A non-empty array of numbers, each checked against `rule`; optionally strictly increasing. */
export function requiredNumberArray(
  reader: OptionReader,
  key: string,
  rule: NumberRule,
  shape: { readonly increasing: boolean; readonly minLength: number },
): number[] {
  const { source } = reader;
  const value = reader.input[key];
  if (!Array.isArray(value) || value.length < shape.minLength) {
    throw new InvalidOptionError(source, key, value, `must be an array of at least ${shape.minLength} number(s)`);
  }
  // Array.from visits holes ([10, , 30]) as undefined, where map would skip them unchecked.
  const numbers = Array.from(value, (item: unknown, index) => checkNumber(source, `${key}[${index}]`, item, rule));
  if (shape.increasing) {
    for (let index = 1; index < numbers.length; index++) {
      if ((numbers[index] as number) <= (numbers[index - 1] as number)) {
        throw new InvalidOptionError(
          source,
          `${key}[${index}]`,
          numbers[index],
          `must be > ${key}[${index - 1}] (sorted, no duplicates)`,
        );
      }
    }
  }
  return keep(reader, key, numbers);
}

/** A schedule option; the config keeps the schedule's own config, since a function is not data. */
export function requiredSchedule(reader: OptionReader, key: string): Schedule {
  const value = reader.input[key];
  checkSchedule(reader.source, key, value);
  keep(reader, key, configOf(value));
  return value;
}

export function requiredScheduleArray(reader: OptionReader, key: string, minLength: number): Schedule[] {
  const value = reader.input[key];
  if (!Array.isArray(value) || value.length < minLength) {
    throw new InvalidOptionError(reader.source, key, value, `must be an array of at least ${minLength} schedule(s)`);
  }
  const schedules = Array.from(value, (item: unknown, index) => (checkSchedule(reader.source, `${key}[${index}]`, item), item));
  keep(reader, key, schedules.map(configOf));
  return schedules;
}

export function checkSchedule(source: string, option: string, value: unknown): asserts value is Schedule {
  if (typeof value !== 'function') {
    throw new InvalidOptionError(source, option, value, 'must be a schedule, a function (step) => number');
  }
}

/** An option where `null` (or absence) means "none", as Keras's `None`. */
export function optionalNullableNumber(reader: OptionReader, key: string, rule: NumberRule): number | null {
  const value = reader.input[key] ?? null;
  return keep(reader, key, value === null ? null : checkNumber(reader.source, key, value, rule));
}

// The core compiles without DOM or Node types; reach the console through globalThis, and print nothing where a
// runtime has none.
export function defaultSink(level: 'log' | 'warn'): (message: string) => void {
  const sink = (globalThis as { console?: Partial<Record<'log' | 'warn', (message: string) => void>> }).console;
  return (message) => sink?.[level]?.(message);
}
