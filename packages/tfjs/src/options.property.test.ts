import { createController } from '@anneal/core';
import * as tf from '@tensorflow/tfjs';
import { describe } from 'vitest';
import {
  AnnealFitCallback,
  classifier,
  fitCallback,
  optimizerFromKerasConfig,
  type ClassifierOptions,
  type FitCallbackOptions,
  type OptimizerFromKerasConfigOptions,
} from './index.js';
import { factory, typoProof } from '../../../tooling/typo-proof.ts';

// Every function of @anneal/tfjs that takes an options object: any key it does not declare is refused with an
// UnknownOptionError naming it (and, for a one-edit typo, suggesting the key it came from) — never silently ignored —
// and every declared key is accepted. Each key list is checked against the options type at compile time, and against
// the list the function itself reports (`validOptions`) at run time. `@anneal/tfjs/node`'s `fileSystemHandler` takes a
// directory, not an options object.

const noop = (): void => undefined;
const fitCallbackKeys = {
  callbacks: true,
  learningRate: true,
  conflict: true,
  checkpointHandler: true,
  log: true,
  warn: true,
  progress: true,
  snapshot: true,
} as const satisfies Record<keyof FitCallbackOptions, true>;
const fitCallbackValid: Required<FitCallbackOptions> = {
  callbacks: [],
  learningRate: (step) => 0.1 / (1 + step),
  conflict: 'scale',
  checkpointHandler: () => 'memory://model',
  log: noop,
  warn: noop,
  progress: {},
  snapshot: createController({ learningRate: 0.1 }).snapshot(),
};

describe('@anneal/tfjs options are typo-proof', () => {
  typoProof([
    factory<FitCallbackOptions>('fitCallback', fitCallbackKeys, {}, fitCallbackValid, fitCallback),
    factory<FitCallbackOptions>('new AnnealFitCallback', fitCallbackKeys, {}, fitCallbackValid, (options) => new AnnealFitCallback(options)),
    factory<ClassifierOptions<number>>(
      'classifier',
      {
        model: true,
        epochs: true,
        batchSize: true,
        verbose: true,
        callbacks: true,
        validationSplit: true,
        validationData: true,
        shuffle: true,
        conflict: true,
        learningRate: true,
        checkpointHandler: true,
        log: true,
        warn: true,
        progress: true,
      },
      { model: () => tf.sequential() },
      {
        model: () => tf.sequential(),
        epochs: 2,
        batchSize: 4,
        verbose: 0,
        callbacks: [],
        validationSplit: 0.25,
        validationData: [[[0, 1], [1, 0]], [0, 1]],
        shuffle: false,
        conflict: 'error',
        learningRate: 0.01,
        checkpointHandler: () => 'memory://model',
        log: noop,
        warn: noop,
        progress: {},
      },
      classifier,
    ),
    factory<OptimizerFromKerasConfigOptions>(
      'optimizerFromKerasConfig',
      { config: true, warn: true },
      { config: { class_name: 'SGD', config: {} } },
      { config: { class_name: 'SGD', config: { learning_rate: 0.1 } }, warn: noop },
      optimizerFromKerasConfig,
    ),
  ]);
});
