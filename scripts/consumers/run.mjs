#!/usr/bin/env node
// Consumer test (issue 7): pack every published package with `pnpm pack` (which rewrites `workspace:^` ranges to
// real versions), install the tarballs into fresh projects in os.tmpdir() — outside the workspace, so nothing
// resolves through pnpm's symlinks — and run a short program in each:
//   (a) Node ESM, @anneal/core alone
//   (b) Node ESM, @anneal/core + @anneal/tfjs + @tensorflow/tfjs (cpu backend)
//   (c) Node ESM, @anneal/core + @anneal/onnxruntime-web + onnxruntime-web (wasm)
//   (d) TypeScript, `moduleResolution: nodenext` and `bundler`, type-checking the public API of all four packages
//       (plus a Node run of @anneal/testing with fast-check, from the same install)
//   (e) a Vite browser bundle of a page importing @anneal/core + @anneal/tfjs, built with the workspace's vite
//   (f) Node ESM, @anneal/core + @anneal/progress: a fake training fed to progressBar() on a non-TTY stream
//
// Builds nothing: run `pnpm build` first. Exits non-zero on the first failure.
// Environment: ANNEAL_CONSUMERS_KEEP=1 keeps the temporary directory; npm uses its usual (shared) cache.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const started = performance.now();
const keep = process.env.ANNEAL_CONSUMERS_KEEP === '1';

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const packages = {
  core: { dir: 'packages/core', name: '@anneal/core' },
  testing: { dir: 'packages/testing', name: '@anneal/testing' },
  tfjs: { dir: 'packages/tfjs', name: '@anneal/tfjs' },
  ort: { dir: 'packages/onnxruntime-web', name: '@anneal/onnxruntime-web' },
  progress: { dir: 'packages/progress', name: '@anneal/progress' },
};

// Peer versions: the ones the workspace tests with.
const rootPkg = readJson(join(root, 'package.json'));
const tfjsPkg = readJson(join(root, 'packages/tfjs/package.json'));
const ortPkg = readJson(join(root, 'packages/onnxruntime-web/package.json'));
const peer = {
  tfjs: `@tensorflow/tfjs@${tfjsPkg.devDependencies['@tensorflow/tfjs']}`,
  ort: `onnxruntime-web@${ortPkg.devDependencies['onnxruntime-web']}`,
  fastCheck: `fast-check@${rootPkg.devDependencies['fast-check']}`,
  typescript: `typescript@${rootPkg.devDependencies.typescript}`,
};

const seconds = (from) => `${((performance.now() - from) / 1000).toFixed(1)}s`;
let work;
const running = new Set();

async function fail(message, output) {
  for (const child of running) child.kill(); // the parallel installs still in flight
  console.error(`✗ ${message}`);
  if (output) console.error(output.trimEnd().split('\n').map((line) => `    ${line}`).join('\n'));
  console.error(`consumers: FAILED after ${seconds(started)}${work ? ` (temporary projects kept in ${work})` : ''}`);
  process.exit(1);
}

/** Runs a command; resolves with its output, or reports it and exits on a non-zero status. */
function sh(label, command, args, cwd, env = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => fail(`${label}: ${error.message}`, output));
    child.on('close', (code) => {
      running.delete(child);
      if (code === 0) resolvePromise(output);
      else fail(`${label}: \`${command} ${args.join(' ')}\` exited with ${code} (in ${cwd})`, output);
    });
  });
}

async function step(label, fn) {
  const from = performance.now();
  try {
    const detail = await fn();
    console.log(`✓ ${label} (${seconds(from)})${detail ? ` — ${detail}` : ''}`);
  } catch (error) {
    await fail(label, error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
}

async function project(name, files) {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module' }, null, 2)}\n`);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text);
  }
  return dir;
}

const npmInstall = (name, dir, specs) =>
  sh(`install ${name}`, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...specs], dir);

// ---------------------------------------------------------------------------------------------------------------
// The consumer programs.

