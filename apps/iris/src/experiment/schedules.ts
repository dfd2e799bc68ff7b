import {
  constant,
  cosineAnnealing,
  cosineAnnealingWarmRestarts,
  cosineDecay,
  cosineDecayRestarts,
  cyclic,
  delay,
  exponential,
  exponentialDecay,
  fromKerasConfig,
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
  type KerasScheduleConfig,
} from '@anneal/core';

/** The option values a schedule form can hold: what `schedule.config.options` holds for every built-in. */
export type OptionValue = number | boolean | string | null | readonly number[];

/** Plain, JSON-safe schedule options (they cross from the page to the training worker). */
export type ScheduleOptions = Readonly<Record<string, OptionValue>>;

// Each factory takes its own options type; the table holds them behind one loose signature so that options read from
// a form or the command line go through the factory's own validation, which names a wrong key or value.
type Factory = (options: never) => ConfiguredSchedule;

const FACTORIES = {
  exponentialDecay,
  piecewiseConstantDecay,
  polynomialDecay,
  inverseTimeDecay,
  cosineDecay,
  cosineDecayRestarts,
  constant,
  stepwise,
  multiStep,
  exponential,
  linear,
  polynomial,
  cosineAnnealing,
  cosineAnnealingWarmRestarts,
  cyclic,
  oneCycle,
  warmupStableDecay,
  inverseSquareRoot,
} satisfies Record<string, Factory>;

/** The name of a built-in step schedule of `@anneal/core` (method one: a schedule in the optimizer). */
export type ScheduleName = keyof typeof FACTORIES;

/** Every built-in step schedule, in the order of the core's README table. */
export const SCHEDULE_NAMES: readonly ScheduleName[] = Object.keys(FACTORIES) as ScheduleName[];

/** The length of a run, which the presets scale to. */
export interface RunShape {
  readonly epochs: number;
  readonly stepsPerEpoch: number;
}

/**
 * Options of each built-in schedule that suit the iris MLP (SGD with momentum 0.9, batch 5) over a run of the given
 * length. `exponentialDecay` is the seed article's own; the article's other examples start at 0.1 or 1.0, which kills
 * this small ReLU network on raw iris features (see seed-article.test.ts in @anneal/tfjs), so the presets keep their
 * shapes and start near 0.02, scaled to the run's optimizer steps.
 *
 * @example
 * ```ts
 * import { presetOptions } from './schedules.js';
 * presetOptions('cosineDecay', { epochs: 200, stepsPerEpoch: 21 }); // { initialLearningRate: 0.02, decaySteps: 4200 }
 * ```
 */
export function presetOptions(name: ScheduleName, shape: RunShape): ScheduleOptions {
  const total = Math.max(2, shape.epochs * shape.stepsPerEpoch);
  const at = (fraction: number): number => Math.max(1, Math.round(total * fraction));
  switch (name) {
    case 'exponentialDecay':
      return { initialLearningRate: 1e-2, decaySteps: 10_000, decayRate: 0.96 };
    case 'piecewiseConstantDecay':
      return { boundaries: [at(0.5), at(0.75)], values: [0.02, 0.01, 0.002] };
    case 'polynomialDecay':
      return { initialLearningRate: 0.02, decaySteps: total, endLearningRate: 0.001, power: 0.5 };
    case 'inverseTimeDecay':
      return { initialLearningRate: 0.02, decaySteps: Math.max(1, shape.stepsPerEpoch * 10), decayRate: 0.5 };
    case 'cosineDecay':
      return { initialLearningRate: 0.02, decaySteps: total };
    case 'cosineDecayRestarts':
      return { initialLearningRate: 0.02, firstDecaySteps: at(0.25) };
    case 'constant':
      return { learningRate: 0.01 };
    case 'stepwise':
      return { initialLearningRate: 0.02, stepSize: at(0.25), gamma: 0.5 };
    case 'multiStep':
      return { initialLearningRate: 0.02, milestones: [at(0.5), at(0.75)], gamma: 0.1 };
    case 'exponential':
      return { initialLearningRate: 0.02, decayRate: 0.1, transitionSteps: total };
    case 'linear':
      return { initialLearningRate: 0.02, endLearningRate: 0.002, transitionSteps: total };
    case 'polynomial':
      return { initialLearningRate: 0.02, endLearningRate: 0.001, power: 2, transitionSteps: total };
    case 'cosineAnnealing':
      return { initialLearningRate: 0.02, tMax: total };
    case 'cosineAnnealingWarmRestarts':
      return { initialLearningRate: 0.02, t0: at(0.25) };
    case 'cyclic':
      return { baseLearningRate: 0.002, maxLearningRate: 0.02, stepSizeUp: at(0.125) };
    case 'oneCycle':
      return { maxLearningRate: 0.03, totalSteps: total };
    case 'warmupStableDecay':
      return { peakLearningRate: 0.02, warmupSteps: at(0.1), stableSteps: at(0.5), decaySteps: at(0.4) };
    case 'inverseSquareRoot':
      return { peakLearningRate: 0.02, warmupSteps: at(0.05) };
  }
}

