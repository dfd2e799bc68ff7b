import { checkOptionKeys, InvalidOptionError, type Logs, type ProgressEpochEnd, type ProgressListener } from '@anneal/core';
import cliProgress, { type MultiBar, type Options as CliProgressOptions, type SingleBar } from 'cli-progress';
import { formatDuration, formatLogs, formatPerStep } from './format-logs.js';

/**
 * Where {@link progressBar} writes: `process.stdout`, `process.stderr`, or anything with `write` (a file stream, a
 * test double). `isTTY` and `columns` are read as Node's TTY streams have them.
 *
 * @example
 * ```ts
 * import type { ProgressStream } from '@anneal/progress';
 * const lines: string[] = [];
 * const stream: ProgressStream = { write: (chunk) => lines.push(chunk) };
 * ```
 */
export interface ProgressStream {
  /**
   * Receives everything the display prints, as text: whole lines ending in `\n` when there is no bar; on a terminal
   * also the bar's redraws, with the escape codes that move the cursor and clear the line. The return value (Node's
   * backpressure flag) is ignored.
   */
  write(chunk: string): unknown;
  /** A terminal: draw a bar. Node sets it on `process.stdout` when stdout is one. */
  readonly isTTY?: boolean;
  /** The terminal's width; the running bar line is cut to it. Default 80. */
  readonly columns?: number;
}

/**
 * Options of {@link progressBar}.
 *
 * @example
 * ```ts
 * import type { ProgressBarOptions } from '@anneal/progress';
 * const options: ProgressBarOptions = { stream: process.stderr, metrics: ['loss', 'val_loss', 'val_acc'], precision: 3 };
 * ```
 */
export interface ProgressBarOptions {
  /** Where to write. Default `process.stdout`. */
  readonly stream?: ProgressStream;
  /**
   * `true`: a bar per epoch, redrawn in place (Keras `verbose=1`); `false`: one plain line per epoch, no escape codes
   * (Keras `verbose=2`). Default `stream.isTTY === true`, so CI logs and pipes get plain lines.
   */
  readonly tty?: boolean;
  /**
   * The log keys to show, in this order (`['loss', 'val_loss']`). A key absent from the logs at that moment is
   * skipped (`val_*` exist only at the end of an epoch). Default: every key of the logs, in their order, except
   * `learningRate`, `batch` and `size` (the rate is always shown, as `lr`).
   */
  readonly metrics?: readonly string[];
  /** Decimals of metric values (exponential below 1e-3, as in Keras) and significant digits of `lr`. Default 4. */
  readonly precision?: number;
}

/**
 * The listener {@link progressBar} returns: a {@link ProgressListener} for `fitCallback({ progress })` or
 * `trainer.fit(x, y, { progress })`, plus `stop`.
 *
 * @example
 * ```ts
 * import { progressBar, type ProgressBar } from '@anneal/progress';
 * const progress: ProgressBar = progressBar();
 * try {
 *   await trainer.fit(x, y, { epochs: 200, progress });
 * } finally {
 *   progress.stop();
 * }
 * ```
 */
export interface ProgressBar extends ProgressListener {
  /**
   * Ends a bar left open by a fit that threw (the adapters then skip `onEpochEnd` and `onTrainEnd`): its last state
   * stays on screen as a plain line and the terminal is left clean. Does nothing when no bar is open, so it can sit in
   * a `finally`.
   */
  stop(): void;
}

const KEYS = ['stream', 'tty', 'metrics', 'precision'];
const SOURCE = 'progressBar';
/** Keras's bar width. */
const BAR_SIZE = 30;
const MIN_BAR_SIZE = 10;
/** Redraws per second at most: what the eye follows, and cheap beside any training step. */
const FPS = 10;
const BAR_OPTIONS = { barsize: BAR_SIZE, barCompleteChar: '=', barIncompleteChar: '.', barGlue: '' } as const;
/** The same bar, for drawing it outside a running cli-progress bar (the final line, `stop`). */
const barOptions: CliProgressOptions = {
  ...BAR_OPTIONS,
  barCompleteString: BAR_OPTIONS.barCompleteChar.repeat(BAR_SIZE + 1),
  barIncompleteString: BAR_OPTIONS.barIncompleteChar.repeat(BAR_SIZE + 1),
};

