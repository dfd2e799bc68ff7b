import {
  createController,
  earlyStopping,
  learningRateScheduler,
  modelCheckpoint,
  reduceLROnPlateau,
  type Callback,
  type CallbackContext,
  type CallbackOutcome,
  type ConfiguredSchedule,
  type JsonValue,
} from '@anneal/core';
import { stepsPerEpoch } from './data.js';
import { articleStepDecay, buildSchedule, scheduleFromKerasJson } from './schedules.js';
import type { ExperimentSettings } from './settings.js';

/**
 * The first time a callback set the learning rate: under the conflict rule, where method two took over from method
 * one. `fromEpoch` is the first epoch whose steps use the callback's rate (the epoch itself for a rate set at its
 * begin, the next one for a rate set at its end).
 */
export interface Takeover {
  readonly source: string;
  readonly epoch: number;
  readonly fromEpoch: number;
  readonly learningRate: number;
}

/** What the run's callbacks are made of. */
export interface BuiltCallbacks {
  /** Method one: the schedule, or the constant rate when method one is off. */
  readonly learningRate: ConfiguredSchedule | number;
  /** Method two and the others, in the order the controller runs them. */
  readonly callbacks: Callback[];
  /** Whether a callback may set the rate (the conflict rule applies when method one is on too). */
  readonly setsLearningRate: boolean;
}

/**
 * Method one as configured: the schedule, or `null` when the optimizer keeps a constant rate.
 *
 * @example
 * ```ts
 * import { articleSettings } from './settings.js';
 * import { scheduleOf } from './callbacks.js';
 * scheduleOf(articleSettings())?.config.name; // 'exponentialDecay'
 * ```
 */
export function scheduleOf(settings: ExperimentSettings): ConfiguredSchedule | null {
  const choice = settings.schedule;
  if (choice === null) return null;
  return choice.kind === 'builtin' ? buildSchedule(choice.name, choice.options) : scheduleFromKerasJson(choice.json);
}

/**
 * The callbacks of an experiment, in Keras's order for the article: the learning-rate callbacks (method two) first,
 * then the checkpoint and early stopping, which see the epoch's logs with the rate in force. `onTakeover` hears the
 * first rate a callback sets.
 *
 * @example
 * ```ts
 * import { articleSettings } from './settings.js';
 * import { buildCallbacks } from './callbacks.js';
 * const { learningRate, callbacks } = buildCallbacks(articleSettings(), { onTakeover: (takeover) => console.log(takeover) });
 * ```
 */
export function buildCallbacks(settings: ExperimentSettings, hooks: { onTakeover?: (takeover: Takeover) => void; checkpointPath?: string } = {}): BuiltCallbacks {
  const schedule = scheduleOf(settings);
  const callbacks: Callback[] = [];
  let taken = false;
  const watch = (callback: Callback): Callback =>
    watchRateChanges(callback, (takeover) => {
      if (taken) return;
      taken = true;
      hooks.onTakeover?.(takeover);
    });
  if (settings.stepDecay !== null) callbacks.push(watch(learningRateScheduler(articleStepDecay(settings.stepDecay))));
  if (settings.plateau !== null) callbacks.push(watch(reduceLROnPlateau({ ...settings.plateau })));
  if (settings.checkpoint) {
    callbacks.push(modelCheckpoint({ filepath: hooks.checkpointPath ?? 'iris-best', monitor: 'val_acc', mode: 'max', saveBestOnly: true }));
  }
  if (settings.earlyStopping !== null) callbacks.push(earlyStopping({ ...settings.earlyStopping }));
  return { learningRate: schedule ?? settings.learningRate, callbacks, setsLearningRate: callbacks.some((callback) => callback.setsLearningRate) };
}

type Hook = 'onTrainBegin' | 'onEpochBegin' | 'onBatchEnd' | 'onEpochEnd' | 'onTrainEnd';
const HOOKS: readonly Hook[] = ['onTrainBegin', 'onEpochBegin', 'onBatchEnd', 'onEpochEnd', 'onTrainEnd'];