/**
 * Builds a built-in schedule from plain options, through the core's factory (so a bad option is the core's
 * `InvalidOptionError` / `UnknownOptionError`, naming it). An unknown name is an `Error` listing the valid ones.
 *
 * @example
 * ```ts
 * import { buildSchedule } from './schedules.js';
 * const schedule = buildSchedule('cosineDecay', { initialLearningRate: 0.02, decaySteps: 4200 });
 * schedule(2100); // 0.01
 * ```
 */
export function buildSchedule(name: string, options: ScheduleOptions): ConfiguredSchedule {
  if (!isScheduleName(name)) throw new Error(`unknown schedule '${name}'; one of ${SCHEDULE_NAMES.join(', ')}`);
  return (FACTORIES[name] as unknown as (options: ScheduleOptions) => ConfiguredSchedule)(options);
}

/** Whether `name` is a built-in schedule's name. */
export function isScheduleName(name: string): name is ScheduleName {
  return Object.hasOwn(FACTORIES, name);
}

/**
 * A schedule pasted or loaded as Keras JSON (`keras.optimizers.schedules.serialize(...)`), read by the core's
 * `fromKerasConfig`. A JSON syntax error is a `SyntaxError`; a bad config is the core's `KerasConfigError`.
 *
 * @example
 * ```ts
 * import { scheduleFromKerasJson } from './schedules.js';
 * const schedule = scheduleFromKerasJson('{"class_name":"CosineDecay","config":{"initial_learning_rate":0.02,"decay_steps":4200}}');
 * ```
 */
export function scheduleFromKerasJson(text: string): ConfiguredSchedule {
  return fromKerasConfig(JSON.parse(text) as KerasScheduleConfig);
}

/**
 * The seed article's `step_decay` (method two), as a schedule of the epoch: hold `initialLearningRate` for
 * `delayEpochs`, then `initialLearningRate · drop^floor((1 + epoch) / epochsDrop)` counted from the end of the hold.
 * The article's `init_lr = 0.1` does not train this network (see {@link articleStepDecaySettings}); its shape is kept.
 *
 * @example
 * ```ts
 * import { articleStepDecay } from './schedules.js';
 * const byEpoch = articleStepDecay({ initialLearningRate: 0.01, drop: 0.5, epochsDrop: 10, delayEpochs: 100 });
 * byEpoch(99); // 0.01
 * byEpoch(109); // 0.005
 * ```
 */
export function articleStepDecay(options: StepDecaySettings): ConfiguredSchedule {
  const { initialLearningRate, drop, epochsDrop, delayEpochs } = options;
  return delay({ schedule: stepDecay({ initialLearningRate, drop, epochsDrop }), delaySteps: delayEpochs });
}

/** The article's step decay, as {@link articleStepDecay} takes it. */
export interface StepDecaySettings {
  readonly initialLearningRate: number;
  readonly drop: number;
  readonly epochsDrop: number;
  readonly delayEpochs: number;
}

/**
 * The article's step decay scaled to a run of `epochs`: it holds the rate for half the run (100 of 200 epochs) and
 * halves it every tenth of the hold (10 epochs). The article's `init_lr` is 0.1; 0.01, the rate of its first program,
 * is used because 0.1 with momentum 0.9 ended at chance accuracy for 16 of 16 seeds.
 *
 * @example
 * ```ts
 * import { articleStepDecaySettings } from './schedules.js';
 * articleStepDecaySettings(200); // { initialLearningRate: 0.01, drop: 0.5, epochsDrop: 10, delayEpochs: 100 }
 * ```
 */
export function articleStepDecaySettings(epochs: number): StepDecaySettings {
  const delayEpochs = Math.max(0, Math.round(epochs / 2));
  return { initialLearningRate: 0.01, drop: 0.5, epochsDrop: Math.max(1, Math.round(epochs / 20)), delayEpochs };
}
