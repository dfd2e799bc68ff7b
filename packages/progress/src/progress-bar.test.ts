import { InvalidOptionError, UnknownOptionError, type ProgressEpochEnd, type ProgressListener } from '@anneal/core';
import { describe, expect, test } from 'vitest';
import { formatLearningRate, formatMetric } from './format-logs.js';
import { progressBar, type ProgressStream } from './index.js';

/** A stream that keeps what was written; `isTTY` as given. */
function fakeStream(isTTY: boolean, columns = 200): ProgressStream & { readonly output: () => string } {
  const chunks: string[] = [];
  return { isTTY, columns, write: (chunk: string) => chunks.push(chunk), output: () => chunks.join('') };
}

// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b/;

/**
 * What a terminal shows after `output`: the cursor moves, line and screen clears cli-progress (through Node's readline)
 * writes, applied to a grid. `\n` moves to the start of the next line, as a TTY's output processing does.
 */
function screen(output: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  let saved = { row: 0, col: 0 };
  const line = (): string[] => (lines[row] ??= []);
  // eslint-disable-next-line no-control-regex
  const token = /\x1b\[(\??)(\d*)(?:;(\d*))?([A-Za-z])|\x1b([78])|([\s\S])/g;
  for (const match of output.matchAll(token)) {
    const [, privateMode, first, , command, saveRestore, char] = match;
    if (char !== undefined) {
      if (char === '\n') {
        row += 1;
        col = 0;
        line();
      } else if (char === '\r') col = 0;
      else {
        const current = line();
        while (current.length < col) current.push(' ');
        current[col] = char;
        col += 1;
      }
      continue;
    }
    if (saveRestore === '7') saved = { row, col };
    if (saveRestore === '8') ({ row, col } = saved);
    if (privateMode === '?' || command === undefined) continue;
    const n = first === '' || first === undefined ? null : Number(first);
    if (command === 'G') col = (n ?? 1) - 1;
    else if (command === 'A') row = Math.max(0, row - (n ?? 1));
    else if (command === 'B') row += n ?? 1;
    else if (command === 'C') col += n ?? 1;
    else if (command === 'D') col = Math.max(0, col - (n ?? 1));
    else if (command === 'K') {
      const current = line();
      if ((n ?? 0) === 0) current.length = Math.min(current.length, col);
      else if (n === 1) for (let at = 0; at <= col && at < current.length; at++) current[at] = ' ';
      else current.length = 0;
    } else if (command === 'J' && (n ?? 0) === 0) {
      line().length = Math.min(line().length, col);
      lines.length = row + 1;
    }
  }
  const text = lines.map((cells) => cells.join('').trimEnd());
  while (text.length > 0 && text.at(-1) === '') text.pop();
  return text;
}

interface Simulation {
  readonly epochs?: number;
  readonly initialEpoch?: number;
  /** What onTrainBegin says (null: unknown). */
  readonly stepsPerEpoch?: number | null;
  /** Steps actually run per epoch. Default stepsPerEpoch, or 4 when that is unknown. */
  readonly steps?: number;
  /** Lines a callback logs: before the batch `batch` of `epoch` ends, or after the epoch's line with `batch: 'end'`. */
  readonly logs?: readonly { readonly epoch: number; readonly batch: number | 'end'; readonly message: string }[];
  /** Stop (early stopping) after this epoch. */
  readonly stopAfter?: number;
}

/** Drives a listener the way an adapter does, with made-up but distinct logs; returns what each epoch end carried. */
function simulate(listener: ProgressListener, simulation: Simulation = {}): ProgressEpochEnd[] {
  const { epochs = 3, initialEpoch = 0, stepsPerEpoch = 3, logs = [], stopAfter } = simulation;
  const steps = simulation.steps ?? stepsPerEpoch ?? 4;
  const rate = (step: number) => 0.05 * 0.93 ** step;
  const ends: ProgressEpochEnd[] = [];
  let step = 0;
  let epochsRun = 0;
  listener.onTrainBegin?.({ epochs, initialEpoch, stepsPerEpoch });
  for (let epoch = initialEpoch; epoch < epochs; epoch++) {
    listener.onEpochBegin?.({ epoch, epochs });
    for (let batch = 0; batch < steps; batch++) {
      for (const line of logs) if (line.epoch === epoch && line.batch === batch) listener.log?.(line.message);
      step += 1;
      listener.onBatchEnd?.({ epoch, batch, step, learningRate: rate(step - 1), logs: { loss: 1.5 / step + 0.012345, acc: (step % 7) / 7 } });
    }
    const end: ProgressEpochEnd = {
      epoch,
      epochs,
      learningRate: rate(step - 1),
      logs: { loss: 1 / (epoch + 2) + 0.000123, acc: 0.5 + epoch / 20, val_loss: 1.2 / (epoch + 2), val_acc: 0.456789 - epoch / 100 },
    };
    ends.push(end);
    listener.onEpochEnd?.(end);
    epochsRun += 1;
    for (const line of logs) if (line.epoch === epoch && line.batch === 'end') listener.log?.(line.message);
    if (stopAfter === epoch) break;
  }
  listener.onTrainEnd?.({ epochsRun, stoppedEarly: initialEpoch + epochsRun < epochs });
  return ends;
}

/** ` - key: value` pairs of a line, in order. */
function pairs(text: string): [string, string][] {
  return [...text.matchAll(/ - (\w+): (\S+)/g)].map((match) => [match[1] as string, match[2] as string]);
}

/** Checks that `printed` is `value` shown with `precision` decimals (or significant digits for exponential). */
function expectShown(printed: string, value: number, precision: number): void {
  const parsed = Number(printed);
  expect(Number.isFinite(parsed), printed).toBe(true);
  const decimals = printed.includes('e') ? (printed.split('e')[0]?.split('.')[1]?.length ?? 0) : (printed.split('.')[1]?.length ?? 0);
  expect(decimals, printed).toBe(precision);
  const exponent = printed.includes('e') ? Math.floor(Math.log10(Math.abs(value))) : 0;
  expect(Math.abs(parsed - value)).toBeLessThanOrEqual(0.5 * 10 ** (exponent - precision) * (1 + 1e-9));
}

describe('not a terminal: one line per epoch, Keras verbose=2', () => {
  test('exactly one line per epoch: Epoch n/N, every log key in order, lr; no escape codes', () => {
    const stream = fakeStream(false);
    const ends = simulate(progressBar({ stream }), { epochs: 4, initialEpoch: 1 });
    const output = stream.output();
    expect(output).not.toMatch(ESCAPE);
    const lines = output.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(ends.length);
    lines.forEach((line, index) => {
      const end = ends[index] as ProgressEpochEnd;
      expect(line.startsWith(`Epoch ${end.epoch + 1}/${end.epochs} - `), line).toBe(true);
      const shown = pairs(line);
      expect(shown.map(([key]) => key)).toEqual([...Object.keys(end.logs), 'lr']);
      for (const [key, printed] of shown.slice(0, -1)) expectShown(printed, end.logs[key] as number, 4);
      expect(Number(shown.at(-1)?.[1])).toBe(Number(end.learningRate.toPrecision(4)));
      // Nothing but the pairs after the header.
      expect(line).toBe(`Epoch ${end.epoch + 1}/${end.epochs}${shown.map(([key, value]) => ` - ${key}: ${value}`).join('')}`);
    });
  });

  test('it has no onBatchEnd, so an adapter reads no batch logs for it', () => {
    const listener = progressBar({ stream: fakeStream(false) });
    expect(listener.onBatchEnd).toBeUndefined();
    expect(typeof listener.onEpochEnd).toBe('function');
  });

  test('log lines come out intact, in order with the epoch lines', () => {
    const stream = fakeStream(false);
    const reduce = 'Epoch 2: ReduceLROnPlateau reducing learning rate to 0.001.';
    const warning = "ReduceLROnPlateau: monitored metric 'val_accuracy' is not in the logs (loss, acc, val_loss, val_acc); did you mean 'val_acc'?";
    simulate(progressBar({ stream }), { logs: [{ epoch: 1, batch: 'end', message: reduce }, { epoch: 2, batch: 1, message: warning }] });
    const lines = stream.output().trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^Epoch 1\/3 - /);
    expect(lines[1]).toMatch(/^Epoch 2\/3 - /);
    expect(lines[2]).toBe(reduce);
    expect(lines[3]).toBe(warning);
    expect(lines[4]).toMatch(/^Epoch 3\/3 - /);
  });

  test('metrics picks and orders the keys, skipping one the logs lack; precision sets the digits', () => {
    const stream = fakeStream(false);
    const ends = simulate(progressBar({ stream, metrics: ['val_acc', 'loss', 'top5'], precision: 2 }), { epochs: 2 });
    const lines = stream.output().trimEnd().split('\n');
    lines.forEach((line, index) => {
      const end = ends[index] as ProgressEpochEnd;
      const shown = pairs(line);
      expect(shown.map(([key]) => key)).toEqual(['val_acc', 'loss', 'lr']);
      expectShown(shown[0]?.[1] as string, end.logs['val_acc'] as number, 2);
      expectShown(shown[1]?.[1] as string, end.logs['loss'] as number, 2);
      expect(Number(shown[2]?.[1])).toBe(Number(end.learningRate.toPrecision(2)));
    });
  });

  test('early stopping: the epochs that ran, nothing for the ones that did not', () => {
    const stream = fakeStream(false);
    const ends = simulate(progressBar({ stream }), { epochs: 10, stopAfter: 2 });
    expect(ends).toHaveLength(3);
    expect(stream.output().trimEnd().split('\n').map((line) => line.split(' - ')[0])).toEqual(['Epoch 1/10', 'Epoch 2/10', 'Epoch 3/10']);
  });
});

