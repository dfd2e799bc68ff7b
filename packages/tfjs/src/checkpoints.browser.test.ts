import { exponentialDecay, modelCheckpoint } from '@anneal/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { accuracyOf, irisSplit, predictionRecorder, type IrisTensors } from './test-support/iris.js';
import { fitCallback, withSchedule } from './index.js';

// Runs in Debian's Chromium (vitest.browser.config.ts): modelCheckpoint's filepath given straight to fitCallback as the
// URLs model.save understands in a browser — indexeddb://, localstorage://, downloads:// — with Keras's placeholders
// filled in, and each checkpoint read back and compared with the model of the epoch it was saved at.

const EPOCHS = 12;


let train: IrisTensors;
let validation: IrisTensors;


beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  await tf.ready();
  ({ train, validation } = irisSplit({ train: 0.7, validation: 0.3, test: 0 }));
  await removeAnnealModels();
});

afterAll(async () => {
  await removeAnnealModels();
  tf.dispose([train.x, train.y, validation.x, validation.y]);
});

/** Removes what earlier runs of these tests left in IndexedDB and localStorage. */
async function removeAnnealModels(): Promise<void> {
  for (const url of Object.keys(await tf.io.listModels())) if (url.includes('anneal-best')) await tf.io.removeModel(url);
}


/** The parts of an `<a>` element the download test touches (the package's tsconfig has no DOM lib). */
interface Anchor {
  download: string;
  href: string;
  dispatchEvent(event: Event): boolean;
}

interface Save {
  readonly epoch: number;
  readonly value: number;
}

interface Run {
  /** The epochs a best-only checkpoint saves at, with their val_acc. */
  readonly saves: Save[];
  /** Validation predictions at the end of every epoch, after that epoch's checkpoint. */
  readonly predictionsByEpoch: number[][][];
  readonly valAcc: number[];
}

