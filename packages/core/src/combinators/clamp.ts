import { InvalidOptionError } from '../errors.js';
import { RATE, optionalNullableNumber, optionalNumber, readOptions, requiredSchedule } from '../internal/options.js';
import { checkStep, withConfig, type ChildConfig, type ConfiguredSchedule, type Schedule } from '../schedule.js';

/**
 * Options of {@link clamp}.
 *
 * @example
 * ```ts
 * import { clamp, linear, type ClampOptions } from '@anneal/core';
 * const options: ClampOptions = {
 *   schedule: linear({ initialLearningRate: 0, endLearningRate: 1, transitionSteps: 100 }),
 *   minLearningRate: 0.01,
 *   maxLearningRate: 0.5,
 * };
 * const schedule = clamp(options);
 * [0, 90].map(schedule); // [0.01, 0.5]
 * ```
 */
export interface ClampOptions {
  /** The schedule to bound. */
  readonly schedule: Schedule;
  /** The floor. Finite, >= 0. Default `0`. */
  readonly minLearningRate?: number;
  /** The ceiling; `null` (default) for none. Finite, >= `minLearningRate`. */
  readonly maxLearningRate?: number | null;
}

/**
 * The resolved options a {@link clamp} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { clamp, constant, type ClampConfig } from '@anneal/core';
 * const schedule = clamp({ schedule: constant({ learningRate: 0.1 }) });
 * const options: ClampConfig = schedule.config.options;
 * options.minLearningRate; // 0
 * options.maxLearningRate; // null
 * ```
 */
export interface ClampConfig {
  readonly schedule: ChildConfig;
  readonly minLearningRate: number;
  readonly maxLearningRate: number | null;
}

/**
 * Bounds a schedule to `[minLearningRate, maxLearningRate]`: a floor under a decay (PyTorch's `eta_min` idea for any
 * schedule) or a ceiling over a growing one.
 *
 * @example
 * ```ts
 * import { clamp, exponentialDecay } from '@anneal/core';
 * const schedule = clamp({ schedule: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 }), minLearningRate: 0.01 });
 * schedule(10); // 0.01
 * ```
 */
export function clamp(options: ClampOptions): ConfiguredSchedule<'clamp', ClampConfig> {
  const source = 'clamp';
  const input = readOptions(source, options, ['schedule', 'minLearningRate', 'maxLearningRate']);
  const schedule = requiredSchedule(input, 'schedule');
  const minLearningRate = optionalNumber(input, 'minLearningRate', RATE, 0);
  const maxLearningRate = optionalNullableNumber(input, 'maxLearningRate', RATE);
  if (maxLearningRate !== null && maxLearningRate < minLearningRate) {
    throw new InvalidOptionError(source, 'maxLearningRate', maxLearningRate, `must be >= minLearningRate (${minLearningRate})`);
  }
  const ceiling = maxLearningRate ?? Number.POSITIVE_INFINITY;
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      return Math.min(ceiling, Math.max(minLearningRate, schedule(step)));
    },
    input,
  );
}
