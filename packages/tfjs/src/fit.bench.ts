import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exponentialDecay, modelCheckpoint, reduceLROnPlateau } from '@anneal/core';
import { irisFeatures, irisLabels, oneHot } from '@anneal/iris-data';
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import { fitCallback, withSchedule } from './index.js';
import { attachedTo } from './optimizer-bridge.js';

// The seed article's iris training — 4-4-6-3 MLP, SGD momentum 0.9, batch 5, 200 epochs — on the CPU backend, three
// ways in one run: a constant rate, the schedule in the optimizer, and the schedule plus plateau and checkpoint
// callbacks. Besides time, each way is counted once: GPU→CPU reads (the backend's read and readSync), tensors
// created (the engine's tensor ids) and tensors still alive after fit. Wall-time differences of a few percent are
// inside the rounds' spread, so the time anneal's own code takes is also measured directly (see `instrument`).
await tf.setBackend('cpu');
await tf.ready();

const EPOCHS = 200;
const x = tf.tensor2d(irisFeatures.map((row) => [...row]));
const y = tf.tensor2d(oneHot({ labels: irisLabels, classes: 3 }));
const STEPS = EPOCHS * Math.ceil(irisLabels.length / 5);

type Way = 'constant rate' | 'schedule in the optimizer' | 'schedule + plateau + checkpoint';

function build(way: Way): { model: tf.Sequential; optimizer: tf.Optimizer; callbacks: ReturnType<typeof fitCallback>[] } {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, activation: 'relu', inputShape: [4], kernelInitializer: init(1) }),
      tf.layers.dense({ units: 6, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
  const schedule = exponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10_000, decayRate: 0.96 });
  const optimizer = way === 'constant rate' ? tf.train.momentum(1e-2, 0.9) : withSchedule(tf.train.momentum(1e-2, 0.9), schedule);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  if (way !== 'schedule + plateau + checkpoint') return { model, optimizer, callbacks: [] };
  const discard = tf.io.withSaveHandler(async (artifacts) => ({ modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) }));
  return {
    model,
    optimizer,
    callbacks: [
      fitCallback({
        callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 20, factor: 0.5, minLr: 1e-4 }), modelCheckpoint({ filepath: 'best', monitor: 'acc', mode: 'max', saveBestOnly: true })],
        checkpointHandler: () => discard,
        log: () => {},
      }),
    ],
  };
}

/** What one fit measured: anneal's own time, the rate changes, and the rates logged per epoch. */
interface Run {
  annealMilliseconds: number;
  rateChanges: number;
  /** tfjs's `setLearningRate` (one new scalar tensor each); the bridge rewrites the rate in place instead on cpu. */
  setLearningRateCalls: number;
  learningRates: number[];
}

/**
 * Times anneal's own code in a fit: per step, the bridge's hook minus the optimizer's original `applyGradients` inside
 * it (that is `controller.batchBegin` plus the rate write when the rate changes), and the whole of every
 * fitCallback hook (log resolution, the controller's events, checkpoints, weight snapshots). Two `performance.now()`
 * pairs per step are included in the figure, so it slightly overstates the cost.
 */
function instrument(optimizer: tf.Optimizer, callbacks: ReturnType<typeof fitCallback>[], run: Run): void {
  const bridge = attachedTo(optimizer);
  if (bridge === undefined) return;
  const original = bridge.applyGradients;
  const drivable = optimizer as unknown as { applyGradients: (this: { learningRate: number }, gradients: unknown) => void; setLearningRate: (rate: number) => void };
  const hook = drivable.applyGradients;
  const setLearningRate = drivable.setLearningRate;
  let inner = 0;
  bridge.applyGradients = function timedOriginal(this: unknown, gradients: unknown): void {
    const start = performance.now();
    original.call(this, gradients);
    inner += performance.now() - start;
  };
  drivable.applyGradients = function timedHook(this: { learningRate: number }, gradients: unknown): void {
    const before = this.learningRate;
    const start = performance.now();
    inner = 0;
    hook.call(this, gradients);
    run.annealMilliseconds += performance.now() - start - inner;
    if (this.learningRate !== before) run.rateChanges += 1;
  };
  drivable.setLearningRate = function countedSet(this: unknown, rate: number): void {
    run.setLearningRateCalls += 1;
    setLearningRate.call(this, rate);
  };
  for (const callback of callbacks) {
    const target = callback as unknown as Record<string, (...args: unknown[]) => Promise<void>>;
    for (const name of ['onTrainBegin', 'onEpochBegin', 'onBatchEnd', 'onEpochEnd', 'onTrainEnd']) {
      const method = target[name] as (...args: unknown[]) => Promise<void>;
      target[name] = async (...args: unknown[]) => {
        const start = performance.now();
        await method.apply(callback, args);
        run.annealMilliseconds += performance.now() - start;
      };
    }
  }
}

