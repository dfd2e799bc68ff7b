import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exponentialDecay, modelCheckpoint, reduceLROnPlateau } from '@anneal/core';
import { irisFeatures, irisLabels, oneHot } from '@anneal/iris-data';
import * as tf from '@tensorflow/tfjs';
import { bench, describe } from 'vitest';
import { fitCallback, withSchedule } from './index.js';

// The seed article's iris training — 4-4-6-3 MLP, SGD momentum 0.9, batch 5, 200 epochs — on the CPU backend, three
// ways in one run: a constant rate, the schedule in the optimizer, and the schedule plus plateau and checkpoint
// callbacks. Besides time, each way is counted once: GPU→CPU reads (the backend's read and readSync), tensors
// created (the engine's tensor ids) and tensors still alive after fit.
await tf.setBackend('cpu');
await tf.ready();

const EPOCHS = 200;
const x = tf.tensor2d(irisFeatures.map((row) => [...row]));
const y = tf.tensor2d(oneHot({ labels: irisLabels, classes: 3 }));
const STEPS = EPOCHS * Math.ceil(irisLabels.length / 5);

type Way = 'constant rate' | 'schedule in the optimizer' | 'schedule + plateau + checkpoint';

function build(way: Way): { model: tf.Sequential; callbacks: tf.CustomCallback[] | ReturnType<typeof fitCallback>[] } {
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
  if (way !== 'schedule + plateau + checkpoint') return { model, callbacks: [] };
  const discard = tf.io.withSaveHandler(async (artifacts) => ({ modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) }));
  return {
    model,
    callbacks: [
      fitCallback({
        callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 10 }), modelCheckpoint({ filepath: 'best', monitor: 'acc', mode: 'max', saveBestOnly: true })],
        checkpointHandler: () => discard,
        log: () => {},
      }),
    ],
  };
}

async function fit(way: Way): Promise<void> {
  const { model, callbacks } = build(way);
  await model.fit(x, y, { epochs: EPOCHS, batchSize: 5, shuffle: false, verbose: 0, callbacks });
  model.dispose();
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
  await fit(way);
  const counts = { way, reads, tensorsCreated: ids.nextTensorId - firstId, tensorsLeftAlive: tf.memory().numTensors - alive };
  backend.read = read;
  backend.readSync = readSync;
  return counts;
}

const counts = [];
for (const way of ways) counts.push(await count(way));

// Timing: the three ways interleaved over several rounds, so that drift of a shared machine hits all of them alike;
// the median of each is compared.
const ROUNDS = 5;
const times: Record<Way, number[]> = { 'constant rate': [], 'schedule in the optimizer': [], 'schedule + plateau + checkpoint': [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const way of ways) {
    const start = performance.now();
    await fit(way);
    times[way].push(performance.now() - start);
  }
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const baseTime = median(times['constant rate']);
const base = counts[0] as { reads: number; tensorsCreated: number };
const table = counts.map((row) => ({
  ...row,
  medianMilliseconds: Math.round(median(times[row.way])),
  slowdown: `${((median(times[row.way]) / baseTime - 1) * 100).toFixed(1)}%`,
  addedReadsPerBatch: (row.reads - base.reads) / STEPS,
  addedTensorsPerStep: (row.tensorsCreated - base.tensorsCreated) / STEPS,
}));
writeFileSync(fileURLToPath(new URL('../fit-overhead.json', import.meta.url)), `${JSON.stringify(table, null, 2)}\n`);
console.table(table);

describe(`iris model.fit, ${EPOCHS} epochs, batch 5, CPU backend`, () => {
  // The timed comparison is the interleaved one above (fit-overhead.json); these single runs only list the ways.
  for (const way of ways) bench(way, () => fit(way), { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 });
});