/** Trains the iris MLP with a best-by-val_acc checkpoint to `filepath`, saved by fitCallback itself. */
async function fitWithCheckpoint(filepath: string): Promise<Run> {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4], kernelInitializer: init(41) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(42) }),
    ],
  });
  model.compile({
    optimizer: withSchedule(tf.train.adam(0.05), exponentialDecay({ initialLearningRate: 0.05, decaySteps: 100, decayRate: 0.9 })),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const { callback: recorder, predictionsByEpoch } = predictionRecorder(model, validation.x);
  const history = await model.fit(train.x, train.y, {
    epochs: EPOCHS,
    batchSize: 10,
    validationData: [validation.x, validation.y],
    shuffle: false,
    verbose: 0,
    // No checkpointHandler: fitCallback fills the placeholders in and calls model.save with the URL itself.
    callbacks: [fitCallback({ callbacks: [modelCheckpoint({ filepath, monitor: 'val_acc', mode: 'max', saveBestOnly: true })], log: () => {} }), recorder],
  });
  const valAcc = history.history['val_acc'] as number[];
  // saveBestOnly in mode 'max' saves exactly at the epochs whose val_acc beats every earlier one.
  const saves: Save[] = [];
  valAcc.forEach((value, epoch) => {
    if (saves.every((save) => save.value < value)) saves.push({ epoch, value });
  });
  model.dispose();
  return { saves, predictionsByEpoch, valAcc };
}

/** `model`'s predictions on the validation set. */
async function predictionsOf(model: tf.LayersModel): Promise<number[][]> {
  const predicted = model.predict(validation.x) as tf.Tensor;
  const values = (await predicted.array()) as number[][];
  predicted.dispose();
  return values;
}

describe('modelCheckpoint to the browser IO handlers, through fitCallback', () => {
  test("indexeddb://anneal-best-{epoch}: one model per improvement, each reloads as its epoch's model", async () => {
    const run = await fitWithCheckpoint('indexeddb://anneal-best-{epoch}');
    expect(run.saves.length).toBeGreaterThan(1);
    const stored = Object.keys(await tf.io.listModels()).filter((url) => url.startsWith('indexeddb://anneal-best-'));
    // {epoch} is 1-based, as in Keras.
    expect(stored.sort()).toEqual(run.saves.map((save) => `indexeddb://anneal-best-${save.epoch + 1}`).sort());
    for (const save of run.saves) {
      const reloaded = await tf.loadLayersModel(`indexeddb://anneal-best-${save.epoch + 1}`);
      const predictions = await predictionsOf(reloaded);
      expect(predictions).toEqual(run.predictionsByEpoch[save.epoch]);
      expect(accuracyOf(predictions, validation.labels)).toBeCloseTo(run.valAcc[save.epoch] as number, 6);
      reloaded.dispose();
    }
    // The last one is the best val_acc of the run.
    expect(run.saves.at(-1)?.value).toBe(Math.max(...run.valAcc));
  });

  test('localstorage://anneal-best: overwritten at each improvement, reloads as the best epoch', async () => {
    const run = await fitWithCheckpoint('localstorage://anneal-best');
    expect(run.saves.length).toBeGreaterThan(0);
    const best = run.saves.at(-1) as Save;
    expect(best.value).toBe(Math.max(...run.valAcc));
    expect(Object.keys(await tf.io.listModels())).toContain('localstorage://anneal-best');
    const reloaded = await tf.loadLayersModel('localstorage://anneal-best');
    const predictions = await predictionsOf(reloaded);
    expect(predictions).toEqual(run.predictionsByEpoch[best.epoch]);
    expect(accuracyOf(predictions, validation.labels)).toBeCloseTo(best.value, 6);
    // The premise that gives the test teeth: the best epoch is not the last, whose model differs.
    expect(best.epoch).toBeLessThan(EPOCHS - 1);
    expect(predictions).not.toEqual(run.predictionsByEpoch[EPOCHS - 1]);
    reloaded.dispose();
  });

  test('downloads://anneal-best-{epoch:02d}-{val_acc:.2f}: two files per save, named with the values, loadable', async () => {
    // Catch tfjs's download clicks (BrowserDownloads dispatches a click on an <a download>): record the file name and
    // the blob URL instead of downloading.
    const clicks: { name: string; href: string }[] = [];
    const anchor = (globalThis as unknown as { HTMLAnchorElement: { prototype: Anchor } }).HTMLAnchorElement.prototype;
    const dispatch = anchor.dispatchEvent;
    anchor.dispatchEvent = function (this: Anchor, event: Event): boolean {
      if (event.type === 'click' && this.download !== '') {
        clicks.push({ name: this.download, href: this.href });
        return true;
      }
      return dispatch.call(this, event);
    };
    let run: Run;
    try {
      run = await fitWithCheckpoint('downloads://anneal-best-{epoch:02d}-{val_acc:.2f}');
    } finally {
      anchor.dispatchEvent = dispatch;
    }
    expect(run.saves.length).toBeGreaterThan(0);
    const names = run.saves.flatMap((save) => {
      const stem = `anneal-best-${String(save.epoch + 1).padStart(2, '0')}-${save.value.toFixed(2)}`;
      return [`${stem}.json`, `${stem}.weights.bin`];
    });
    expect(clicks.map((click) => click.name)).toEqual(names);
    // Read the best save's two files back, as a user would pick them in a file input.
    const best = run.saves.at(-1) as Save;
    const files = await Promise.all(
      clicks.slice(-2).map(async ({ name, href }) => new File([await (await fetch(href)).blob()], name)),
    );
    const reloaded = await tf.loadLayersModel(tf.io.browserFiles(files));
    const predictions = await predictionsOf(reloaded);
    expect(predictions).toEqual(run.predictionsByEpoch[best.epoch]);
    expect(accuracyOf(predictions, validation.labels)).toBeCloseTo(best.value, 6);
    reloaded.dispose();
  });
});