async function fit(way: Way): Promise<Run> {
  const { model, optimizer, callbacks } = build(way);
  const run: Run = { annealMilliseconds: 0, rateChanges: 0, setLearningRateCalls: 0, learningRates: [] };
  instrument(optimizer, callbacks, run);
  const history = await model.fit(x, y, { epochs: EPOCHS, batchSize: 5, shuffle: false, verbose: 0, callbacks });
  run.learningRates = (history.history['learningRate'] as number[] | undefined) ?? [];
  model.dispose();
  return run;
}

const ways: Way[] = ['constant rate', 'schedule in the optimizer', 'schedule + plateau + checkpoint'];

async function count(way: Way) {
  const backend = tf.backend() as unknown as { read: (...args: unknown[]) => unknown; readSync: (...args: unknown[]) => unknown };
  const { read, readSync } = backend;
  let reads = 0;
  backend.read = (...args) => ((reads += 1), read.apply(backend, args));
  backend.readSync = (...args) => ((reads += 1), readSync.apply(backend, args));
  // tfjs numbers every tensor it creates from one static counter on the Engine class.
  const ids = tf.engine().constructor as unknown as { nextTensorId: number };
  const firstId = ids.nextTensorId;
  const alive = tf.memory().numTensors;
  const run = await fit(way);
  const counts = { way, reads, tensorsCreated: ids.nextTensorId - firstId, tensorsLeftAlive: tf.memory().numTensors - alive, rateChanges: run.rateChanges, setLearningRateCalls: run.setLearningRateCalls };
  if (way === 'schedule + plateau + checkpoint') {
    // The plateau must act, and must not drive the rate to nothing: the rate ends between minLr and the schedule.
    const last = run.learningRates.at(-1) ?? Number.NaN;
    const cuts = run.learningRates.filter((rate, epoch) => epoch > 0 && rate < (run.learningRates[epoch - 1] as number) * 0.75).length;
    if (!(last >= 1e-4 && last < 1e-2 && cuts > 0)) throw new Error(`plateau way degenerate: last rate ${last}, ${cuts} cuts`);
    console.log(`plateau way: ${cuts} plateau cuts, final rate ${last}`);
  }
  backend.read = read;
  backend.readSync = readSync;
  return counts;
}

const counts = [];
for (const way of ways) counts.push(await count(way));

// Timing: the three ways interleaved over several rounds, so that drift of a shared machine hits all of them alike;
// the median of each is compared, with the min–max spread. anneal's own time is recorded in the same runs.
const ROUNDS = 7;
const times: Record<Way, number[]> = { 'constant rate': [], 'schedule in the optimizer': [], 'schedule + plateau + checkpoint': [] };
const annealTimes: Record<Way, number[]> = { 'constant rate': [], 'schedule in the optimizer': [], 'schedule + plateau + checkpoint': [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const way of ways) {
    const start = performance.now();
    const run = await fit(way);
    times[way].push(performance.now() - start);
    annealTimes[way].push(run.annealMilliseconds);
  }
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const baseTime = median(times['constant rate']);
const base = counts[0] as { reads: number; tensorsCreated: number };
const percent = (value: number): string => `${(value * 100).toFixed(2)}%`;
const table = counts.map((row) => ({
  ...row,
  medianMilliseconds: Math.round(median(times[row.way])),
  minMilliseconds: Math.round(Math.min(...times[row.way])),
  maxMilliseconds: Math.round(Math.max(...times[row.way])),
  slowdown: `${((median(times[row.way]) / baseTime - 1) * 100).toFixed(1)}%`,
  annealMilliseconds: Number(median(annealTimes[row.way]).toFixed(1)),
  annealMaxMilliseconds: Number(Math.max(...annealTimes[row.way]).toFixed(1)),
  annealShareOfConstantFit: percent(median(annealTimes[row.way]) / baseTime),
  annealMicrosecondsPerStep: Number(((median(annealTimes[row.way]) / STEPS) * 1000).toFixed(2)),
  addedReadsPerBatch: (row.reads - base.reads) / STEPS,
  addedTensorsPerStep: (row.tensorsCreated - base.tensorsCreated) / STEPS,
}));
writeFileSync(fileURLToPath(new URL('../fit-overhead.json', import.meta.url)), `${JSON.stringify(table, null, 2)}\n`);
console.table(table);

describe(`iris model.fit, ${EPOCHS} epochs, batch 5, CPU backend`, () => {
  // The timed comparison is the interleaved one above (fit-overhead.json); these single runs only list the ways.
  for (const way of ways) bench(way, async () => void (await fit(way)), { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 });
});
