import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exponentialDecay } from '@anneal/core';
import { irisFeatures, irisLabels, oneHot } from '@anneal/iris-data';
import { withSchedule } from '@anneal/tfjs';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { bench, describe } from 'vitest';
import { buildUnrolledTrainingGraph, createTrainer, dense, sgd, type Trainer } from './index.js';

// Issue 5, Performance: the seed article's iris training — 4-4-6-3 MLP, SGD momentum 0.9 with an exponential-decay
// schedule, batch 5 — in steps per second on Node (ORT on wasm, one thread; tfjs on its CPU backend), four ways
// side by side: the trainer at one step per run, the trainer at one epoch (30 steps) per run, the tfjs adapter, and
// the floor: the same 30-step graph's bare `session.run` loop with pre-built feeds and no JS work between runs.
// The ways are interleaved over ROUNDS rounds of ROUND_EPOCHS epochs each; the table holds each way's median.
ort.env.wasm.numThreads = 1;
await tf.setBackend('cpu');
await tf.ready();

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const ROUND_EPOCHS = Number(process.env['BENCH_EPOCHS'] ?? 40);
const BATCH = 5;
const STEPS_PER_EPOCH = Math.ceil(irisLabels.length / BATCH);
const x = irisFeatures.map((row) => [...row]);
const labels = [...irisLabels];
const schedule = exponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10_000, decayRate: 0.96 });
const network = { inputSize: 4, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 6, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] };
const optimizer = sgd({ learningRate: schedule, momentum: 0.9 });

type Way = 'ORT trainer, K=1' | 'ORT trainer, K=epoch' | 'tfjs adapter, CPU' | 'floor: bare session.run, K=epoch';
const ways: Way[] = ['ORT trainer, K=1', 'ORT trainer, K=epoch', 'tfjs adapter, CPU', 'floor: bare session.run, K=epoch'];

const trainers: Record<'ORT trainer, K=1' | 'ORT trainer, K=epoch', Trainer> = {
  'ORT trainer, K=1': await createTrainer({ network, loss: 'sparseCategoricalCrossentropy', optimizer, seed: 1, executionProvider: 'wasm' }),
  'ORT trainer, K=epoch': await createTrainer({ network, loss: 'sparseCategoricalCrossentropy', optimizer, seed: 1, executionProvider: 'wasm' }),
};

const tfModel = (() => {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 4, activation: 'relu', inputShape: [4], kernelInitializer: init(1) }),
      tf.layers.dense({ units: 6, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
  model.compile({ optimizer: withSchedule(tf.train.momentum(1e-2, 0.9), schedule), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
})();
const tfX = tf.tensor2d(x);
const tfY = tf.tensor2d(oneHot({ labels: irisLabels, classes: 3 }));

// The floor: the trainer's own 30-step graph, every feed built once.
const floor = await (async () => {
  const graph = buildUnrolledTrainingGraph({ network, loss: 'sparseCategoricalCrossentropy', optimizer, steps: STEPS_PER_EPOCH });
  const session = await ort.InferenceSession.create(graph.bytes, { executionProviders: ['wasm'] });
  const feeds: Record<string, ort.Tensor> = {
    x: new ort.Tensor('float32', Float32Array.from(x.flat()), [STEPS_PER_EPOCH, BATCH, 4]),
    y: new ort.Tensor('float32', Float32Array.from(oneHot({ labels: irisLabels, classes: 3 }).flat()), [STEPS_PER_EPOCH, BATCH, 3]),
    learningRates: new ort.Tensor('float32', new Float32Array(STEPS_PER_EPOCH).fill(1e-2), [STEPS_PER_EPOCH]),
  };
  graph.parameters.forEach((parameter, index) => {
    feeds[parameter.name] = new ort.Tensor('float32', Float32Array.from({ length: parameter.size }, (_, at) => Math.sin(index * 7 + at) * 0.5), parameter.shape);
  });
  for (const slot of graph.state) feeds[slot.name] = new ort.Tensor('float32', new Float32Array(slot.dims.reduce((a, b) => a * b, 1)), slot.dims);
  return { session, feeds };
})();

async function fit(way: Way, epochs: number): Promise<void> {
  if (way === 'tfjs adapter, CPU') {
    await tfModel.fit(tfX, tfY, { epochs, batchSize: BATCH, shuffle: true, verbose: 0 });
  } else if (way === 'floor: bare session.run, K=epoch') {
    for (let epoch = 0; epoch < epochs; epoch++) await floor.session.run(floor.feeds);
  } else {
    await trainers[way].fit(x, labels, { epochs, batchSize: BATCH, stepsPerRun: way === 'ORT trainer, K=1' ? 1 : 'epoch', log: () => {} });
  }
}

// Warm-up: compiles every session and tfjs's kernels.
for (const way of ways) await fit(way, 2);
const seconds: Record<Way, number[]> = { 'ORT trainer, K=1': [], 'ORT trainer, K=epoch': [], 'tfjs adapter, CPU': [], 'floor: bare session.run, K=epoch': [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const way of round % 2 === 0 ? ways : [...ways].reverse()) {
    const start = performance.now();
    await fit(way, ROUND_EPOCHS);
    seconds[way].push((performance.now() - start) / 1000);
  }
}
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const steps = ROUND_EPOCHS * STEPS_PER_EPOCH;
const stepsPerSecond = Object.fromEntries(ways.map((way) => [way, steps / median(seconds[way])])) as Record<Way, number>;
const fast = stepsPerSecond['ORT trainer, K=epoch'];
const table = ways.map((way) => ({
  way,
  'steps/s (median)': Math.round(stepsPerSecond[way]),
  'ms per 200 epochs': Math.round((200 * STEPS_PER_EPOCH * 1000) / stepsPerSecond[way]),
  'K=epoch is ×': Number((fast / stepsPerSecond[way]).toFixed(2)),
}));
const report = {
  task: `iris ${irisLabels.length} samples, 4-4-6-3, sgd momentum 0.9 + exponentialDecay, batch ${BATCH}, ${STEPS_PER_EPOCH} steps/epoch`,
  rounds: ROUNDS,
  epochsPerRound: ROUND_EPOCHS,
  node: process.version,
  table,
  ratios: {
    'ORT K=epoch / tfjs CPU (target >= 5)': fast / stepsPerSecond['tfjs adapter, CPU'],
    'floor / ORT K=epoch (target <= 1.5)': stepsPerSecond['floor: bare session.run, K=epoch'] / fast,
    'ORT K=epoch / ORT K=1': fast / stepsPerSecond['ORT trainer, K=1'],
  },
  seconds,
};
writeFileSync(fileURLToPath(new URL('../fit-overhead.json', import.meta.url)), `${JSON.stringify(report, null, 2)}\n`);
console.table(table);
console.table(report.ratios);

describe(`iris, ${ROUND_EPOCHS} epochs at batch ${BATCH} (the interleaved medians are in fit-overhead.json)`, () => {
  for (const way of ways) bench(way, async () => void (await fit(way, ROUND_EPOCHS)), { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 });
});
