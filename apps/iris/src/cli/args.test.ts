import { describe, expect, test } from 'vitest';
import { parseCliArgs, USAGE, UsageError } from './args.js';

describe('parseCliArgs', () => {
  test('defaults: both Node backends, 200 epochs, seed 11, the article schedule', () => {
    expect(parseCliArgs([])).toEqual({ help: false, backends: ['tfjs-cpu', 'ort-wasm'], epochs: 200, seed: 11, schedule: null, kerasConfig: null });
  });

  test('every option', () => {
    expect(parseCliArgs(['--backend', 'ort-wasm', '--epochs', '20', '--schedule', 'cosineDecay', '--seed', '3'])).toEqual({
      help: false,
      backends: ['ort-wasm'],
      epochs: 20,
      seed: 3,
      schedule: 'cosineDecay',
      kerasConfig: null,
    });
    expect(parseCliArgs(['--backend=all', '--keras-config', 'schedule.json']).kerasConfig).toBe('schedule.json');
    expect(parseCliArgs(['--schedule', 'step-decay']).schedule).toBe('step-decay');
    expect(parseCliArgs(['-h']).help).toBe(true);
    expect(parseCliArgs(['--epochs', '100000']).epochs).toBe(100_000);
  });

  test('the usage states the bound of --epochs', () => {
    expect(USAGE).toContain('--epochs N            epochs to train, an integer from 1 to 100000');
  });

  test.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['--epohcs', '3'], /unknown option '--epohcs' — did you mean '--epochs'\?/],
    [['--epochs', '0'], /option --epochs must be an integer from 1 to 100000, got '0'/],
    [['--epochs', '2.5'], /option --epochs must be an integer from 1 to 100000, got '2.5'/],
    // Beyond the bound the preview of every step's rate cannot be allocated (a RangeError, exit 1, before the bound).
    [['--epochs', '100001'], /option --epochs must be an integer from 1 to 100000, got '100001'/],
    [['--epochs', '1000000000'], /option --epochs must be an integer from 1 to 100000, got '1000000000'/],
    [['--epochs'], /option '--epochs <value>' argument missing/],
    [['--backend', 'tfjs-webgl'], /option --backend must be one of tfjs-cpu, ort-wasm, all, got 'tfjs-webgl'/],
    [['--schedule', 'cosine'], /option --schedule must be one of exponentialDecay, .*step-decay, plateau, got 'cosine'/],
    [['--schedule', 'linear', '--keras-config', 'a.json'], /--schedule and --keras-config both choose the schedule/],
    [['--seed=-1'], /option --seed must be an integer >= 0, got '-1'/],
    [['train'], /unexpected argument 'train'/i],
  ])('%j is a UsageError naming the option', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
