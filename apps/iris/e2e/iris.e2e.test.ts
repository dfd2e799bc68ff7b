import { fromKerasConfig, sample } from '@anneal/core';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../tooling/chromium.ts';
import { scheduleOf } from '../src/experiment/callbacks.ts';
import { articleStepDecay, articleStepDecaySettings } from '../src/experiment/schedules.ts';
import type { BackendName } from '../src/experiment/settings.ts';
import { E2E_SETTINGS } from '../src/test-support/e2e-settings.ts';

// The built page (dist/web, `vite build`) served by `vite preview`, in Debian's Chromium with SwiftShader's WebGL and
// WebGPU: trains on the four browser backends the issue names with a reduced run (E2E_SETTINGS: 12 epochs, seed 14,
// see its note), and checks what the page reports against the core.

const app = fileURLToPath(new URL('..', import.meta.url));
const artifacts = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

interface RunData {
  backend: BackendName;
  device: { backend: string; runtime: string; gpu: boolean; adapter: string | null } | null;
  epochs: { epoch: number; learningRate: number; val_acc: number }[];
  learningRate: number[];
  takeover: { source: string; fromEpoch: number } | null;
  checkpoints: { epoch: number; valAcc: number | null; testAccuracy: number }[];
  testAccuracy: number | null;
  reloaded: { accuracy: number; device: { backend: string } } | null;
  stoppedByUser: boolean;
  wallSeconds: number | null;
  timeToFirstEpochMs: number | null;
  error: string | null;
}

let server: PreviewServer;
let browser: Browser;
let page: Page;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  if (!existsSync(`${app}dist/web/index.html`)) throw new Error('apps/iris/dist/web is missing: run `pnpm --filter @anneal/iris build` first (turbo does it before test)');
  mkdirSync(artifacts, { recursive: true });
  const port = await freePort();
  server = await preview({ root: app, logLevel: 'error', preview: { port, strictPort: true, host: '127.0.0.1', open: false } });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.body.dataset['timeToFirstChartMs'] !== undefined && document.body.dataset['webgpu'] !== undefined);
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function runData(): Promise<RunData> {
  return JSON.parse((await page.textContent('[data-testid=run-data]')) ?? 'null') as RunData;
}

/** Fills the form with E2E_SETTINGS through its controls. */
async function configure(backend: BackendName, overrides: { epochs?: number; stepDecay?: boolean } = {}): Promise<void> {
  await page.selectOption('[data-testid=backend]', backend);
  await page.fill('[data-testid=epochs]', String(overrides.epochs ?? E2E_SETTINGS.epochs));
  await page.fill('[data-testid=seed]', String(E2E_SETTINGS.seed));
  await page.setChecked('[data-testid=method-one]', true);
  // Choosing the schedule renders its options from the iris preset for these epochs; then the start rate is raised.
  await page.selectOption('[data-testid=schedule]', 'exponentialDecay');
  await page.selectOption('[data-testid=schedule]', 'cosineDecay');
  const options = E2E_SETTINGS.schedule?.kind === 'builtin' ? E2E_SETTINGS.schedule.options : {};
  await page.fill('[data-testid=option-initialLearningRate]', String(options['initialLearningRate']));
  expect(await page.inputValue('[data-testid=option-decaySteps]')).toBe(String((overrides.epochs ?? E2E_SETTINGS.epochs) * 21));
  await page.setChecked('[data-testid=step-decay]', overrides.stepDecay ?? false);
  if (overrides.stepDecay === true) {
    // The article's step decay scaled to the run: held for half of it, then halved every tenth of the hold.
    const decay = articleStepDecaySettings(overrides.epochs ?? E2E_SETTINGS.epochs);
    await page.fill('#sd-rate', String(decay.initialLearningRate));
    await page.fill('#sd-drop', String(decay.drop));
    await page.fill('#sd-every', String(decay.epochsDrop));
    await page.fill('#sd-delay', String(decay.delayEpochs));
  }
  await page.setChecked('[data-testid=plateau]', false);
  await page.setChecked('[data-testid=checkpoint]', true);
  await page.setChecked('[data-testid=early-stopping]', false);
  expect(await page.isDisabled('[data-testid=train]')).toBe(false);
}

async function train(): Promise<RunData> {
  await page.click('[data-testid=train]');
  await page.waitForFunction(() => document.body.dataset['state'] !== 'training', null, { timeout: 200_000 });
  const data = await runData();
  expect(data.error).toBeNull();
  return data;
}

/** What core's `sample` says the history must hold: the rate in force at the end of each epoch, step (e + 1) · 21. */
function expectedRates(epochs: number): number[] {
  const schedule = scheduleOf({ ...E2E_SETTINGS, epochs, schedule: { kind: 'builtin', name: 'cosineDecay', options: { initialLearningRate: 0.03, decaySteps: epochs * 21 } } });
  const steps = sample(schedule!, { steps: epochs * 21 + 1 });
  return Array.from({ length: epochs }, (_, epoch) => steps[(epoch + 1) * 21] as number);
}