const coreProgram = `import assert from 'node:assert/strict';
import { createController, exponentialDecay, fromKerasConfig, reduceLROnPlateau, toKerasConfig, warmup, cosineDecay, sample } from '@anneal/core';

const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
assert.ok(Math.abs(schedule(10) - 0.05) < 1e-12, 'exponentialDecay(10)');

const keras = toKerasConfig(schedule);
assert.equal(keras.class_name, 'ExponentialDecay');
const back = fromKerasConfig(JSON.parse(JSON.stringify(keras)));
assert.equal(back(37), schedule(37), 'Keras round trip');

const warm = warmup({ schedule: cosineDecay({ initialLearningRate: 0.1, decaySteps: 100 }), warmupSteps: 10 });
assert.equal(sample(warm, { steps: 5 }).length, 5);

const controller = createController({ learningRate: schedule, callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 0, factor: 0.5 })], log: () => {}, warn: () => {} });
controller.trainBegin();
controller.epochBegin(0);
const rate = controller.batchBegin();
assert.equal(rate, 0.1);
controller.batchEnd({ loss: 1 });
controller.epochEnd(0, { loss: 1 });
controller.epochBegin(1);
controller.batchBegin();
controller.batchEnd({ loss: 1 });
const decision = controller.epochEnd(1, { loss: 1 });
assert.ok(decision.learningRate < schedule(2), 'plateau reduced the rate');
const snapshot = JSON.parse(JSON.stringify(controller.snapshot()));
const resumed = createController({ learningRate: schedule, callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 0, factor: 0.5 })], log: () => {} }, { snapshot });
assert.equal(resumed.learningRate, controller.learningRate);
console.log('core ok: lr after plateau', decision.learningRate);
`;

const tfjsProgram = `import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { exponentialDecay, reduceLROnPlateau } from '@anneal/core';
import { fitCallback, withSchedule } from '@anneal/tfjs';

await tf.setBackend('cpu');
const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });

const w = tf.variable(tf.scalar(1));
const optimizer = withSchedule(tf.train.sgd(1), schedule);
optimizer.minimize(() => w.square());
assert.ok(Math.abs(w.dataSync()[0] - 0.8) < 1e-6, 'one sgd step at lr 0.1: ' + w.dataSync()[0]);
optimizer.minimize(() => w.square());
assert.ok(Math.abs(w.dataSync()[0] - 0.8 * (1 - 2 * 0.05)) < 1e-6, 'second step at lr 0.05: ' + w.dataSync()[0]);

const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
const x = tf.tensor2d([[0], [1], [2], [3]]);
const y = tf.tensor2d([[1], [3], [5], [7]]);
const history = await model.fit(x, y, {
  epochs: 3,
  batchSize: 2,
  verbose: 0,
  callbacks: [fitCallback({ learningRate: schedule, callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 5 })] })],
});
const rates = history.history['learningRate'];
assert.equal(rates.length, 3, 'learningRate in the history');
assert.ok(Math.abs(rates[0] - schedule(2)) < 1e-9, 'rate after epoch 1 follows the schedule: ' + rates);
console.log('tfjs ok: backend', tf.getBackend(), 'rates', rates.map((r) => r.toPrecision(3)).join(' '));
`;

const ortProgram = `import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-web';
import { exponentialDecay } from '@anneal/core';
import { createTrainer, dense, sgd } from '@anneal/onnxruntime-web';

ort.env.wasm.numThreads = 1;
const trainer = await createTrainer({
  network: { inputSize: 2, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 2, activation: 'softmax' })] },
  loss: 'sparseCategoricalCrossentropy',
  optimizer: sgd({ learningRate: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.9 }) }),
  seed: 7,
  executionProvider: 'wasm',
});
const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
const labels = [0, 1, 1, 0];
const history = await trainer.fit(x, labels, { epochs: 1, batchSize: 2, log: () => {} });
assert.equal(history.epoch.length, 1);
assert.ok(Number.isFinite(history.history['loss'][0]), 'finite loss');
const predictions = await trainer.predict(x);
assert.equal(predictions.length, 4);
for (const row of predictions) assert.ok(Math.abs(row[0] + row[1] - 1) < 1e-4, 'softmax rows sum to 1');
assert.ok(trainer.exportOnnx().length > 0);
await trainer.release();
console.log('onnxruntime-web ok: provider', trainer.executionProvider, 'loss', history.history['loss'][0].toFixed(4));
`;

