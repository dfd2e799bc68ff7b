import { checkOptionKeys, UnknownOptionError } from '@anneal/core';
import { parseArgs } from 'node:util';
import { isScheduleName, SCHEDULE_NAMES } from '../experiment/schedules.js';
import { articleSettings, MAX_EPOCHS, NODE_BACKENDS, type BackendName } from '../experiment/settings.js';

/** The article's programs beside the built-in schedules: method two on top of its `ExponentialDecay`. */
export const ARTICLE_PROGRAMS = {
  'step-decay': "the article's second program: ExponentialDecay in the optimizer, LearningRateScheduler(step_decay) wins",
  plateau: "the article's third program: ExponentialDecay in the optimizer, ReduceLROnPlateau(val_acc) wins once it reduces",
} as const;

/** What `--schedule` accepts. */
export type ScheduleFlag = keyof typeof ARTICLE_PROGRAMS | (typeof SCHEDULE_NAMES)[number];

/** The command line, parsed and checked. */
export interface CliOptions {
  readonly help: boolean;
  readonly backends: readonly BackendName[];
  readonly epochs: number;
  readonly seed: number;
  /** `null`: the article's first program (its ExponentialDecay). */
  readonly schedule: ScheduleFlag | null;
  readonly kerasConfig: string | null;
}

/** A bad command line: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: pnpm iris [options]        (or: node apps/iris/dist/cli/main.js [options])

Trains the seed article's iris example in Node — a 4→4 relu→6 relu→3 softmax MLP, glorot-uniform init, SGD with
momentum 0.9, batch 5, categorical cross-entropy, a stratified 70/15/15 split, the best checkpoint by val_acc — on
TensorFlow.js's CPU backend and onnxruntime-web's wasm backend, one after the other, and prints the learning-rate
curve, a progress bar per run, the test accuracy and the wall time of each.

Options:
  --backend NAME        tfjs-cpu, ort-wasm or all (default: all)
  --epochs N            epochs to train, an integer from 1 to ${MAX_EPOCHS} (default: 200)
  --schedule NAME       method one: a built-in schedule with settings for iris,
                          ${SCHEDULE_NAMES.join(', ')};
                        or one of the article's method-two programs:
                          step-decay  LearningRateScheduler with the article's step decay
                          plateau     ReduceLROnPlateau(monitor='val_acc', factor=0.2, patience=5, min_lr=0.001)
                        (default: the article's ExponentialDecay(1e-2, 10000, 0.96))
  --keras-config FILE   method one from a Keras schedule saved as JSON in Python:
                          json.dump(keras.optimizers.schedules.serialize(schedule), open(FILE, 'w'))
  --seed N              seed of the initial weights and the shuffle, an integer (default: 11)
  -h, --help            show this help

Exit codes: 0 trained, 1 training failed, 2 bad options.`;

function integerOption(name: string, text: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`option --${name} must be an integer ${range}, got '${text}'`);
  }
  return value;
}

/**
 * Parses the command line strictly: an unknown option, a missing or bad value, or a stray argument is a
 * {@link UsageError} naming it.
 *
 * @example
 * ```ts
 * import { parseCliArgs } from './args.js';
 * parseCliArgs(['--backend', 'ort-wasm', '--epochs', '20']).backends; // ['ort-wasm']
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  const options = {
    backend: { type: 'string' },
    epochs: { type: 'string' },
    schedule: { type: 'string' },
    'keras-config': { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  try {
    ({ values } = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }));
  } catch (error) {
    // node:util's messages name the option; drop its advice about '--' which does not apply here.
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(
      message.replace(/^Unknown option/, 'unknown option').replace(/^Unexpected/, 'unexpected').replace(/^Option/, 'option') +
        suggestion(/^Unknown option '--([^']+)'/.exec(message)?.[1], Object.keys(options)),
    );
  }
  const help = values['help'] === true;
  const backendText = values['backend'] as string | undefined;
  let backends: readonly BackendName[] = NODE_BACKENDS;
  if (backendText !== undefined && backendText !== 'all') {
    if (!(NODE_BACKENDS as readonly string[]).includes(backendText)) {
      throw new UsageError(`option --backend must be one of ${[...NODE_BACKENDS, 'all'].join(', ')}, got '${backendText}'`);
    }
    backends = [backendText as BackendName];
  }
  const epochs = integerOption('epochs', values['epochs'] as string | undefined, 200, 1, MAX_EPOCHS);
  const seed = integerOption('seed', values['seed'] as string | undefined, articleSettings().seed, 0);
  const scheduleText = values['schedule'] as string | undefined;
  const kerasConfig = (values['keras-config'] as string | undefined) ?? null;
  if (scheduleText !== undefined && kerasConfig !== null) {
    throw new UsageError('options --schedule and --keras-config both choose the schedule; give one of them');
  }
  let schedule: ScheduleFlag | null = null;
  if (scheduleText !== undefined) {
    if (!isScheduleName(scheduleText) && !Object.hasOwn(ARTICLE_PROGRAMS, scheduleText)) {
      throw new UsageError(`option --schedule must be one of ${[...SCHEDULE_NAMES, ...Object.keys(ARTICLE_PROGRAMS)].join(', ')}, got '${scheduleText}'`);
    }
    schedule = scheduleText as ScheduleFlag;
  }
  if (kerasConfig === '') throw new UsageError('option --keras-config needs a file name');
  return { help, backends, epochs, seed, schedule, kerasConfig };
}

/** " — did you mean '--epochs'?" for a misspelt flag, with the core's nearest-key rule; '' when nothing is close. */
function suggestion(flag: string | undefined, flags: readonly string[]): string {
  if (flag === undefined) return '';
  try {
    checkOptionKeys({ source: 'anneal-iris', options: { [flag]: true }, validKeys: flags });
  } catch (error) {
    if (error instanceof UnknownOptionError && error.suggestion !== undefined) return ` — did you mean '--${error.suggestion}'?`;
  }
  return '';
}
