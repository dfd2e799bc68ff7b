import { checkOptionKeys, fromKerasOptimizerConfig, InvalidOptionError, type KerasOptimizerConfig } from '@anneal/core';
import * as tf from '@tensorflow/tfjs';
import { withSchedule } from './optimizer-bridge.js';

/**
 * Options of {@link optimizerFromKerasConfig}.
 *
 * @example
 * ```ts
 * import type { OptimizerFromKerasConfigOptions } from '@anneal/tfjs';
 * const options: OptimizerFromKerasConfigOptions = { config: { class_name: 'SGD', config: { learning_rate: 0.1, decay: 0.01, momentum: 0.9 } } };
 * ```
 */
export interface OptimizerFromKerasConfigOptions {
  /** A serialized Keras optimizer (`SGD`, `Adam`, `RMSprop`; Keras 3, tf.keras 2 or standalone Keras 2). */
  readonly config: KerasOptimizerConfig;
  /** Receives the deprecation warning for tf.keras 2's `lr`. Default `console.warn`. */
  readonly warn?: (message: string) => void;
}

/**
 * The tfjs optimizer a Keras optimizer config describes, read by `fromKerasOptimizerConfig` from `@anneal/core`:
 * `SGD` is `tf.train.sgd` (or `tf.train.momentum` with momentum or Nesterov), `Adam` `tf.train.adam`, `RMSprop`
 * `tf.train.rmsprop`. A learning-rate schedule — tf.keras 2's `decay` included, as
 * `inverseTimeDecay({ decaySteps: 1, decayRate: decay })` — drives it through `withSchedule`.
 *
 * @throws {KerasConfigError} for what the config reader refuses; `InvalidOptionError` for `amsgrad: true`, which
 * tfjs's Adam lacks, and for RMSprop's `centered: true`, which tfjs computes differently (NaN where Keras is finite).
 *
 * @example
 * ```ts
 * import { optimizerFromKerasConfig } from '@anneal/tfjs';
 * // tf.keras 2: SGD(lr=0.1, momentum=0.9, decay=0.01) — step t trains at 0.1 / (1 + 0.01 t).
 * const optimizer = optimizerFromKerasConfig({ config: { class_name: 'SGD', config: { lr: 0.1, momentum: 0.9, decay: 0.01 } } });
 * model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
 * ```
 */
export function optimizerFromKerasConfig(options: OptimizerFromKerasConfigOptions): tf.Optimizer {
  checkOptionKeys({ source: 'optimizerFromKerasConfig', options, validKeys: ['config', 'warn'] });
  const read = fromKerasOptimizerConfig(options);
  const { learningRate } = read;
  // The rate the optimizer is built with; a schedule replaces it at every step through withSchedule.
  const initial = typeof learningRate === 'number' ? learningRate : learningRate(0);
  let optimizer: tf.Optimizer;
  if (read.className === 'SGD') {
    optimizer = read.momentum === 0 && !read.nesterov ? tf.train.sgd(initial) : tf.train.momentum(initial, read.momentum, read.nesterov);
  } else if (read.className === 'Adam') {
    if (read.amsgrad) throw new InvalidOptionError('optimizerFromKerasConfig', 'config.amsgrad', true, "is not supported: tfjs's Adam has no AMSGrad variant");
    optimizer = tf.train.adam(initial, read.beta1, read.beta2, read.epsilon);
  } else {
    // tfjs's centered RMSprop takes ε from under the root (√(s − ḡ² − ε)) where Keras adds it: NaN wherever s = ḡ².
    if (read.centered) throw new InvalidOptionError('optimizerFromKerasConfig', 'config.centered', true, "is not supported: tfjs's centered RMSprop subtracts epsilon where Keras adds it (NaN for a zero gradient)");
    optimizer = tf.train.rmsprop(initial, read.rho, read.momentum, read.epsilon);
  }
  return typeof learningRate === 'number' ? optimizer : withSchedule(optimizer, learningRate);
}
