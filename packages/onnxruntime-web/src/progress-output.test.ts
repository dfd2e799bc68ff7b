import { exponentialDecay, reduceLROnPlateau, sample } from '@anneal/core';
import { irisFeatures, irisLabels, stratifiedSplit } from '@anneal/iris-data';
import { progressBar, type ProgressStream } from '@anneal/progress';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTrainer, dense, sgd } from './index.js';

// @anneal/progress under a real fit, end to end: what a Node user of the seed article sees with `verbose=1`.
beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

const split = stratifiedSplit({ labels: irisLabels, fractions: { train: 0.7, validation: 0.15, test: 0.15 }, seed: 3 });
const rows = (indices: readonly number[]) => indices.map((index) => [...(irisFeatures[index] as readonly number[])]);
const labels = (indices: readonly number[]) => indices.map((index) => irisLabels[index] as number);

function capture(isTTY: boolean): { stream: ProgressStream; text: () => string } {
  const chunks: string[] = [];
  return { stream: { write: (chunk: string) => chunks.push(chunk), isTTY, columns: 120 }, text: () => chunks.join('') };
}

async function fitWith(isTTY: boolean) {
  const output = capture(isTTY);
  const progress = progressBar({ stream: output.stream });
  const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 14, decayRate: 0.5, staircase: true });
  const trainer = await createTrainer({
    network: { inputSize: 4, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 6, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] },
    loss: 'sparseCategoricalCrossentropy',
    optimizer: sgd({ learningRate: schedule, momentum: 0.9 }),
    seed: 5,
    executionProvider: 'wasm',
  });
  try {
    const history = await trainer.fit(rows(split.train), labels(split.train), {
      epochs: 4,
      batchSize: 16,
      validationData: [rows(split.validation), labels(split.validation)],
      // minDelta makes every epoch a plateau, so the verbose line is certain to appear.
      callbacks: [reduceLROnPlateau({ monitor: 'val_loss', patience: 1, minDelta: 1e3, factor: 0.5, verbose: 1 })],
      progress,
    });
    return { text: output.text(), history, schedule };
  } finally {
    progress.stop();
    await trainer.release();
  }
}

// Each test trains 4 short epochs on wasm: ~3 s alone, longer on a loaded 2-core CI machine.
describe('progressBar() under trainer.fit', { timeout: 30_000 }, () => {
  test('off a terminal: one plain line per epoch with the epoch, the metrics and the rate, and the plateau lines between', async () => {
    const { text, history } = await fitWith(false);
    expect(text).not.toMatch(/\u001b\[/);
    const lines = text.trimEnd().split('\n');
    const epochLines = lines.filter((line) => /^Epoch \d+\/4 /.test(line));
    expect(epochLines).toHaveLength(4);
    epochLines.forEach((line, epoch) => {
      expect(line).toMatch(new RegExp(`^Epoch ${epoch + 1}/4 `));
      for (const key of ['loss', 'acc', 'val_loss', 'val_acc']) expect(line).toContain(`${key}: `);
      const loss = Number(/ loss: ([^ ]+)/.exec(line)?.[1]);
      expect(loss).toBeCloseTo(history.history['loss']?.[epoch] as number, 3);
      expect(line).toMatch(/ lr: [0-9.e-]+$/);
    });
    const plateau = lines.filter((line) => /ReduceLROnPlateau reducing learning rate to/.test(line));
    expect(plateau.length).toBeGreaterThan(0);
    // Each plateau line follows the line of the epoch it belongs to.
    for (const line of plateau) {
      const epoch = Number(/^Epoch (\d+):/.exec(line)?.[1]);
      expect(lines.indexOf(line)).toBeGreaterThan(lines.findIndex((other) => other.startsWith(`Epoch ${epoch}/4 `)));
    }
  });

  test('on a terminal: a bar per epoch, then the epoch line with the rate its last step used', async () => {
    const { text, schedule } = await fitWith(true);
    expect(text).toMatch(/\u001b\[/);
    for (let epoch = 1; epoch <= 4; epoch++) expect(text).toContain(`Epoch ${epoch}/4`);
    // Before any plateau cut (from epoch 2 on), the first epoch's rate is the schedule's.
    const steps = Math.ceil(split.train.length / 16);
    const firstRate = sample(schedule, { steps })[steps - 1] as number;
    expect(text).toContain(`lr: ${Number(firstRate.toPrecision(4))}`);
  });
});
