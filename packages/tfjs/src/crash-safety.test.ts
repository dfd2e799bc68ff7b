import { execFileSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// A real crash: a child Node process saves a model with fileSystemHandler in a loop (or trains with a checkpoint every
// batch), and is SIGKILLed at a random moment — mid-write, mid-rename or mid-cleanup as chance has it. After every kill
// the directory must load as one complete checkpoint, with model.json and its weights file belonging together.
//
// The child runs the built package (dist/), the code users get; the handler of the parent test is the built one too.

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST_NODE = new URL('../dist/node/index.js', import.meta.url).href;
const DIST_MAIN = new URL('../dist/index.js', import.meta.url).href;
/** The built files the children import, with the sources they come from. */
const BUILT = [
  ['dist/node/index.js', 'src/node/index.ts'],
  ['dist/node/file-system-handler.js', 'src/node/file-system-handler.ts'],
  ['dist/index.js', 'src/index.ts'],
  ['dist/fit-callback.js', 'src/fit-callback.ts'],
  ['dist/optimizer-bridge.js', 'src/optimizer-bridge.ts'],
  ['dist/format-filepath.js', 'src/format-filepath.ts'],
] as const;

function staleOrMissing(): string[] {
  return BUILT.filter(([built, source]) => {
    const out = join(PACKAGE, built);
    return !existsSync(out) || statSync(out).mtimeMs < statSync(join(PACKAGE, source)).mtimeMs;
  }).map(([built]) => built);
}

type NodeHandlerModule = { fileSystemHandler: (directory: string) => tf.io.IOHandler };
let handlerModule: NodeHandlerModule;
const directories: string[] = [];

beforeAll(async () => {
  // turbo builds the dependencies before `test`, not this package: build dist here when it is missing or older than src.
  if (staleOrMissing().length > 0) {
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: PACKAGE, stdio: 'pipe' });
    } catch (error) {
      // tsc emits despite type errors elsewhere; only a missing or stale output is fatal.
      const left = staleOrMissing();
      if (left.length > 0) throw new Error(`could not build ${left.join(', ')}: ${String((error as { stdout?: Buffer }).stdout ?? error)}`);
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  handlerModule = (await import(/* @vite-ignore */ DIST_NODE)) as NodeHandlerModule;
}, 120_000);

afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

/**
 * Save loop: every weight of save i is the number i, so a model.json paired with another save's weights file — or a
 * truncated one — is caught by value, not only by a load error. Reports `saved i` once save i has resolved.
 */
const SAVE_LOOP = `
import * as tf from '@tensorflow/tfjs';
const { fileSystemHandler } = await import(process.env.ANNEAL_NODE);
await tf.setBackend('cpu');
const model = tf.sequential({ layers: [tf.layers.dense({ units: 256, inputShape: [256] }), tf.layers.dense({ units: 4 })] });
for (let i = 1; ; i++) {
  const filled = model.getWeights().map((weight) => tf.fill(weight.shape, i));
  model.setWeights(filled);
  tf.dispose(filled);
  await model.save(fileSystemHandler(process.env.ANNEAL_DIR));
  process.stdout.write('saved ' + i + '\\n');
}
`;

/**
 * Training loop: model.fit with fitCallback and a modelCheckpoint every batch through fileSystemHandler. The handler is
 * wrapped to stamp each save with the sum of its weights (userDefinedMetadata), so the parent can check that
 * model.json and the weights file on disk came from the same save.
 */
const FIT_LOOP = `
import * as tf from '@tensorflow/tfjs';
import { modelCheckpoint } from '@anneal/core';
const { fileSystemHandler } = await import(process.env.ANNEAL_NODE);
const { fitCallback } = await import(process.env.ANNEAL_MAIN);
await tf.setBackend('cpu');
const model = tf.sequential({ layers: [tf.layers.dense({ units: 128, inputShape: [16], activation: 'tanh' }), tf.layers.dense({ units: 1 })] });
model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
const x = tf.randomNormal([64, 16], 0, 1, 'float32', 1);
const y = tf.randomNormal([64, 1], 0, 1, 'float32', 2);
let saves = 0;
const stamped = (directory) => {
  const inner = fileSystemHandler(directory);
  return {
    async save(artifacts) {
      const parts = Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData];
      let sum = 0;
      for (const part of parts) for (const value of new Float32Array(part)) sum += value;
      const result = await inner.save({ ...artifacts, userDefinedMetadata: { sum } });
      process.stdout.write('saved ' + ++saves + '\\n');
      return result;
    },
  };
};
await model.fit(x, y, {
  epochs: 100000,
  batchSize: 8,
  verbose: 0,
  callbacks: [fitCallback({ callbacks: [modelCheckpoint({ filepath: 'ckpt', saveFreq: 1 })], checkpointHandler: () => stamped(process.env.ANNEAL_DIR), log: () => {} })],
});
`;

