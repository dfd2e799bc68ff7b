import { InvalidOptionError, UnknownOptionError } from '../errors.js';
import type { Schedule } from '../schedule.js';
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
 * Checks that `input` is a plain object whose keys are all in `validKeys`, so a misspelt option is an error with
 * a suggestion instead of a silently ignored key.
 */
export function readOptions(source: string, input: unknown, validKeys: readonly string[]): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidOptionError(source, 'options', input, 'must be an options object');
  }
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!validKeys.includes(key)) {
      throw new UnknownOptionError(source, key, validKeys, nearestKey(key, validKeys));
    }
  }
  return record;
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
export function requiredNumber(
  source: string,
  options: Record<string, unknown>,
  key: string,
  rule: NumberRule,
): number {
  const value = options[key];
  if (value === undefined) throw new InvalidOptionError(source, key, value, `is required and ${describeRule(rule)}`);
  return checkNumber(source, key, value, rule);
}

/** A numeric option with a default applied when the key is absent or `undefined`. */
export function optionalNumber(
  source: string,
  options: Record<string, unknown>,
  key: string,
  rule: NumberRule,
  fallback: number,
): number {
  const value = options[key];
  return value === undefined ? fallback : checkNumber(source, key, value, rule);
}

export function optionalBoolean(
  source: string,
  options: Record<string, unknown>,
  key: string,
  fallback: boolean,
): boolean {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidOptionError(source, key, value, 'must be true or false');
  return value;
}

export function optionalString(
  source: string,
  options: Record<string, unknown>,
  key: string,
  fallback: string,
): string {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new InvalidOptionError(source, key, value, 'must be a string');
  return value;
}

export function optionalChoice<const Choice extends string>(
  source: string,
  options: Record<string, unknown>,
  key: string,
  choices: readonly Choice[],
  fallback: Choice,
): Choice {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new InvalidOptionError(source, key, value, `must be one of ${choices.map((c) => `'${c}'`).join(', ')}`);
  }
  return value as Choice;
}

/** A non-empty array of numbers, each checked against `rule`; optionally strictly increasing. */
export function requiredNumberArray(
  source: string,
  options: Record<string, unknown>,
  key: string,
  rule: NumberRule,
  shape: { readonly increasing: boolean; readonly minLength: number },
): number[] {
  const value = options[key];
  if (!Array.isArray(value) || value.length < shape.minLength) {
    throw new InvalidOptionError(source, key, value, `must be an array of at least ${shape.minLength} number(s)`);
  }
  const numbers = value.map((item: unknown, index) => checkNumber(source, `${key}[${index}]`, item, rule));
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
  return numbers;
}

export function requiredSchedule(source: string, options: Record<string, unknown>, key: string): Schedule {
  const value = options[key];
  if (typeof value !== 'function') {
    throw new InvalidOptionError(source, key, value, 'must be a schedule, a function (step) => number');
  }
  return value as Schedule;
}

export function requiredScheduleArray(
  source: string,
  options: Record<string, unknown>,
  key: string,
  minLength: number,
): Schedule[] {
  const value = options[key];
  if (!Array.isArray(value) || value.length < minLength) {
    throw new InvalidOptionError(source, key, value, `must be an array of at least ${minLength} schedule(s)`);
  }
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'function') {
      throw new InvalidOptionError(source, `${key}[${index}]`, item, 'must be a schedule, a function (step) => number');
    }
  });
  return value as Schedule[];
}

/** An option where `null` (or absence) means "none", as Keras's `None`. */
export function optionalNullableNumber(
  source: string,
  options: Record<string, unknown>,
  key: string,
  rule: NumberRule,
): number | null {
  const value = options[key];
  return value === undefined || value === null ? null : checkNumber(source, key, value, rule);
}

// The core compiles without DOM or Node types; reach the console through globalThis, and print nothing where a
// runtime has none.
export function defaultSink(level: 'log' | 'warn'): (message: string) => void {
  const sink = (globalThis as { console?: Partial<Record<'log' | 'warn', (message: string) => void>> }).console;
  return (message) => sink?.[level]?.(message);
}
