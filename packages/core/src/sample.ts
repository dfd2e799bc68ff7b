import { InvalidLearningRateError } from './errors.js';
import { RATE, isValidRate, optionalNumber, readOptions, requiredNumber, checkSchedule } from './internal/options.js';
import type { Schedule } from './schedule.js';

/**
 * Options of {@link sample}.
 *
 * @example
 * ```ts
 * import { sample, stepwise, type SampleOptions } from '@anneal/core';
 * const options: SampleOptions = { steps: 4, start: 1 };
 * sample(stepwise({ initialLearningRate: 1, stepSize: 2, gamma: 0.5 }), options); // Float64Array [1, 0.5, 0.5, 0.25]
 * ```
 */
export interface SampleOptions {
  /** How many values: steps `start`, `start + 1`, …, `start + steps - 1`. An integer >= 0. */
  readonly steps: number;
  /** The first step. Finite, >= 0. Default `0`. */
  readonly start?: number;
}

/**
 * Evaluates a schedule at consecutive steps into a `Float64Array`: the data of a learning-rate plot, or a table to
 * bake into a graph. Any value that is not a finite number >= 0 (a user function gone wrong) is an error naming
 * the step, never a silent NaN in the table.
 *
 * @example
 * ```ts
 * import { cosineDecay, sample } from '@anneal/core';
 * const values = sample(cosineDecay({ initialLearningRate: 0.1, decaySteps: 100 }), { steps: 101 });
 * values[100]; // 0
 * ```
 */
export function sample(schedule: Schedule, options: SampleOptions): Float64Array {
  const source = 'sample';
  checkSchedule(source, 'schedule', schedule);
  const input = readOptions(source, options, ['steps', 'start']);
  const steps = requiredNumber(input, 'steps', { integer: true, min: 0 });
  const start = optionalNumber(input, 'start', RATE, 0);
  const values = new Float64Array(steps);
  for (let index = 0; index < steps; index++) {
    const value = schedule(start + index);
    if (!isValidRate(value)) {
      throw new InvalidLearningRateError(source, start + index, value);
    }
    values[index] = value;
  }
  return values;
}