describe('a terminal: a cli-progress bar per epoch, Keras verbose=1', () => {
  const FINAL = /^(\d+)\/(\d+) \[(=*)(\.*)\] - (\d+s|\d+:\d\d) (\d+)(s|ms|us)\/step((?: - \w+: \S+)+)$/;

  test('the bar is drawn with escape codes, and each epoch ends as its header and one line with the epoch logs', () => {
    const stream = fakeStream(true);
    const ends = simulate(progressBar({ stream }), { epochs: 3, initialEpoch: 1, stepsPerEpoch: 5 });
    const output = stream.output();
    expect(output).toMatch(ESCAPE);
    // A bar was drawn while an epoch ran.
    expect(output).toMatch(/0\/5 \[\.{30}\] - ETA: /);
    const shown = screen(output);
    expect(shown).toHaveLength(2 * ends.length);
    ends.forEach((end, index) => {
      expect(shown[2 * index]).toBe(`Epoch ${end.epoch + 1}/${end.epochs}`);
      const line = shown[2 * index + 1] as string;
      const match = FINAL.exec(line);
      expect(match, line).not.toBeNull();
      const [, steps, total, done, left, , , , logs] = match as unknown as string[];
      expect([steps, total]).toEqual(['5', '5']);
      expect([done?.length, left?.length]).toEqual([30, 0]);
      const keys = pairs(logs as string);
      expect(keys.map(([key]) => key)).toEqual([...Object.keys(end.logs), 'lr']);
      for (const [key, printed] of keys.slice(0, -1)) expectShown(printed, end.logs[key] as number, 4);
      expect(Number(keys.at(-1)?.[1])).toBe(Number(end.learningRate.toPrecision(4)));
    });
  });

  test('a log line mid-epoch appears intact above the bar, which is redrawn under it', () => {
    const stream = fakeStream(true);
    const message = "ReduceLROnPlateau: monitored metric 'val_accuracy' is not in the logs; did you mean 'val_acc'?";
    simulate(progressBar({ stream }), { epochs: 2, stepsPerEpoch: 4, logs: [{ epoch: 1, batch: 2, message }, { epoch: 0, batch: 'end', message: 'after epoch 1' }] });
    const shown = screen(stream.output());
    expect(shown).toHaveLength(6);
    expect(shown[0]).toBe('Epoch 1/2');
    expect(shown[1]).toMatch(FINAL);
    expect(shown[2]).toBe('after epoch 1');
    expect(shown[3]).toBe('Epoch 2/2');
    expect(shown[4]).toBe(message);
    expect(shown[5]).toMatch(FINAL);
    // At the log, two of four steps were done: the bar redrawn under it showed them.
    expect(stream.output()).toContain(`${message}\n`);
    expect(stream.output().split(`${message}\n`)[1]).toMatch(/^\x1b\[1G2\/4 \[={15}\.{15}\] - ETA: /);
  });

  test('the running line is cut to the terminal width, the bar shrinking first', () => {
    const stream = fakeStream(true, 72);
    const listener = progressBar({ stream });
    listener.onTrainBegin?.({ epochs: 1, initialEpoch: 0, stepsPerEpoch: 10 });
    listener.onEpochBegin?.({ epoch: 0, epochs: 1 });
    listener.onBatchEnd?.({ epoch: 0, batch: 0, step: 1, learningRate: 0.01, logs: { loss: 0.5, acc: 0.25 } });
    listener.log?.('x');
    const running = screen(stream.output()).at(-1) as string;
    expect(running.length).toBeLessThan(72);
    expect(running).toMatch(/^1\/10 \[=*\.*\] - ETA: \S+ - loss: 0\.5000 - acc: 0\.2500 - lr: 0\.01$/);
    expect(/\[(.*)\]/.exec(running)?.[1]?.length).toBeLessThan(30);
    listener.stop();
  });

  test('steps per epoch unknown: n/Unknown while it runs, n/n once the epoch ends', () => {
    const stream = fakeStream(true);
    simulate(progressBar({ stream }), { epochs: 1, stepsPerEpoch: null, steps: 6, logs: [{ epoch: 0, batch: 3, message: 'mid' }] });
    expect(stream.output()).toMatch(/3\/Unknown - \d+s - loss: /);
    const shown = screen(stream.output());
    expect(shown[1]).toBe('mid');
    expect(FINAL.exec(shown[2] as string)?.slice(1, 3)).toEqual(['6', '6']);
  });

  test('tty overrides the stream: bars on a pipe when true, plain lines on a terminal when false', () => {
    const pipe = fakeStream(false);
    simulate(progressBar({ stream: pipe, tty: true }), { epochs: 1 });
    expect(pipe.output()).toMatch(ESCAPE);
    expect(screen(pipe.output())[1]).toMatch(FINAL);

    const terminal = fakeStream(true);
    const listener = progressBar({ stream: terminal, tty: false });
    simulate(listener, { epochs: 2 });
    expect(terminal.output()).not.toMatch(ESCAPE);
    expect(terminal.output().trimEnd().split('\n')).toHaveLength(2);
  });

  test('stop() after a fit that threw mid-epoch leaves the last state as a line; later calls do nothing', () => {
    const stream = fakeStream(true);
    const listener = progressBar({ stream });
    listener.onTrainBegin?.({ epochs: 5, initialEpoch: 0, stepsPerEpoch: 8 });
    listener.onEpochBegin?.({ epoch: 0, epochs: 5 });
    for (let batch = 0; batch < 3; batch++) listener.onBatchEnd?.({ epoch: 0, batch, step: batch + 1, learningRate: 0.1, logs: { loss: 1 } });
    listener.stop();
    const after = stream.output();
    listener.stop();
    expect(stream.output()).toBe(after);
    const shown = screen(after);
    expect(shown).toHaveLength(2);
    expect(shown[1]).toMatch(/^3\/8 \[=+\.+\] - ETA: \S+ - loss: 1\.0000 - lr: 0\.1$/);
  });
});

describe('options are checked', () => {
  test('a misspelt option is an UnknownOptionError suggesting the right one', () => {
    expect(() => progressBar({ strem: process.stdout } as never)).toThrow(UnknownOptionError);
    expect(() => progressBar({ strem: process.stdout } as never)).toThrow("progressBar: unknown option 'strem' — did you mean 'stream'?");
    expect(() => progressBar({ precission: 3 } as never)).toThrow(/did you mean 'precision'\?/);
  });

  test.each([
    ['stream', { stream: {} }, /option 'stream' must be a writable stream/],
    ['tty', { tty: 'yes' }, /option 'tty' must be true or false/],
    ['metrics', { metrics: 'loss' }, /option 'metrics' must be an array of log keys/],
    ['metrics[1]', { metrics: ['loss', ''] }, /option 'metrics\[1\]' must be a non-empty string/],
    ['precision', { precision: 0 }, /option 'precision' must be an integer from 1 to 15/],
    ['precision', { precision: 2.5 }, /option 'precision' must be an integer from 1 to 15/],
  ])('a bad %s is an InvalidOptionError naming it', (option, options, message) => {
    let error: unknown;
    try {
      progressBar({ stream: fakeStream(false), ...options } as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    expect(String((error as Error).message)).toMatch(message);
  });

  test('defaults: process.stdout, a bar exactly when it is a TTY', () => {
    const listener = progressBar();
    expect(typeof listener.onBatchEnd === 'function').toBe(process.stdout.isTTY === true);
  });
});

describe('number formats', () => {
  test('metrics: fixed with the precision, exponential at or below 1e-3 (Keras), non-finite spelled out', () => {
    for (const value of [0.45123, 12.3, -0.5, 0.0011, 0]) expect(formatMetric(value, 4)).toBe(value.toFixed(4));
    for (const value of [0.001, 2e-5, -3e-7]) expect(formatMetric(value, 4)).toBe(value.toExponential(4));
    expect(formatMetric(Number.NaN, 4)).toBe('NaN');
    expect(formatMetric(Number.POSITIVE_INFINITY, 4)).toBe('Infinity');
  });

  test('learning rates: the precision in significant digits, no trailing zeros', () => {
    expect(formatLearningRate(0.01, 4)).toBe('0.01');
    expect(formatLearningRate(0.0096, 4)).toBe('0.0096');
    expect(formatLearningRate(0.00999999, 4)).toBe('0.01');
    expect(formatLearningRate(1e-7, 4)).toBe('1e-7');
    expect(formatLearningRate(0, 4)).toBe('0');
  });
});