const cases: [BackendName, string, boolean][] = [
  ['tfjs-webgl', 'webgl', true],
  ['tfjs-webgpu', 'webgpu', true],
  ['ort-webgpu', 'webgpu', true],
  ['ort-wasm', 'wasm', false],
];

describe.sequential('training in the page', () => {
  test.each(cases)('%s: reports its backend, tests >= 0.9, logs the schedule, and its checkpoint reloads to the same accuracy', async (backend, runtimeBackend, gpu) => {
    expect(await page.evaluate(() => document.body.dataset['webgpu'])).toBe('true');
    await configure(backend);
    const data = await train();
    // The backend the runtime actually used, and whether it is a GPU.
    expect(data.device).toMatchObject({ backend: runtimeBackend, gpu });
    const shown = await page.textContent('[data-testid=backend-in-use]');
    expect(shown).toContain(runtimeBackend);
    expect(shown).toContain(gpu ? 'GPU' : 'CPU');
    expect(await page.getAttribute('[data-testid=backend-in-use]', 'data-gpu')).toBe(String(gpu));
    // Accuracy on the 21 test rows.
    expect(data.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(await page.textContent('[data-testid=test-accuracy]')).toBe(data.testAccuracy?.toFixed(4));
    expect(await page.locator('[data-testid=confusion] td').count()).toBe(9);
    // The rates the adapter logged, live and in its history, are core's sample of the chosen schedule.
    expect(data.learningRate).toEqual(expectedRates(E2E_SETTINGS.epochs));
    expect(data.epochs.map((record) => record.learningRate)).toEqual(data.learningRate);
    // The best checkpoint (by val_acc), from IndexedDB into a new model, tests as it did when saved.
    expect(data.checkpoints.length).toBeGreaterThan(0);
    const best = data.checkpoints.at(-1)!;
    await page.evaluate(() => delete document.body.dataset['reloaded']);
    await page.click('[data-testid=reload]');
    await page.waitForFunction(() => document.body.dataset['reloaded'] !== undefined || document.body.dataset['state'] === 'failed', null, { timeout: 60_000 });
    expect(await page.evaluate(() => document.body.dataset['reloaded'])).toBe('true');
    const reloaded = (await runData()).reloaded;
    expect(reloaded?.accuracy).toBe(best.testAccuracy);
    expect(reloaded?.device.backend).toBe(runtimeBackend);
    await page.screenshot({ path: `${artifacts}iris-${backend}.png`, fullPage: true });
  });

  test('both methods on: the step decay takes over from epoch 1, shown on the chart, and drives every epoch', async () => {
    await configure('ort-wasm', { stepDecay: true });
    expect(await page.textContent('[data-testid=preview-note]')).toContain('learningRateScheduler sets the rate from epoch 1');
    const data = await train();
    expect(data.takeover).toMatchObject({ source: 'learningRateScheduler', fromEpoch: 0 });
    const decay = articleStepDecay(articleStepDecaySettings(E2E_SETTINGS.epochs));
    expect(data.learningRate).toEqual(Array.from({ length: E2E_SETTINGS.epochs }, (_, epoch) => decay(epoch)));
    // The marker is in the chart's legend.
    expect(await page.evaluate(() => document.querySelector('[data-testid=rate-chart]') !== null)).toBe(true);
    await page.screenshot({ path: `${artifacts}iris-conflict.png`, fullPage: true });
  });

  test('Stop ends a 200-epoch run at the next epoch end, and the page stayed responsive meanwhile', async () => {
    await configure('tfjs-webgl', { epochs: 200 });
    await page.click('[data-testid=train]');
    await page.waitForFunction(() => Number((document.querySelector('[data-testid=progress]') as HTMLProgressElement).value) > 0, null, { timeout: 60_000 });
    // The main thread answers timers promptly while the worker trains.
    const lag = await page.evaluate(async () => {
      let worst = 0;
      for (let round = 0; round < 20; round++) {
        const started = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 10));
        worst = Math.max(worst, performance.now() - started - 10);
      }
      return worst;
    });
    expect(lag).toBeLessThan(250);
    await page.click('[data-testid=stop]');
    await page.waitForFunction(() => document.body.dataset['state'] !== 'training', null, { timeout: 60_000 });
    const data = await runData();
    expect(data.stoppedByUser).toBe(true);
    expect(data.epochs.length).toBeLessThan(200);
    expect(data.testAccuracy).not.toBeNull();
  });

  test('the schedule exports as Keras JSON that the core reads back as the same schedule', async () => {
    await configure('ort-wasm');
    await page.click('[data-testid=export]');
    const text = (await page.textContent('[data-testid=keras-output]')) ?? '';
    const json = text.slice(0, text.indexOf('\n\n'));
    const schedule = fromKerasConfig(JSON.parse(json));
    expect(schedule.config).toMatchObject({ name: 'cosineDecay', options: { initialLearningRate: 0.03, decaySteps: 252 } });
    expect(await page.getAttribute('[data-testid=export-download]', 'download')).toBe('schedule.json');
  });
});
