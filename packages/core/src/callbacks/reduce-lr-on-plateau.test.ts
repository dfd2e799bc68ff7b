import { describe, expect, test } from 'vitest';
import { InvalidOptionError, createController, reduceLROnPlateau } from '../index.js';

/** Epochs at which the plateau callback reduces the rate on a perfectly flat loss (the table in docs/callbacks.md). */
function reductionsOnFlatLoss(options: Parameters<typeof reduceLROnPlateau>[0], epochs = 12, loss = 1): number[] {
  const controller = createController({ learningRate: 1, callbacks: [reduceLROnPlateau({ monitor: 'loss', mode: 'min', factor: 0.5, ...options })] });
  controller.trainBegin();
  const reductions: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const before = controller.learningRate;
    controller.epochBegin(epoch);
    controller.batchBegin();
    controller.epochEnd(epoch, { loss });
    if (controller.learningRate < before) reductions.push(epoch);
  }
  return reductions;
}

describe('Keras and PyTorch plateau variants on one flat metric', () => {
  test.each([
    [2, 0, 'keras', [2, 4, 6, 8, 10]],
    [2, 0, 'pytorch', [3, 6, 9]],
    [2, 2, 'keras', [2, 5, 8, 11]],
    [2, 2, 'pytorch', [3, 8]],
    [0, 0, 'keras', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    [0, 0, 'pytorch', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
  ] as const)('patience %i, cooldown %i, %s: reduces at epochs %j', (patience, cooldown, variant, expected) => {
    expect(reductionsOnFlatLoss({ patience, cooldown, variant })).toEqual(expected);
  });

  // A diverged run logs inf from the start. PyTorch's best starts at inf, which inf does not beat, so epoch 0 is
  // already bad; Keras 3 takes the first value as the best, so its first bad epoch is 1.
  test.each([
    ['pytorch', [0, 1, 2, 3]],
    ['keras', [1, 2, 3]],
  ] as const)('patience 0 on a loss of Infinity, %s: reduces at epochs %j (and the state snapshots)', (variant, expected) => {
    expect(reductionsOnFlatLoss({ patience: 0, variant }, 4, Infinity)).toEqual(expected);
    const controller = createController({ learningRate: 1, callbacks: [reduceLROnPlateau({ monitor: 'loss', variant })] });
    controller.trainBegin();
    controller.epochBegin(0);
    controller.epochEnd(0, { loss: Infinity });
    const snapshot = JSON.parse(JSON.stringify(controller.snapshot()));
    expect(createController({ learningRate: 1, callbacks: [reduceLROnPlateau({ monitor: 'loss', variant })] }, { snapshot }).state).toEqual(controller.state);
  });
});

describe('options', () => {
  test.each([
    [{ factor: 1 }, 'factor'],
    [{ factor: 0 }, 'factor'],
    [{ patience: -1 }, 'patience'],
    [{ patience: 1.5 }, 'patience'],
    [{ minDelta: -0.1 }, 'minDelta'],
    [{ thresholdMode: 'abs' as const }, 'thresholdMode'],
    [{ monitor: 'throughput' }, 'mode'],
  ])('%j is refused at construction, naming %s', (options, option) => {
    let caught: unknown;
    try {
      reduceLROnPlateau(options);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidOptionError);
    expect((caught as InvalidOptionError).option).toBe(option);
  });
  test("'auto' decides the direction from the metric's name", () => {
    expect(() => reduceLROnPlateau({ monitor: 'val_accuracy' })).not.toThrow();
    expect(() => reduceLROnPlateau({ monitor: 'throughput', mode: 'max' })).not.toThrow();
  });
});
