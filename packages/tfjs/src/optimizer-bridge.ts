import { createController, InvalidOptionError, type Controller, type Schedule } from '@anneal/core';
import type { Optimizer, Tensor } from '@tensorflow/tfjs';
import { writeScalarInPlace } from './write-scalar-in-place.js';

/**
 * The tfjs optimizer classes anneal can drive, by their `getClassName()`.
 *
 * @example
 * ```ts
 * import type { DrivableOptimizerName } from '@anneal/tfjs';
 * const name: DrivableOptimizerName = 'Adam';
 * ```
 */
export type DrivableOptimizerName = 'SGD' | 'Momentum' | 'Adam' | 'Adamax' | 'Adagrad' | 'Adadelta' | 'RMSProp';

const DRIVABLE: readonly string[] = ['SGD', 'Momentum', 'Adam', 'Adamax', 'Adagrad', 'Adadelta', 'RMSProp'];

/**
 * An optimizer anneal cannot drive: a class whose learning rate it does not know how to set. Refused by name rather
 * than left at a silent constant rate.
 *
 * @example
 * ```ts
 * import { UnsupportedOptimizerError, withSchedule } from '@anneal/tfjs';
 * try {
 *   withSchedule(myCustomOptimizer, (step) => 0.01);
 * } catch (error) {
 *   if (error instanceof UnsupportedOptimizerError) console.log(error.optimizer);
 * }
 * ```
 */
export class UnsupportedOptimizerError extends Error {
  /** The optimizer's class name. */
  readonly optimizer: string;
  /** A stable code, as @anneal/core's errors carry. */
  readonly code = 'ANNEAL_TFJS_UNSUPPORTED_OPTIMIZER';

  constructor(optimizer: string) {
    super(
      `@anneal/tfjs cannot drive the learning rate of optimizer '${optimizer}'; supported: ${DRIVABLE.join(', ')} (tf.train.* and the optimizer strings of model.compile).`,
    );
    this.name = 'UnsupportedOptimizerError';
    this.optimizer = optimizer;
  }
}

/** The parts of a tfjs optimizer the bridge touches; tfjs keeps `learningRate` protected, so it is read and set here. */
interface DrivableOptimizer {
  getClassName(): string;
  readonly iterations: number;
  learningRate: number;
  setLearningRate?: (learningRate: number) => void;
  /** SGD's and Momentum's negated rate, a kept scalar tensor. */
  c?: Tensor;
  applyGradients(gradients: unknown): void;
}

/** What the bridge keeps per optimizer: the controller that answers each step, and what `withSchedule` installed. */
export interface Bridge {
  /** The controller the next step asks for its rate: the last one attached (`withSchedule` or a fit callback). */
  controller: Controller;
  /**
   * The schedule `withSchedule` gave, written only by `withSchedule`: a `fitCallback()` without `learningRate` adopts
   * it as the "in the optimizer" method, whatever rate an earlier `fitCallback({ learningRate })` attached.
   */
  schedule: Schedule | null;
  /** The fit callback whose training run attached the controller (cleared at its `onTrainEnd`), or null. */
  owner: object | null;
  /** The optimizer's own `applyGradients`, which the hook calls after setting the rate. */
  applyGradients: (gradients: unknown) => void;
}

const BRIDGES = new WeakMap<object, Bridge>();

function asDrivable(optimizer: Optimizer | null | undefined): DrivableOptimizer {
  if (optimizer === null || optimizer === undefined || typeof (optimizer as Partial<DrivableOptimizer>).applyGradients !== 'function') {
    throw new InvalidOptionError('@anneal/tfjs', 'optimizer', optimizer, 'must be a tfjs optimizer (tf.train.sgd(), tf.train.adam(), …)');
  }
  const drivable = optimizer as unknown as DrivableOptimizer;
  const name = typeof drivable.getClassName === 'function' ? drivable.getClassName() : String(optimizer);
  if (!DRIVABLE.includes(name)) throw new UnsupportedOptimizerError(name);
  return drivable;
}

/**
 * Makes every `applyGradients` of `optimizer` ask `controller` for its rate first — whether `model.fit`,
 * `model.fitDataset` or `optimizer.minimize` calls it — and gives the controller the optimizer's own iteration count
 * as the step. Installs the hook once per optimizer; later calls only swap the controller and its owner (null for
 * `withSchedule`). The schedule `withSchedule` recorded is left alone.
 */
export function attachController(optimizer: Optimizer, controller: Controller, owner: object | null = null): Bridge {
  const drivable = asDrivable(optimizer);
  const existing = BRIDGES.get(drivable);
  if (existing !== undefined) {
    existing.controller = controller;
    existing.owner = owner;
    return existing;
  }
  const bridge: Bridge = { controller, schedule: null, owner, applyGradients: drivable.applyGradients };
  BRIDGES.set(drivable, bridge);
  const isSgd = drivable.getClassName() === 'SGD' || drivable.getClassName() === 'Momentum';
  drivable.applyGradients = function applyScheduledGradients(this: DrivableOptimizer, gradients: unknown): void {
    const rate = bridge.controller.batchBegin(this.iterations);
    // SGD and Momentum keep the negated rate as a scalar tensor, which setLearningRate replaces (one new tensor per
    // change); on CPU-memory backends the scalar is rewritten where it lies instead, so a per-step schedule creates
    // no tensor either. Nothing is touched while the rate stays the same.
    if (rate !== this.learningRate) {
      if (isSgd && this.c !== undefined && writeScalarInPlace(this.c, -rate)) this.learningRate = rate;
      else if (isSgd && typeof this.setLearningRate === 'function') this.setLearningRate(rate);
      else this.learningRate = rate;
    }
    bridge.applyGradients.call(this, gradients);
  };
  return bridge;
}

/** The bridge of `optimizer` (its controller, `withSchedule`'s schedule, the fit driving it), if any. */
export function attachedTo(optimizer: Optimizer | null | undefined): Bridge | undefined {
  return optimizer === null || optimizer === undefined ? undefined : BRIDGES.get(optimizer);
}

/** The learning rate an optimizer was built with (tfjs keeps the field protected). */
export function currentLearningRate(optimizer: Optimizer): number {
  return asDrivable(optimizer).learningRate;
}

/**
 * "Method one": the optimizer's learning rate follows `schedule` at every `applyGradients`, evaluated at the
 * optimizer's own iteration count — right under `model.fit`, `model.fitDataset` and a custom loop with
 * `optimizer.minimize` alike. Returns the same optimizer instance; its state (Adam's moments, accumulators) is never
 * reset. Works for sgd, momentum (incl. nesterov), adam, adamax, adagrad, adadelta and rmsprop; any other optimizer
 * is an `UnsupportedOptimizerError`. tfjs's Adamax keeps its own legacy `decay` and divides the scheduled rate by
 * `1 + decay · iteration` (its own step counter) at every step — a second schedule stacked on this one; leave it at 0.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { exponentialDecay } from '@anneal/core';
 * import { withSchedule } from '@anneal/tfjs';
 * const optimizer = withSchedule(tf.train.adam(), exponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10_000, decayRate: 0.96 }));
 * model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
 * ```
 */
export function withSchedule<T extends Optimizer>(optimizer: T, schedule: Schedule): T {
  if (typeof schedule !== 'function') {
    throw new InvalidOptionError('withSchedule', 'schedule', schedule, 'must be a schedule, a function (step) => number');
  }
  attachController(optimizer, createController({ learningRate: schedule })).schedule = schedule;
  return optimizer;
}