// Type-checked against every package's public types, under nodenext and bundler resolution.
const typesProgram = `import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import {
  createController,
  exponentialDecay,
  fromKerasConfig,
  reduceLROnPlateau,
  toKerasConfig,
  type Controller,
  type Decision,
  type Schedule,
  type SerializedKerasSchedule,
} from '@anneal/core';
import { builtInSchedules, expectSchedule, isNonIncreasing, type ScheduleExpectation } from '@anneal/testing';
import { fitCallback, withSchedule, type AnnealFitCallback, type FitCallbackOptions } from '@anneal/tfjs';
import { createTrainer, dense, sgd, type History, type Trainer, type TrainerOptions } from '@anneal/onnxruntime-web';

const schedule: Schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
const keras: SerializedKerasSchedule = toKerasConfig(schedule);
const back: Schedule = fromKerasConfig(keras);
const controller: Controller = createController({ learningRate: back, callbacks: [reduceLROnPlateau({ monitor: 'val_loss' })] });
const decision: Decision = controller.epochEnd(0, { val_loss: 1 });
const rate: number = decision.learningRate;

const expectation: ScheduleExpectation = expectSchedule(schedule);
expectation.toBeNonIncreasing();
fc.assert(fc.property(builtInSchedules(), (s) => typeof s(0) === 'number'), { numRuns: 1 });
const property = isNonIncreasing(schedule);

const optimizer: tf.SGDOptimizer = withSchedule(tf.train.sgd(0.1), schedule);
const options: FitCallbackOptions = { learningRate: schedule, callbacks: [reduceLROnPlateau({ monitor: 'loss' })] };
const callback: AnnealFitCallback = fitCallback(options);
export async function fitTfjs(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<number[]> {
  const history = await model.fit(x, y, { epochs: 1, callbacks: [callback] });
  return history.history['learningRate'] as number[];
}

const trainerOptions: TrainerOptions = {
  network: { inputSize: 2, layers: [dense({ units: 2, activation: 'softmax' })] },
  loss: 'sparseCategoricalCrossentropy',
  optimizer: sgd({ learningRate: schedule }),
};
export async function fitOrt(): Promise<number[][]> {
  const trainer: Trainer = await createTrainer(trainerOptions);
  const history: History = await trainer.fit([[0, 1]], [1], { epochs: 1 });
  void history.history['loss'];
  return trainer.predict([[0, 1]]);
}

// @ts-expect-error a misspelt option is a type error
exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRat: 0.5 });

export { rate, optimizer, property };
`;

const testingProgram = `import assert from 'node:assert/strict';
import fc from 'fast-check';
import { exponentialDecay, reduceLROnPlateau } from '@anneal/core';
import { builtInSchedules, expectSchedule, isNonIncreasing, resumesExactly } from '@anneal/testing';

const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
expectSchedule(schedule).toBeNonIncreasing();
fc.assert(isNonIncreasing(schedule), { numRuns: 20 });
fc.assert(fc.property(builtInSchedules(), (s) => Number.isFinite(s(0))), { numRuns: 20 });
fc.assert(resumesExactly({ controller: () => ({ learningRate: schedule, callbacks: [reduceLROnPlateau()] }) }), { numRuns: 5 });
assert.throws(() => expectSchedule((step) => step).toBeNonIncreasing());
console.log('testing ok');
`;