/**
 * The same callback, reporting every rate it sets. Its hooks stay the callback's own (same state, same outcomes), so
 * snapshots and the conflict rule are unchanged; only the report is added.
 */
export function watchRateChanges(callback: Callback, report: (takeover: Takeover) => void): Callback {
  const watched: Record<string, unknown> = { ...callback };
  for (const hook of HOOKS) {
    const original = callback[hook];
    if (original === undefined) continue;
    watched[hook] = (state: JsonValue, context: CallbackContext): CallbackOutcome | undefined => {
      const outcome = original.call(callback, state, context);
      if (outcome?.learningRate !== undefined) {
        report({ source: callback.name, epoch: context.epoch, fromEpoch: hook === 'onEpochEnd' ? context.epoch + 1 : context.epoch, learningRate: outcome.learningRate });
      }
      return outcome;
    };
  }
  return watched as unknown as Callback;
}

/** The learning rates a run will use, as far as they can be known before training. */
export interface Preview {
  /** The rate of every optimizer step. */
  readonly steps: Float64Array;
  /** Per epoch, what the history will log as `learningRate`: the rate in force at the epoch's end. */
  readonly epochs: number[];
  readonly stepsPerEpoch: number;
  /** Where a learning-rate callback takes over, when one does regardless of the metrics. */
  readonly takeover: Takeover | null;
  /** Callbacks left out because their rates depend on the metrics (the plateau). */
  readonly dependsOnMetrics: string[];
}

/**
 * The learning-rate curve before training: the core's controller run over the experiment's epochs and steps with the
 * schedule and the step-decay callback, without metrics. A plateau reduction depends on the metrics, so it is left out
 * and named in `dependsOnMetrics`. `conflict: 'error'` with both methods throws the core's `LearningRateConflictError`,
 * as training would.
 *
 * @example
 * ```ts
 * import { articleSettings } from './settings.js';
 * import { previewLearningRates } from './callbacks.js';
 * const preview = previewLearningRates({ ...articleSettings(), epochs: 10 });
 * preview.steps.length; // 210
 * ```
 */
export function previewLearningRates(settings: ExperimentSettings): Preview {
  const perEpoch = stepsPerEpoch(settings.batchSize);
  const schedule = scheduleOf(settings);
  let takeover: Takeover | null = null;
  const callbacks: Callback[] = [];
  if (settings.stepDecay !== null) {
    callbacks.push(
      watchRateChanges(learningRateScheduler(articleStepDecay(settings.stepDecay)), (found) => {
        takeover ??= found;
      }),
    );
  }
  const controller = createController({
    learningRate: schedule ?? settings.learningRate,
    callbacks,
    conflict: settings.conflict,
    log: () => {},
    warn: () => {},
  });
  // A plateau would refuse `conflict: 'error'` with a schedule at construction; check it the same way.
  if (settings.plateau !== null) {
    createController({ learningRate: schedule ?? settings.learningRate, callbacks: [reduceLROnPlateau({ ...settings.plateau })], conflict: settings.conflict });
  }
  const steps = new Float64Array(settings.epochs * perEpoch);
  const epochs: number[] = [];
  controller.trainBegin();
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    controller.epochBegin(epoch);
    for (let batch = 0; batch < perEpoch; batch++) {
      steps[epoch * perEpoch + batch] = controller.batchBegin();
      controller.batchEnd({});
    }
    const logs: Record<string, number> = {};
    controller.epochEnd(epoch, logs);
    epochs.push(logs['learningRate'] as number);
  }
  controller.trainEnd();
  return { steps, epochs, stepsPerEpoch: perEpoch, takeover, dependsOnMetrics: settings.plateau === null ? [] : ['reduceLROnPlateau'] };
}