interface Killed {
  readonly directory: string;
  /** The last save the child reported complete before the kill. */
  readonly lastReported: number;
}

/** Runs `script` in a child until it reported `minimumSaves` saves, waits `delayMs` more, and SIGKILLs it. */
async function runAndKill(script: string, minimumSaves: number, delayMs: number): Promise<Killed> {
  const directory = await mkdtemp(join(tmpdir(), 'anneal-sigkill-'));
  directories.push(directory);
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: PACKAGE,
    env: { ...process.env, ANNEAL_NODE: DIST_NODE, ANNEAL_MAIN: DIST_MAIN, ANNEAL_DIR: directory },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let lastReported = 0;
  let stderr = '';
  let buffered = '';
  // 'close' comes after the child's stdout is drained: every report it wrote before dying has been read by then.
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += String(chunk);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += String(chunk);
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^saved (\d+)$/.exec(line);
        if (match !== null) lastReported = Number(match[1]);
      }
      if (lastReported >= minimumSaves) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the child exited (${code}) before ${minimumSaves} saves: ${stderr}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill('SIGKILL');
  await exited;
  expect(child.signalCode).toBe('SIGKILL');
  return { directory, lastReported };
}

/** Loads the directory the way users do, and checks the model computes finite outputs. */
async function expectLoadable(directory: string, inputs: number): Promise<tf.LayersModel> {
  const model = await tf.loadLayersModel(handlerModule.fileSystemHandler(directory));
  const prediction = model.predict(tf.ones([2, inputs])) as tf.Tensor;
  const values = Array.from(await prediction.data());
  expect(values.length).toBeGreaterThan(0);
  for (const value of values) expect(Number.isFinite(value)).toBe(true);
  prediction.dispose();
  return model;
}

/** Runs the tasks a few at a time: one child per core (each spends most of its ~1 s start importing tfjs). */
async function pooled<T>(tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const width = Math.max(2, Math.min(4, availableParallelism()));
  const results: T[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/** Delays spread over one save's duration and beyond, so kills land in every phase of a save. */
const delays = (count: number, spreadMs: number): number[] => Array.from({ length: count }, () => Math.random() * spreadMs);

describe('fileSystemHandler survives a SIGKILL at a random moment', () => {
  test('a save loop killed 10 times: each directory loads one complete save, never older than the last one reported', async () => {
    const runs = await pooled(delays(10, 60).map((delay) => () => runAndKill(SAVE_LOOP, 1 + Math.floor(Math.random() * 3), delay)));
    expect(runs).toHaveLength(10);
    for (const { directory, lastReported } of runs) {
      const model = await expectLoadable(directory, 256);
      const weights = model.getWeights();
      const values = weights.flatMap((weight) => Array.from(weight.dataSync()));
      expect(values).toHaveLength(256 * 256 + 256 + 256 * 4 + 4);
      const saved = values[0] as number;
      // One save, whole: every weight is that save's number …
      expect(values.every((value) => value === saved), `${directory}: weights of mixed saves`).toBe(true);
      // … and it is the last save reported complete, or the one in flight when the child died.
      expect(saved).toBeGreaterThanOrEqual(lastReported);
      expect(saved).toBeLessThanOrEqual(lastReported + 1);
      // What a kill leaves behind is cleaned up by the next save.
      await model.save(handlerModule.fileSystemHandler(directory));
      model.dispose();
      const reloaded = await expectLoadable(directory, 256);
      reloaded.dispose();
      const files = await readdir(directory);
      expect(files.filter((file) => file.endsWith('.tmp'))).toEqual([]);
      expect(files.filter((file) => file.endsWith('.bin'))).toHaveLength(1);
    }
  }, 60_000);

  test('model.fit with a checkpoint every batch killed 4 times: model.json always matches its weights file', async () => {
    const runs = await pooled(delays(4, 40).map((delay) => () => runAndKill(FIT_LOOP, 2 + Math.floor(Math.random() * 4), delay)));
    for (const { directory, lastReported } of runs) {
      expect(lastReported).toBeGreaterThanOrEqual(2);
      const artifacts = await (handlerModule.fileSystemHandler(directory).load as () => Promise<tf.io.ModelArtifacts>)();
      const parts = Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData as ArrayBuffer];
      let sum = 0;
      for (const part of parts) for (const value of new Float32Array(part)) sum += value;
      expect(sum).toBe((artifacts.userDefinedMetadata as { sum: number }).sum);
      expect(artifacts.weightSpecs?.map((spec) => spec.shape)).toEqual([[16, 128], [128], [128, 1], [1]]);
      const model = await expectLoadable(directory, 16);
      model.dispose();
    }
  }, 60_000);
});