// progressBar() as a runtime adapter drives it: a ProgressListener fed a two-epoch run, written to a stream that is
// not a terminal, so it prints one line per epoch.
const progressProgram = `import assert from 'node:assert/strict';
import { createController, exponentialDecay } from '@anneal/core';
import { progressBar } from '@anneal/progress';

const chunks = [];
const stream = { isTTY: false, write: (chunk) => (chunks.push(String(chunk)), true) };
const listener = progressBar({ stream });
const controller = createController({ learningRate: exponentialDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 }), log: () => {} });
const epochs = 2;
const stepsPerEpoch = 3;
controller.trainBegin();
listener.onTrainBegin?.({ epochs, initialEpoch: 0, stepsPerEpoch });
for (let epoch = 0; epoch < epochs; epoch++) {
  controller.epochBegin(epoch);
  listener.onEpochBegin?.({ epoch, epochs });
  for (let batch = 0; batch < stepsPerEpoch; batch++) {
    const learningRate = controller.batchBegin();
    const logs = { loss: 1 / (1 + epoch * stepsPerEpoch + batch) };
    controller.batchEnd(logs);
    listener.onBatchEnd?.({ epoch, batch, step: controller.step - 1, learningRate, logs });
  }
  const logs = { loss: 1 / (1 + epoch), val_loss: 1.5 / (1 + epoch) };
  const decision = controller.epochEnd(epoch, logs);
  listener.onEpochEnd?.({ epoch, epochs, learningRate: decision.learningRate, logs });
}
controller.trainEnd();
listener.onTrainEnd?.({ epochsRun: epochs, stoppedEarly: false });
const text = chunks.join('');
assert.ok(!text.includes('\\x1b['), 'no terminal escapes on a non-TTY stream: ' + JSON.stringify(text));
assert.match(text, /Epoch 1\\/2/, 'a line for epoch 1: ' + JSON.stringify(text));
assert.match(text, /Epoch 2\\/2/, 'a line for epoch 2: ' + JSON.stringify(text));
assert.match(text, /val_loss/, 'the validation metric: ' + JSON.stringify(text));
console.log('progress ok: ' + text.trim().split('\\n').length + ' line(s), last: ' + text.trim().split('\\n').at(-1));
`;

const tsconfig = (module, moduleResolution) =>
  `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module,
        moduleResolution,
        lib: ['ES2022', 'DOM'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
        verbatimModuleSyntax: true,
        exactOptionalPropertyTypes: true,
      },
      files: ['src/consumer.ts'],
    },
    null,
    2,
  )}\n`;

const viteMain = `import * as tf from '@tensorflow/tfjs';
import { exponentialDecay, reduceLROnPlateau } from '@anneal/core';
import { fitCallback, withSchedule } from '@anneal/tfjs';

const schedule = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
const optimizer = withSchedule(tf.train.adam(0.1), schedule);
const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
model.compile({ optimizer, loss: 'meanSquaredError' });
const callback = fitCallback({ callbacks: [reduceLROnPlateau({ monitor: 'loss' })] });
document.querySelector('#out').textContent = String(schedule(10));
export { model, callback };
`;
const viteHtml = `<!doctype html>
<html><head><meta charset="utf-8"><title>anneal consumer</title></head>
<body><pre id="out"></pre><script type="module" src="./src/main.js"></script></body></html>
`;

// ---------------------------------------------------------------------------------------------------------------

for (const { dir, name } of Object.values(packages)) {
  if (!existsSync(join(root, dir, 'dist/index.js'))) await fail(`${name} is not built (${dir}/dist/index.js missing): run \`pnpm build\` first`);
}
const vitePkg = readdirSync(join(root, 'node_modules/.pnpm')).find((entry) => /^vite@8\./.test(entry));
if (!vitePkg) await fail('vite 8 not found under node_modules/.pnpm (run `pnpm install`)');
const viteEntry = join(root, 'node_modules/.pnpm', vitePkg, 'node_modules/vite/dist/node/index.js');

work = await mkdtemp(join(tmpdir(), 'anneal-consumers-'));
console.log(`consumers: temporary projects in ${work}`);
const packDir = join(work, 'tarballs');
await mkdir(packDir);

const tarball = {};
await step(`pnpm pack ${Object.values(packages).map((p) => p.name).join(', ')}`, async () => {
  for (const [key, { dir, name }] of Object.entries(packages)) {
    const before = new Set(readdirSync(packDir));
    await sh(`pnpm pack ${name}`, 'pnpm', ['pack', '--pack-destination', packDir], join(root, dir));
    const created = readdirSync(packDir).filter((file) => file.endsWith('.tgz') && !before.has(file));
    if (created.length !== 1) throw new Error(`pnpm pack ${name} produced ${created.length} tarballs`);
    tarball[key] = join(packDir, created[0]);
    // A published manifest must not keep a workspace: range.
    const manifest = await sh(`read ${name} manifest`, 'tar', ['-xOzf', tarball[key], 'package/package.json'], work);
    if (manifest.includes('workspace:')) throw new Error(`${created[0]} still has a workspace: range:\n${manifest}`);
  }
  return Object.values(tarball).map((file) => file.slice(packDir.length + 1)).join(' ');
});

