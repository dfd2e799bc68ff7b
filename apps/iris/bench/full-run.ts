// `pnpm --filter @anneal/iris bench`: the full 200-epoch run of the article's first program on every backend, in Node
// and in Debian's Chromium (SwiftShader's software WebGL and WebGPU), one after the other in one process, plus the
// page's time to its first chart. Prints a Markdown table for docs/benchmarks.md and writes bench-results.json.
// IRIS_BENCH_EPOCHS=N shortens the runs; IRIS_BENCH_ONLY=node or browser runs half; IRIS_BENCH_BACKENDS=a,b picks
// the browser backends. (A vitest file, so that it runs the TypeScript sources and the shared Chromium flags as they
// are; it measures, it asserts only that every run finished.)
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { expect, test } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../tooling/chromium.ts';
import { runExperiment } from '../src/experiment/experiment.ts';
import { articleSettings, NODE_BACKENDS, type BackendName } from '../src/experiment/settings.ts';

interface Row {
  readonly where: 'Node' | 'Chromium';
  readonly backend: BackendName;
  readonly device: string;
  readonly epochs: number;
  readonly wallSeconds: number;
  readonly fitSeconds: number;
  readonly firstEpochSeconds: number | null;
  readonly testAccuracy: number;
}

const epochs = Number(process.env['IRIS_BENCH_EPOCHS'] ?? 200);
const only = process.env['IRIS_BENCH_ONLY'] ?? 'all';
const BROWSER_BACKENDS = ['tfjs-webgl', 'tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu', 'ort-webgpu', 'ort-wasm'] as const;
// A comma list narrows the browser rows: tfjs-webgpu on SwiftShader takes a quarter of an hour for 200 epochs.
const browserBackends = BROWSER_BACKENDS.filter((backend) => (process.env['IRIS_BENCH_BACKENDS'] ?? backend).split(',').includes(backend));
const settings = articleSettings(epochs);
const app = fileURLToPath(new URL('../', import.meta.url));
const rows: Row[] = [];
let timeToFirstChartMs: number | null = null;

async function node(): Promise<void> {
  tf.enableProdMode();
  for (const backend of NODE_BACKENDS) {
    let firstEpochAt: number | null = null;
    const started = performance.now();
    const result = await runExperiment(settings, { backend, listener: { onEpochEnd: () => void (firstEpochAt ??= performance.now()) } });
    rows.push({
      where: 'Node',
      backend,
      device: `${result.backend.backend} (CPU)`,
      epochs: result.epochs.length,
      wallSeconds: result.wallSeconds,
      fitSeconds: result.fitSeconds,
      firstEpochSeconds: firstEpochAt === null ? null : (firstEpochAt - started) / 1000,
      testAccuracy: result.test.accuracy,
    });
    console.error(`Node ${backend}: ${result.wallSeconds.toFixed(1)} s`);
  }
}

async function browser(): Promise<void> {
  const server = await preview({ root: app, logLevel: 'error', preview: { port: 4199, host: '127.0.0.1', open: false } });
  const chrome = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  try {
    const page = await chrome.newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto('http://127.0.0.1:4199/');
    await page.waitForFunction(() => document.body.dataset['timeToFirstChartMs'] !== undefined && document.body.dataset['webgpu'] !== undefined);
    timeToFirstChartMs = Number(await page.evaluate(() => document.body.dataset['timeToFirstChartMs']));
    for (const backend of browserBackends) {
      await page.selectOption('[data-testid=backend]', backend);
      await page.fill('[data-testid=epochs]', String(epochs));
      await page.fill('[data-testid=seed]', String(settings.seed));
      await page.click('[data-testid=train]');
      await page.waitForFunction(() => document.body.dataset['state'] !== 'training', null, { timeout: 3_600_000, polling: 1000 });
      const data = JSON.parse((await page.textContent('[data-testid=run-data]')) ?? 'null') as {
        device: { backend: string; gpu: boolean; adapter: string | null };
        epochs: unknown[];
        wallSeconds: number;
        fitSeconds: number;
        timeToFirstEpochMs: number;
        testAccuracy: number;
        error: string | null;
      };
      if (data.error !== null) throw new Error(`${backend}: ${data.error}`);
      rows.push({
        where: 'Chromium',
        backend,
        device: `${data.device.backend} (${data.device.gpu ? `GPU${data.device.adapter !== null && /swiftshader/i.test(data.device.adapter) ? ', SwiftShader' : ''}` : 'CPU'})`,
        epochs: data.epochs.length,
        wallSeconds: data.wallSeconds,
        fitSeconds: data.fitSeconds,
        firstEpochSeconds: data.timeToFirstEpochMs / 1000,
        testAccuracy: data.testAccuracy,
      });
      console.error(`Chromium ${backend}: ${data.wallSeconds.toFixed(1)} s`);
    }
  } finally {
    await chrome.close();
    await server.close();
  }
}

test(`${epochs} epochs on every backend, Node then Chromium`, async () => {
if (only !== 'browser') await node();
if (only !== 'node') await browser();

const machine = `${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.versions.node}`;
const table = [
  `Iris, the article's first program (ExponentialDecay(0.01), SGD momentum 0.9, batch 5, checkpoint by val_acc), ${epochs} epochs × 21 steps, seed ${settings.seed}; ${machine}; ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| where | backend | device | wall time | of which fit | first epoch after | test accuracy |',
  '| --- | --- | --- | ---: | ---: | ---: | ---: |',
  ...rows.map((row) => `| ${row.where} | ${row.backend} | ${row.device} | ${row.wallSeconds.toFixed(1)} s | ${row.fitSeconds.toFixed(1)} s | ${row.firstEpochSeconds?.toFixed(1) ?? '–'} s | ${row.testAccuracy.toFixed(3)} |`),
  '',
  timeToFirstChartMs === null ? '' : `Time to first chart (navigation to the learning-rate preview drawn, built page from \`vite preview\`): ${timeToFirstChartMs} ms.`,
].join('\n');
console.log(table);
writeFileSync(`${app}bench-results.json`, `${JSON.stringify({ epochs, machine, timeToFirstChartMs, rows }, null, 2)}\n`);
expect(rows.length).toBeGreaterThan(0);
}, 7_200_000);
