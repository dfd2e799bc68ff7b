import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { stepsPerEpoch } from '../experiment/data.js';
import { buildSchedule, presetOptions } from '../experiment/schedules.js';
import { BATCH_SIZE } from '../experiment/settings.js';

// The built command line, spawned as `pnpm iris` runs it (turbo builds the package before its tests).
const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function iris(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`pnpm --filter @anneal/iris build\` first (turbo does it before test)`);
});

describe('pnpm iris', () => {
  test('trains on tfjs-cpu and ort-wasm one after the other: progress, the rate curve, accuracy and wall time per backend', () => {
    const { status, stdout, stderr } = iris('--epochs', '3');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toContain('ExponentialDecay');
    expect(stdout).toMatch(/Learning rate per epoch/);
    expect(stdout).toMatch(/┤/); // the asciichart curve
    expect(stdout.indexOf('== tfjs-cpu ==')).toBeLessThan(stdout.indexOf('== ort-wasm =='));
    for (const backend of ['tfjs-cpu', 'ort-wasm']) {
      expect(stdout).toMatch(new RegExp(`${backend}: test accuracy \\d\\.\\d{4} \\(\\d+/21\\), wall time \\d+\\.\\d{2} s`));
      expect(stdout).toMatch(new RegExp(`^${backend} +\\S+`, 'm')); // its row in the summary table
    }
    // One progress line per epoch and backend (not a terminal: Keras's verbose=2 lines).
    expect(stdout.match(/^Epoch 3\/3 - /gm)).toHaveLength(2);
    expect(stdout).not.toContain('tfjs-node'); // tfjs's Node banner is silenced
  }, 120_000);

  test('--backend, --schedule step-decay: the callback takes over and is said to', () => {
    const { status, stdout } = iris('--backend', 'ort-wasm', '--epochs', '2', '--schedule', 'step-decay');
    expect(status).toBe(0);
    expect(stdout).toContain('learningRateScheduler took over the learning rate from epoch 1');
    expect(stdout).not.toContain('== tfjs-cpu ==');
  }, 60_000);

  test("--schedule cosineDecay: each epoch's line shows the rate of its last step, on both backends", () => {
    const epochs = 4;
    const { status, stdout } = iris('--epochs', String(epochs), '--schedule', 'cosineDecay');
    expect(status).toBe(0);
    const perEpoch = stepsPerEpoch(BATCH_SIZE);
    const schedule = buildSchedule('cosineDecay', presetOptions('cosineDecay', { epochs, stepsPerEpoch: perEpoch }));
    // The rates of an epoch's first step, its last and the next epoch's first differ at the 4 digits printed.
    const expected = Array.from({ length: epochs }, (_, epoch) => String(Number(schedule((epoch + 1) * perEpoch - 1).toPrecision(4))));
    const printed = [...stdout.matchAll(/^Epoch \d+\/\d+ - .* - lr: (\S+)$/gm)].map((match) => match[1]);
    expect(printed).toEqual([...expected, ...expected]);
  }, 120_000);

  test('--schedule plateau: the takeover line comes right after the line of the epoch that caused it', () => {
    const epochs = 12;
    const { status, stdout, stderr } = iris('--backend', 'tfjs-cpu', '--epochs', String(epochs), '--schedule', 'plateau');
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    const at = lines.findIndex((line) => line.startsWith('reduceLROnPlateau took over the learning rate from epoch '));
    expect(at, stdout).toBeGreaterThan(0);
    // The reduction at the end of epoch N is in force from epoch N + 1.
    const from = Number(/from epoch (\d+)/.exec(lines[at] as string)?.[1]);
    expect(lines[at - 1]).toMatch(new RegExp(`^Epoch ${from - 1}/${epochs} - `));
    expect(lines[at + 1]).toMatch(new RegExp(`^Epoch ${from}/${epochs} - `));
  }, 120_000);

  test('--keras-config reads a schedule serialized by Keras', () => {
    const directory = mkdtempSync(join(tmpdir(), 'iris-'));
    const file = join(directory, 'schedule.json');
    writeFileSync(file, JSON.stringify({ module: 'keras.optimizers.schedules', class_name: 'CosineDecay', config: { initial_learning_rate: 0.02, decay_steps: 42, alpha: 0, name: 'CosineDecay', warmup_target: null, warmup_steps: 0 }, registered_name: null }));
    const { status, stdout } = iris('--backend', 'tfjs-cpu', '--epochs', '2', '--keras-config', file);
    expect(status).toBe(0);
    expect(stdout).toContain('cosineDecay {"initialLearningRate":0.02,"decaySteps":42');
  }, 60_000);

  test('--help prints the usage and exits 0', () => {
    const { status, stdout } = iris('--help');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: pnpm iris/);
    for (const option of ['--backend', '--epochs', '--schedule', '--keras-config']) expect(stdout).toContain(option);
  });

  test.each([
    [['--bogus'], "unknown option '--bogus'"],
    [['--epochs', 'ten'], "option --epochs must be an integer from 1 to 100000, got 'ten'"],
    [['--epochs', '1000000000'], "option --epochs must be an integer from 1 to 100000, got '1000000000'"],
    [['--backend', 'webgl'], 'option --backend must be one of tfjs-cpu, ort-wasm, all'],
    [['--keras-config', '/nonexistent/schedule.json'], "option --keras-config: cannot read '/nonexistent/schedule.json' (ENOENT)"],
  ])('%j: a clear message on stderr, exit code 2, nothing trained', (args, message) => {
    const { status, stdout, stderr } = iris(...args);
    expect(status).toBe(2);
    expect(stderr).toContain(`anneal-iris: ${message}`);
    expect(stderr).toContain("Try 'pnpm iris --help'.");
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stdout).toBe('');
  });

  test("a Keras config the core refuses: its typed error, by path, exit code 2", () => {
    const directory = mkdtempSync(join(tmpdir(), 'iris-'));
    const file = join(directory, 'bad.json');
    writeFileSync(file, JSON.stringify({ class_name: 'ExponentialDecay', config: { initial_learning_rate: 0.01, decay_steps: 0, decay_rate: 0.9 } }));
    const { status, stderr } = iris('--keras-config', file);
    expect(status).toBe(2);
    expect(stderr).toContain('KerasConfigError: fromKerasConfig: config.decay_steps: must be a finite number');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