/**
 * Keras-style progress output for Node, for `@anneal/tfjs`'s `fitCallback({ progress })` and
 * `@anneal/onnxruntime-web`'s `trainer.fit(x, y, { progress })`.
 *
 * On a terminal, each epoch gets its header (`Epoch 3/200`) and a [cli-progress](https://www.npmjs.com/package/cli-progress)
 * bar with the step count, ETA, the running mean of the batch metrics and the learning rate; when the epoch ends, the
 * bar is replaced by its final line with the epoch's logs, `val_*` included, the time per step and the rate of the
 * epoch's last step (Keras `verbose=1`):
 *
 * ```text
 * Epoch 3/200
 * 24/24 [==============================] - 0s 2ms/step - loss: 0.4512 - acc: 0.8667 - val_loss: 0.4810 - val_acc: 0.8000 - lr: 0.01
 * ```
 *
 * Elsewhere (CI, a pipe, a file) there is no bar and no escape code: one line per epoch (Keras `verbose=2`), and the
 * listener has no `onBatchEnd`, so `@anneal/tfjs` reads no batch logs for it:
 *
 * ```text
 * Epoch 3/200 - loss: 0.4512 - acc: 0.8667 - val_loss: 0.4810 - val_acc: 0.8000 - lr: 0.01
 * ```
 *
 * `log` prints the callbacks' lines ("Epoch 5: ReduceLROnPlateau reducing learning rate to 0.001.") above the bar
 * without tearing it; the adapters send them there unless given their own `log`/`warn`.
 *
 * @example
 * ```ts
 * import { reduceLROnPlateau } from '@anneal/core';
 * import { progressBar } from '@anneal/progress';
 * import { fitCallback } from '@anneal/tfjs';
 * await model.fit(x, y, {
 *   epochs: 200,
 *   validationSplit: 0.2,
 *   verbose: 0,
 *   callbacks: [fitCallback({ callbacks: [reduceLROnPlateau({ monitor: 'val_loss', verbose: 1 })], progress: progressBar() })],
 * });
 * ```
 */
export function progressBar(options: ProgressBarOptions = {}): ProgressBar {
  checkOptionKeys({ source: SOURCE, options, validKeys: KEYS });
  const stream = options.stream ?? process.stdout;
  if (typeof stream !== 'object' || stream === null || typeof (stream as Partial<ProgressStream>).write !== 'function') {
    throw new InvalidOptionError(SOURCE, 'stream', stream, 'must be a writable stream, an object with write(chunk) such as process.stdout');
  }
  const tty = options.tty ?? stream.isTTY === true;
  if (typeof tty !== 'boolean') throw new InvalidOptionError(SOURCE, 'tty', tty, 'must be true or false');
  const metrics = checkMetrics(options.metrics);
  const precision = options.precision ?? 4;
  if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 1 || precision > 15) {
    throw new InvalidOptionError(SOURCE, 'precision', precision, 'must be an integer from 1 to 15');
  }
  const format = { metrics, precision };
  return tty ? terminalDisplay(stream, format) : lineDisplay(stream, format);
}

interface Format {
  readonly metrics: readonly string[] | null;
  readonly precision: number;
}

function checkMetrics(metrics: unknown): readonly string[] | null {
  if (metrics === undefined) return null;
  if (!Array.isArray(metrics)) throw new InvalidOptionError(SOURCE, 'metrics', metrics, "must be an array of log keys, such as ['loss', 'val_loss']");
  metrics.forEach((key: unknown, index) => {
    if (typeof key !== 'string' || key === '') throw new InvalidOptionError(SOURCE, `metrics[${index}]`, key, 'must be a non-empty string, a log key');
  });
  return [...(metrics as string[])];
}

/** `Epoch 3/200`: 1-based, as Keras prints it, against the epoch count that stops the loop. */
function epochHeader(epoch: number, epochs: number): string {
  return `Epoch ${epoch + 1}/${epochs}`;
}

/** Not a terminal: one line per epoch, and no batch hook, so no adapter reads batch logs for it. */
function lineDisplay(stream: ProgressStream, format: Format): ProgressBar {
  const line = (text: string): void => void stream.write(`${text}\n`);
  return {
    onEpochEnd: ({ epoch, epochs, learningRate, logs }: ProgressEpochEnd) => {
      line(`${epochHeader(epoch, epochs)}${formatLogs(logs, learningRate, format.metrics, format.precision)}`);
    },
    log: line,
    stop: () => {},
  };
}

/** What the bar of the open epoch shows. */
interface OpenEpoch {
  readonly bars: MultiBar;
  readonly bar: SingleBar;
  readonly startedAt: number;
  steps: number;
  /** Sum and count of every batch metric so far, for the running mean Keras shows. */
  readonly sums: Map<string, { sum: number; count: number }>;
  learningRate: number | null;
  lastDrawnAt: number;
}

/**
 * A terminal: a cli-progress bar per epoch. The MultiBar (even with one bar) is what cli-progress offers to print
 * lines above a bar without tearing it (`log`).
 */
