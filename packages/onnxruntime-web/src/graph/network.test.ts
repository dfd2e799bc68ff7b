import { InvalidOptionError, UnknownOptionError } from '@anneal/core';
import { describe, expect, test } from 'vitest';
import { checkNetwork, checkTraining, dense, networkParameters, type NetworkSpec } from './network.js';

const optionOf = (action: () => unknown): string | undefined => {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidOptionError) return error.option;
    throw error;
  }
  return undefined;
};

describe('dense', () => {
  test('fills Keras defaults: linear activation, glorot-uniform kernel', () => {
    expect(dense({ units: 3 })).toEqual({ kind: 'dense', units: 3, activation: 'linear', kernelInitializer: 'glorotUniform' });
  });

  test('rejects bad units, activations, initializers and unknown keys', () => {
    expect(optionOf(() => dense({ units: 0 }))).toBe('units');
    expect(optionOf(() => dense({ units: 2.5 }))).toBe('units');
    expect(optionOf(() => dense({ units: 3, activation: 'gelu' as never }))).toBe('activation');
    expect(optionOf(() => dense({ units: 3, kernelInitializer: 'orthogonal' as never }))).toBe('kernelInitializer');
    expect(() => dense({ units: 3, activaton: 'relu' } as never)).toThrow(UnknownOptionError);
  });
});

describe('checkNetwork and checkTraining', () => {
  const classifier: NetworkSpec = { inputSize: 4, layers: [dense({ units: 8, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] };
  const binary: NetworkSpec = { inputSize: 2, layers: [dense({ units: 1, activation: 'sigmoid' })] };

  test('softmax only in the last layer, at least one layer, valid input size', () => {
    expect(optionOf(() => checkNetwork({ inputSize: 4, layers: [dense({ units: 3, activation: 'softmax' }), dense({ units: 1 })] }))).toBe('layers[0].activation');
    expect(optionOf(() => checkNetwork({ inputSize: 4, layers: [] }))).toBe('layers');
    expect(optionOf(() => checkNetwork({ inputSize: 0, layers: [dense({ units: 1 })] }))).toBe('inputSize');
    expect(optionOf(() => checkNetwork({ inputSize: 2, layers: [{ units: 1 } as never] }))).toBe('layers[0]');
  });

  test('resolves every loss to its graph form and accuracy', () => {
    expect(checkTraining({ network: classifier, loss: 'categoricalCrossentropy' })).toMatchObject({ lossForm: 'softmaxCrossEntropy', accuracyForm: 'categorical', outputSize: 3 });
    expect(checkTraining({ network: classifier, loss: 'sparseCategoricalCrossentropy' })).toMatchObject({ lossForm: 'softmaxCrossEntropy', accuracyForm: 'categorical' });
    expect(checkTraining({ network: classifier, loss: 'meanSquaredError' })).toMatchObject({ lossForm: 'meanSquaredError', accuracyForm: 'categorical' });
    expect(checkTraining({ network: binary, loss: 'binaryCrossentropy' })).toMatchObject({ lossForm: 'sigmoidBinaryCrossEntropy', accuracyForm: 'binary', outputSize: 1 });
    expect(checkTraining({ network: binary, loss: 'meanSquaredError' })).toMatchObject({ lossForm: 'meanSquaredError', accuracyForm: 'binary' });
  });

  test('cross-entropies need the matching last activation', () => {
    expect(optionOf(() => checkTraining({ network: binary, loss: 'categoricalCrossentropy' }))).toBe('network.layers[0].activation');
    expect(optionOf(() => checkTraining({ network: classifier, loss: 'binaryCrossentropy' }))).toBe('network.layers[1].activation');
    expect(optionOf(() => checkTraining({ network: classifier, loss: 'hinge' as never }))).toBe('loss');
  });

  test('lists parameters with graph names and shapes', () => {
    expect(networkParameters(classifier).map(({ name, shape, initializer }) => ({ name, shape, initializer }))).toEqual([
      { name: 'dense_0/kernel', shape: [4, 8], initializer: 'glorotUniform' },
      { name: 'dense_0/bias', shape: [8], initializer: 'zeros' },
      { name: 'dense_1/kernel', shape: [8, 3], initializer: 'glorotUniform' },
      { name: 'dense_1/bias', shape: [3], initializer: 'zeros' },
    ]);
  });
});
