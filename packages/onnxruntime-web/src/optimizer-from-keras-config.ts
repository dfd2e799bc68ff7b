import { checkOptionKeys, fromKerasOptimizerConfig, InvalidOptionError, type KerasOptimizerConfig } from '@anneal/core';
import { adam, rmsprop, sgd, type OptimizerSpec } from './optimizers/optimizers.js';

/**
 * Options of {@link optimizerFromKerasConfig}.
 *
 * @example
 * ```ts
 * import type { OptimizerFromKerasConfigOptions } from '@anneal/onnxruntime-web';
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
 * The trainer's optimizer spec for a Keras optimizer config, read by `fromKerasOptimizerConfig` from `@anneal/core`:
 * `SGD` is `sgd`, `Adam` `adam`, `RMSprop` `rmsprop`, with the learning rate — tf.keras 2's `decay` folded in as
 * `inverseTimeDecay({ decaySteps: 1, decayRate: decay })` — as the spec's `learningRate`.
 *
 * @throws {KerasConfigError} for what the config reader refuses; `InvalidOptionError` for `amsgrad: true` and
 * `centered: true`, which the trainer's optimizers lack.
 *
 * @example
 * ```ts
 * import { createTrainer, optimizerFromKerasConfig } from '@anneal/onnxruntime-web';
 * // tf.keras 2: SGD(lr=0.1, momentum=0.9, decay=0.01) — step t trains at 0.1 / (1 + 0.01 t).
 * const optimizer = optimizerFromKerasConfig({ config: { class_name: 'SGD', config: { lr: 0.1, momentum: 0.9, decay: 0.01 } } });
 * const trainer = await createTrainer({ network, loss: 'categoricalCrossentropy', optimizer });
 * ```
 */
export function optimizerFromKerasConfig(options: OptimizerFromKerasConfigOptions): OptimizerSpec {
  const source = 'optimizerFromKerasConfig';
  checkOptionKeys({ source, options, validKeys: ['config', 'warn'] });
  const read = fromKerasOptimizerConfig(options);
  const { learningRate } = read;
  if (read.className === 'SGD') return sgd({ learningRate, momentum: read.momentum, nesterov: read.nesterov });
  if (read.className === 'Adam') {
    if (read.amsgrad) throw new InvalidOptionError(source, 'config.amsgrad', true, 'is not supported: the trainer has no AMSGrad variant');
    return adam({ learningRate, beta1: read.beta1, beta2: read.beta2, epsilon: read.epsilon });
  }
  if (read.centered) throw new InvalidOptionError(source, 'config.centered', true, 'is not supported: the trainer has no centered RMSprop');
  return rmsprop({ learningRate, rho: read.rho, momentum: read.momentum, epsilon: read.epsilon });
}