function terminalDisplay(output: ProgressStream, format: Format): ProgressBar {
  // cli-progress decides from the stream's isTTY; a `tty: true` override on another stream is passed through a view
  // that says it is one.
  const stream: ProgressStream =
    output.isTTY === true ? output : { isTTY: true, columns: output.columns ?? 80, write: (chunk: string) => output.write(chunk) };
  let stepsPerEpoch: number | null = null;
  let open: OpenEpoch | null = null;
  const write = (text: string): void => void stream.write(text);

  const meanLogs = (epoch: OpenEpoch): Logs => {
    const logs: Record<string, number> = {};
    for (const [key, { sum, count }] of epoch.sums) logs[key] = sum / count;
    return logs;
  };
  const runningLine = (epoch: OpenEpoch, width: number, progress: { value: number; total: number; eta: unknown }): string => {
    const logs = formatLogs(meanLogs(epoch), epoch.learningRate, format.metrics, format.precision);
    if (stepsPerEpoch === null) return fit(`${progress.value}/Unknown - ${formatDuration((Date.now() - epoch.startedAt) / 1000)}${logs}`, width);
    const count = `${progress.value}/${progress.total} `;
    const rest = ` - ETA: ${typeof progress.eta === 'number' ? formatDuration(progress.eta) : '?'}${logs}`;
    // A narrow terminal gets a shorter bar before it loses the metrics and the rate at the end of the line.
    const size = Math.min(BAR_SIZE, Math.max(MIN_BAR_SIZE, width - 1 - count.length - rest.length - 2));
    return fit(`${count}[${drawBar(progress.value / Math.max(progress.total, 1), size)}]${rest}`, width);
  };
  const redraw = (epoch: OpenEpoch): void => {
    epoch.bars.update();
    epoch.lastDrawnAt = Date.now();
  };
  const close = (epoch: OpenEpoch): void => {
    // clearOnComplete: the bar's line is cleared, and the caller writes the permanent one in its place.
    epoch.bars.stop();
    open = null;
  };

  return {
    onTrainBegin: (info) => {
      stepsPerEpoch = info.stepsPerEpoch;
    },
    onEpochBegin: ({ epoch, epochs }) => {
      if (open !== null) close(open);
      write(`${epochHeader(epoch, epochs)}\n`);
      const bars = new UnrefMultiBar({
        stream: stream as NodeJS.WritableStream,
        format: (_options, params) => (open === null ? '' : runningLine(open, params.maxWidth, params)),
        fps: FPS,
        clearOnComplete: true,
        hideCursor: false,
        // Let the terminal wrap: logged lines must not be cut; the bar line is cut to the width by `runningLine`.
        linewrap: true,
        // Node's own SIGINT handling stays in charge; the bar is a display, not the process's owner.
        gracefulExit: false,
        ...BAR_OPTIONS,
      });
      const now = Date.now();
      open = { bars, bar: bars.create(stepsPerEpoch ?? 0, 0), startedAt: now, steps: 0, sums: new Map(), learningRate: null, lastDrawnAt: now };
      redraw(open);
    },
    onBatchEnd: ({ batch, learningRate, logs }) => {
      if (open === null) return;
      open.steps = batch + 1;
      open.learningRate = learningRate;
      for (const [key, value] of Object.entries(logs)) {
        const entry = open.sums.get(key);
        if (entry === undefined) open.sums.set(key, { sum: value, count: 1 });
        else {
          entry.sum += value;
          entry.count += 1;
        }
      }
      open.bar.update(open.steps);
      // cli-progress redraws on its timer; a loop that keeps the event loop busy would starve it, so draw here too.
      if (Date.now() - open.lastDrawnAt >= 1000 / FPS) redraw(open);
    },
    onEpochEnd: (info) => {
      const epoch = open;
      if (epoch !== null) close(epoch);
      write(`${finalLine(info, epoch, stepsPerEpoch, format)}\n`);
    },
    onTrainEnd: () => {
      if (open !== null) close(open);
    },
    log: (message) => {
      if (open === null) {
        write(`${message}\n`);
        return;
      }
      open.bars.log(`${message}\n`);
      redraw(open);
    },
    stop: () => {
      if (open === null) return;
      const epoch = open;
      const line = runningLine(epoch, Number.POSITIVE_INFINITY, { value: epoch.steps, total: stepsPerEpoch ?? epoch.steps, eta: null });
      close(epoch);
      write(`${line}\n`);
    },
  };
}

/** cli-progress's bar, `size` characters wide. */
function drawBar(progress: number, size: number): string {
  return cliProgress.Format.BarFormat(progress, { ...barOptions, barsize: size });
}

/** One column short of the width: a line that fills it leaves some terminals waiting to wrap. */
function fit(text: string, width: number): string {
  return text.length < width ? text : text.slice(0, Math.max(1, width - 1));
}

/** `24/24 [====…] - 0s 2ms/step - loss: … - val_loss: … - lr: …`, the line an epoch leaves on a terminal. */
function finalLine(info: ProgressEpochEnd, epoch: OpenEpoch | null, stepsPerEpoch: number | null, format: Format): string {
  const steps = epoch === null || epoch.steps === 0 ? (stepsPerEpoch ?? 0) : epoch.steps;
  const total = stepsPerEpoch ?? steps;
  const elapsed = epoch === null ? 0 : (Date.now() - epoch.startedAt) / 1000;
  const head = steps === 0 ? formatDuration(elapsed) : `${steps}/${total} [${drawBar(steps / Math.max(total, 1), BAR_SIZE)}] - ${formatDuration(elapsed)} ${formatPerStep(elapsed / steps)}`;
  return head + formatLogs(info.logs, info.learningRate, format.metrics, format.precision);
}

/**
 * cli-progress re-arms a redraw timer on every update; a fit that throws mid-epoch would leave it keeping Node alive.
 * Unref'd, the timer redraws while training runs and never holds the process open.
 */
class UnrefMultiBar extends cliProgress.MultiBar {
  override update(): void {
    super.update();
    (this as unknown as { timer?: { unref?: () => void } | null }).timer?.unref?.();
  }
}
