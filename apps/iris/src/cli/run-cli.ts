import { AnnealError, toKerasConfig, type ProgressListener } from '@anneal/core';
import asciichart from 'asciichart';
import { readFile } from 'node:fs/promises';
import { previewLearningRates, scheduleOf, type Preview } from '../experiment/callbacks.js';
import { irisData, stepsPerEpoch } from '../experiment/data.js';
import { runExperiment, type ExperimentResult } from '../experiment/experiment.js';
import { presetOptions, scheduleFromKerasJson } from '../experiment/schedules.js';
import { ARTICLE_PLATEAU, articleSettings, articleStepDecaySettings, type ExperimentSettings } from '../experiment/settings.js';
import { parseCliArgs, USAGE, UsageError, type CliOptions } from './args.js';

/** Where the command line writes, and how it makes a progress display: the process's own in `main.ts`. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** A display per run; `stop` (`progressBar()`'s) closes a bar a failed fit left open, before the error is printed. */
  readonly progress: () => ProgressListener & { stop?(): void };
}

/**
 * The experiment a command line asks for: the article's first program, with `--schedule` or `--keras-config` for
 * method one or one of the article's method-two programs.
 *
 * @example
 * ```ts
 * import { parseCliArgs } from './args.js';
 * import { settingsFromCli } from './run-cli.js';
 * const settings = await settingsFromCli(parseCliArgs(['--schedule', 'cosineDecay', '--epochs', '50']));
 * settings.schedule; // { kind: 'builtin', name: 'cosineDecay', options: { initialLearningRate: 0.02, decaySteps: 1050 } }
 * ```
 */
