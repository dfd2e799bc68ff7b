import { InvalidOptionError } from '../errors.js';
import { optionalBoolean, optionalChoice, optionalNumber, readOptions, requiredNumber } from '../internal/options.js';
import { checkStep, withConfig, type ConfiguredSchedule } from '../schedule.js';

/**
 * How {@link oneCycle} moves between its anchor rates: PyTorch's `anneal_strategy`.
 *
 * @example
 * ```ts
 * import { oneCycle, type OneCycleAnnealStrategy } from '@anneal/core';
 * const annealStrategy: OneCycleAnnealStrategy = 'linear';
 * const schedule = oneCycle({ maxLearningRate: 25, totalSteps: 20, pctStart: 0.25, annealStrategy });
 * schedule(1); // 7, a quarter of the way from 1 to the peak 25 at step 4 ('cos' gives about 4.51)
 * ```
 */
export type OneCycleAnnealStrategy = 'cos' | 'linear';

/**
 * Options of {@link oneCycle}; PyTorch `OneCycleLR`'s arguments in camelCase.
 *
 * @example
 * ```ts
 * import { oneCycle, type OneCycleOptions } from '@anneal/core';
 * const options: OneCycleOptions = { maxLearningRate: 0.1, totalSteps: 1000, threePhase: true };
 * const schedule = oneCycle(options);
 * [299, 598, 999].map(schedule); // [0.1, 0.004, 4e-7]: the peak, back to the start rate, then the final rate
 * ```
 */
export interface OneCycleOptions {
  /** The peak rate (PyTorch `max_lr`). Finite, > 0. */
  readonly maxLearningRate: number;
  /** Length of the whole cycle in steps. An integer >= 2. */
  readonly totalSteps: number;
  /** Share of the steps spent rising (PyTorch `pct_start`). In (0, 1). Default `0.3`. */
  readonly pctStart?: number;
  /** `'cos'` (default) or `'linear'` interpolation between anchors. */
  readonly annealStrategy?: OneCycleAnnealStrategy;
  /** The start rate is `maxLearningRate / divFactor`. Finite, >= 1. Default `25`. */
  readonly divFactor?: number;
  /** The final rate is the start rate divided by `finalDivFactor`. Finite, >= 1. Default `1e4`. */
  readonly finalDivFactor?: number;
  /** Fall back to the start rate symmetrically before the final annealing (fast.ai's three phases). Default `false`. */
  readonly threePhase?: boolean;
}

/**
 * The resolved options a {@link oneCycle} schedule carries in its config.
 *
 * @example
 * ```ts
 * import { oneCycle, type OneCycleConfig } from '@anneal/core';
 * const schedule = oneCycle({ maxLearningRate: 0.1, totalSteps: 1000 });
 * const options: OneCycleConfig = schedule.config.options;
 * options.pctStart; // 0.3
 * options.finalDivFactor; // 10000
 * ```
 */
export type OneCycleConfig = Required<OneCycleOptions>;

const KEYS = ['maxLearningRate', 'totalSteps', 'pctStart', 'annealStrategy', 'divFactor', 'finalDivFactor', 'threePhase'] as const;

/**
 * PyTorch's `OneCycleLR` (Smith's 1cycle policy), with PyTorch's timing: from `max / divFactor` up to the peak at
 * step `pctStart * totalSteps - 1`, then down to `max / (divFactor * finalDivFactor)` at step `totalSteps - 1`.
 * With `threePhase`, the descent returns to the start rate at `2 * pctStart * totalSteps - 2` before the final
 * annealing. After `totalSteps - 1` the final rate holds (PyTorch raises past `totalSteps`; optax holds too).
 *
 * @example
 * ```ts
 * import { oneCycle } from '@anneal/core';
 * const schedule = oneCycle({ maxLearningRate: 25, totalSteps: 10, finalDivFactor: 2, annealStrategy: 'linear' });
 * [0, 1, 2, 9].map(schedule); // [1, 13, 25, 0.5]
 * ```
 */
export function oneCycle(options: OneCycleOptions): ConfiguredSchedule<'oneCycle', OneCycleConfig> {
  const source = 'oneCycle';
  const input = readOptions(source, options, KEYS);
  const maxLearningRate = requiredNumber(input, 'maxLearningRate', { above: 0 });
  const totalSteps = requiredNumber(input, 'totalSteps', { integer: true, min: 2, max: 1e15 });
  const pctStart = optionalNumber(input, 'pctStart', { above: 0, below: 1 }, 0.3);
  const annealStrategy = optionalChoice(input, 'annealStrategy', ['cos', 'linear'], 'cos');
  const divFactor = optionalNumber(input, 'divFactor', { min: 1 }, 25);
  const finalDivFactor = optionalNumber(input, 'finalDivFactor', { min: 1 }, 1e4);
  const threePhase = optionalBoolean(input, 'threePhase', false);
  const startRate = maxLearningRate / divFactor;
  const finalRate = startRate / finalDivFactor;
  const peakStep = pctStart * totalSteps - 1;
  const lastStep = totalSteps - 1;
  const ends = threePhase ? [peakStep, 2 * pctStart * totalSteps - 2, lastStep] : [peakStep, lastStep];
  const rates = threePhase ? [startRate, maxLearningRate, startRate, finalRate] : [startRate, maxLearningRate, finalRate];
  // Every phase must end after the previous one, the first after step 0.
  if (ends.some((end, index) => !(end > (ends[index - 1] ?? 0)))) {
    throw new InvalidOptionError(source, 'pctStart', pctStart, `gives an empty phase with totalSteps ${totalSteps}`);
  }
  const phaseEnds = Float64Array.from(ends);
  const anchors = Float64Array.from(rates);
  const phases = phaseEnds.length;
  const cosine = annealStrategy === 'cos';
  return withConfig(
    (step: number): number => {
      checkStep(source, step);
      if (step >= lastStep) return finalRate;
      let phase = 0;
      while (phase < phases - 1 && step > (phaseEnds[phase] as number)) phase++;
      const begin = phase === 0 ? 0 : (phaseEnds[phase - 1] as number);
      const fraction = (step - begin) / ((phaseEnds[phase] as number) - begin);
      const from = anchors[phase] as number;
      const to = anchors[phase + 1] as number;
      return cosine ? to + ((from - to) / 2) * (Math.cos(Math.PI * fraction) + 1) : from + (to - from) * fraction;
    },
    input,
  );
}