const dirs = {
  core: await project('node-core', { 'main.mjs': coreProgram }),
  tfjs: await project('node-tfjs', { 'main.mjs': tfjsProgram }),
  ort: await project('node-onnxruntime-web', { 'main.mjs': ortProgram }),
  types: await project('typescript', {
    'src/consumer.ts': typesProgram,
    'tsconfig.nodenext.json': tsconfig('NodeNext', 'NodeNext'),
    'tsconfig.bundler.json': tsconfig('ESNext', 'Bundler'),
    'testing.mjs': testingProgram,
  }),
  vite: await project('vite', { 'index.html': viteHtml, 'src/main.js': viteMain }),
  progress: await project('node-progress', { 'main.mjs': progressProgram }),
};

await step('npm install into 6 fresh projects (in parallel, one npm cache)', async () => {
  await Promise.all([
    npmInstall('node-core', dirs.core, [tarball.core]),
    npmInstall('node-tfjs', dirs.tfjs, [tarball.core, tarball.tfjs, peer.tfjs]),
    npmInstall('node-onnxruntime-web', dirs.ort, [tarball.core, tarball.ort, peer.ort]),
    npmInstall('typescript', dirs.types, [tarball.core, tarball.testing, tarball.tfjs, tarball.ort, peer.tfjs, peer.ort, peer.fastCheck, peer.typescript]),
    npmInstall('vite', dirs.vite, [tarball.core, tarball.tfjs, peer.tfjs]),
    npmInstall('node-progress', dirs.progress, [tarball.core, tarball.progress]),
  ]);
  return [peer.tfjs, peer.ort, peer.fastCheck, peer.typescript].join(', ');
});

await step('(a) Node ESM: @anneal/core alone', async () => (await sh('node-core', 'node', ['main.mjs'], dirs.core)).trim().split('\n').at(-1));
await step('(b) Node ESM: @anneal/core + @anneal/tfjs', async () => (await sh('node-tfjs', 'node', ['main.mjs'], dirs.tfjs)).trim().split('\n').at(-1));
await step('(c) Node ESM: @anneal/core + @anneal/onnxruntime-web', async () => (await sh('node-ort', 'node', ['main.mjs'], dirs.ort)).trim().split('\n').at(-1));
const tsc = join(dirs.types, 'node_modules/typescript/bin/tsc');
await step('(d) TypeScript, moduleResolution nodenext: tsc --noEmit', () => sh('tsc nodenext', 'node', [tsc, '-p', 'tsconfig.nodenext.json'], dirs.types));
await step('(d) TypeScript, moduleResolution bundler: tsc --noEmit', () => sh('tsc bundler', 'node', [tsc, '-p', 'tsconfig.bundler.json'], dirs.types));
await step('(d) Node ESM: @anneal/testing + fast-check', async () => (await sh('node-testing', 'node', ['testing.mjs'], dirs.types)).trim().split('\n').at(-1));
await step(`(e) Vite browser bundle: @anneal/core + @anneal/tfjs (workspace ${vitePkg.split('_')[0]})`, async () => {
  const { build } = await import(pathToFileURL(viteEntry).href);
  const result = await build({ root: dirs.vite, configFile: false, logLevel: 'error', build: { outDir: 'dist', emptyOutDir: true } });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output ?? []);
  const js = outputs.filter((o) => o.type === 'chunk');
  const code = js.map((o) => o.code).join('\n');
  if (!code.includes('learningRate')) throw new Error('the bundle does not contain @anneal code');
  return `${js.length} chunk(s), ${(code.length / 1024).toFixed(0)} KiB`;
});

await step('(f) Node ESM: @anneal/core + @anneal/progress (progressBar on a non-TTY stream)', async () => (await sh('node-progress', 'node', ['main.mjs'], dirs.progress)).trim().split('\n').at(-1));

if (!keep) await rm(work, { recursive: true, force: true });
console.log(`consumers: all passed in ${seconds(started)}${keep ? ` (kept ${work})` : ''}`);