export async function settingsFromCli(options: CliOptions): Promise<ExperimentSettings> {
  const base: ExperimentSettings = { ...articleSettings(options.epochs), seed: options.seed };
  let settings = base;
  if (options.schedule === 'step-decay') settings = { ...base, stepDecay: articleStepDecaySettings(options.epochs) };
  else if (options.schedule === 'plateau') settings = { ...base, plateau: ARTICLE_PLATEAU };
  else if (options.schedule !== null) {
    settings = { ...base, schedule: { kind: 'builtin', name: options.schedule, options: presetOptions(options.schedule, { epochs: options.epochs, stepsPerEpoch: stepsPerEpoch(base.batchSize) }) } };
  } else if (options.kerasConfig !== null) {
    let text: string;
    try {
      text = await readFile(options.kerasConfig, 'utf8');
    } catch (error) {
      throw new UsageError(`option --keras-config: cannot read '${options.kerasConfig}' (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    try {
      scheduleFromKerasJson(text);
    } catch (error) {
      if (error instanceof SyntaxError) throw new UsageError(`option --keras-config: '${options.kerasConfig}' is not JSON (${error.message})`);
      if (error instanceof AnnealError) throw new UsageError(`option --keras-config: '${options.kerasConfig}': ${error.name}: ${error.message}`);
      throw error;
    }
    settings = { ...base, schedule: { kind: 'keras', json: text } };
  }
  return settings;
}

/** One line naming the schedule and callbacks, as the article would write them. */
export function describeSettings(settings: ExperimentSettings): string {
  const schedule = scheduleOf(settings);
  const parts = [schedule === null ? `constant rate ${settings.learningRate}` : `${schedule.config.name} ${JSON.stringify(schedule.config.options)}`];
  if (settings.stepDecay !== null) parts.push(`learningRateScheduler(step decay ${JSON.stringify(settings.stepDecay)})`);
  if (settings.plateau !== null) parts.push(`reduceLROnPlateau(${JSON.stringify(settings.plateau)})`);
  if (settings.checkpoint) parts.push('modelCheckpoint(val_acc, max, best only)');
  if (settings.earlyStopping !== null) parts.push(`earlyStopping(${JSON.stringify(settings.earlyStopping)})`);
  return parts.join(' + ');
}

/**
 * The learning-rate curve per epoch as an ASCII chart, at most `width` columns (epochs are sampled evenly when there
 * are more).
 *
 * @example
 * ```ts
 * import { plotRates } from './run-cli.js';
 * console.log(plotRates([0.01, 0.01, 0.005, 0.0025]));
 * ```
 */
export function plotRates(rates: readonly number[], width = 64, height = 8): string {
  const columns = Math.min(width, rates.length);
  const series = Array.from({ length: columns }, (_, column) => rates[Math.round((column * (rates.length - 1)) / Math.max(1, columns - 1))] as number);
  // Enough significant digits to tell the top label from the bottom one (a slow decay moves the 5th digit).
  const top = Math.max(...series);
  const range = top - Math.min(...series);
  const digits = range > 0 && top > 0 ? Math.min(8, Math.max(3, Math.ceil(Math.log10(top / range)) + 2)) : 3;
  const chart = asciichart.plot(series, { height, format: (value: number) => value.toPrecision(digits).padStart(12) });
  const pad = ' '.repeat(14);
  const last = String(rates.length);
  return `${chart}\n${pad}epoch 1${' '.repeat(Math.max(1, columns - 7 - last.length))}${last}`;
}

const seconds = (value: number): string => `${value.toFixed(2)} s`;

function summaryTable(results: readonly ExperimentResult[]): string {
  const rows = [
    ['backend', 'runtime', 'epochs', 'test accuracy', 'best checkpoint (epoch, val_acc, test)', 'fit', 'wall time'],
    ...results.map((result) => [
      result.backend.name,
      `${result.backend.runtime} ${result.backend.backend}${result.backend.gpu ? ' (GPU)' : ' (CPU)'}`,
      String(result.epochs.length),
      result.test.accuracy.toFixed(4),
      result.checkpoint === null ? '-' : `${result.checkpoint.epoch + 1}, ${result.checkpoint.valAcc?.toFixed(4) ?? '-'}, ${result.checkpoint.testAccuracy.toFixed(4)}`,
      seconds(result.fitSeconds),
      seconds(result.wallSeconds),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/**
 * Where the lines printed during training go: through the progress display's `log` when it has one, so that a bar on
 * a terminal is not torn and, off a terminal, a line comes after the line of the epoch that caused it (the adapters
 * report an epoch to the display before its callbacks run). Without a display's `log`: plain stdout, and warnings on
 * stderr.
 *
 * @example
 * ```ts
 * import { progressBar } from '@anneal/progress';
 * import { trainingLines } from './run-cli.js';
 * const lines = trainingLines(progressBar(), { stdout: process.stdout, stderr: process.stderr });
 * lines.warn('warning: earlyStopping: val_loss is not in the logs');
 * ```
 */
export function trainingLines(progress: ProgressListener, io: Pick<CliIo, 'stdout' | 'stderr'>): { say(line: string): void; warn(line: string): void } {
  const log = progress.log?.bind(progress);
  if (log !== undefined) return { say: log, warn: log };
  return { say: (line) => void io.stdout.write(`${line}\n`), warn: (line) => void io.stderr.write(`${line}\n`) };
}

/**
 * The command line: parses `argv`, trains on each backend in turn, prints the results. Resolves to the exit code:
 * 0 trained, 1 training failed, 2 bad options (with the message on stderr, no stack trace).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  let settings: ExperimentSettings;
  let preview: Preview;
  try {
    options = parseCliArgs(argv);
    if (options.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    settings = await settingsFromCli(options);
    // Inside the try: the preview runs the core's checks (a conflict refused by `conflict: 'error'`) as training would.
    preview = previewLearningRates(settings);
  } catch (error) {
    if (error instanceof UsageError || error instanceof AnnealError) {
      io.stderr.write(`anneal-iris: ${error instanceof AnnealError ? `${error.name}: ` : ''}${error.message}\nTry 'pnpm iris --help'.\n`);
      return 2;
    }
    throw error;
  }
  const out = (line = ''): unknown => io.stdout.write(`${line}\n`);
  out(`anneal iris: the seed article's example, ${settings.epochs} epochs, batch ${settings.batchSize}, ${preview.stepsPerEpoch} steps per epoch, seed ${settings.seed}`);
  const split = irisData(settings.seed);
  out(`4→4 relu→6 relu→3 softmax, glorot-uniform, SGD momentum ${settings.momentum}, categorical cross-entropy; ${split.train.x.length}/${split.validation.x.length}/${split.test.x.length} rows for train/validation/test`);
  out(describeSettings(settings));
  out();
  out(`Learning rate per epoch (the rate in force at each epoch's end)${preview.dependsOnMetrics.length > 0 ? `; ${preview.dependsOnMetrics.join(', ')} acts on the metrics, so it is not in this preview` : ''}:`);
  out(plotRates(preview.epochs));
  if (preview.takeover !== null) out(`The callback ${preview.takeover.source} sets the rate from epoch ${preview.takeover.fromEpoch + 1}: it wins over the schedule (conflict: ${settings.conflict}).`);
  const schedule = scheduleOf(settings);
  if (schedule !== null) {
    try {
      out(`Keras JSON of the schedule, to continue in Python: ${JSON.stringify(toKerasConfig(schedule))}`);
    } catch {
      out(`(${schedule.config.name} has no Keras class, so it has no Keras JSON.)`);
    }
  }
  const results: ExperimentResult[] = [];
  for (const backend of options.backends) {
    out();
    out(`== ${backend} ==`);
    const progress = io.progress();
    const lines = trainingLines(progress, io);
    try {
      const result = await runExperiment(settings, {
        backend,
        progress,
        listener: {
          onTakeover: (takeover) => lines.say(`${takeover.source} took over the learning rate from epoch ${takeover.fromEpoch + 1} (${takeover.learningRate.toExponential(3)}).`),
          warn: (message) => lines.warn(`warning: ${message}`),
        },
      });
      results.push(result);
      const { test } = result;
      const correct = test.counts.reduce((sum, row, index) => sum + (row[index] ?? 0), 0);
      const total = test.counts.flat().reduce((sum, count) => sum + count, 0);
      out(`${backend}: ${result.backend.runtime} '${result.backend.backend}' backend, ${result.backend.gpu ? 'GPU' : 'CPU'}`);
      out(`${backend}: test accuracy ${test.accuracy.toFixed(4)} (${correct}/${total}), wall time ${seconds(result.wallSeconds)} (fit ${seconds(result.fitSeconds)}), ${result.epochs.length} epochs${result.stoppedEarly ? ' (stopped early)' : ''}`);
      if (result.checkpoint !== null) {
        out(`${backend}: best checkpoint epoch ${result.checkpoint.epoch + 1}, val_acc ${result.checkpoint.valAcc?.toFixed(4) ?? '-'}, test accuracy ${result.checkpoint.testAccuracy.toFixed(4)}`);
      }
      const rates = result.history['learningRate'] ?? [];
      if (rates.some((rate, epoch) => rate !== preview.epochs[epoch])) {
        out(`${backend}: learning rate per epoch as trained:`);
        out(plotRates(rates));
      }
    } catch (error) {
      progress.stop?.();
      io.stderr.write(`anneal-iris: ${backend} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
      return 1;
    }
  }
  out();
  out(summaryTable(results));
  return 0;
}
