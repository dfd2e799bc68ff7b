import { progressBar } from '@anneal/progress';
import { describe, expect, test } from 'vitest';
import { trainingLines } from './run-cli.js';

/** stdout and stderr that keep what was written. */
function capture(): { readonly stdout: { write(text: string): void }; readonly stderr: { write(text: string): void }; readonly out: string[]; readonly err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { stdout: { write: (text) => void out.push(text) }, stderr: { write: (text) => void err.push(text) }, out, err };
}

describe('trainingLines', () => {
  test("with a display, takeover and warning lines go through its log: off a terminal, after the epoch's line", () => {
    const io = capture();
    const display = progressBar({ stream: { isTTY: false, write: (chunk) => void io.out.push(chunk) } });
    const lines = trainingLines(display, io);
    display.onEpochEnd?.({ epoch: 7, epochs: 40, learningRate: 0.01, logs: { loss: 0.5 } });
    lines.say('reduceLROnPlateau took over the learning rate from epoch 9 (2.000e-3).');
    lines.warn('warning: earlyStopping: val_loss is not in the logs');
    expect(io.out).toEqual([
      'Epoch 8/40 - loss: 0.5000 - lr: 0.01\n',
      'reduceLROnPlateau took over the learning rate from epoch 9 (2.000e-3).\n',
      'warning: earlyStopping: val_loss is not in the logs\n',
    ]);
    expect(io.err).toEqual([]);
  });

  test('on a terminal, a line printed while a bar is open goes above the bar instead of into it', () => {
    const io = capture();
    const display = progressBar({ stream: { isTTY: true, columns: 120, write: (chunk) => void io.out.push(chunk) } });
    const lines = trainingLines(display, io);
    display.onTrainBegin?.({ epochs: 40, initialEpoch: 0, stepsPerEpoch: 21 });
    display.onEpochBegin?.({ epoch: 7, epochs: 40 });
    lines.warn('warning: earlyStopping: val_loss is not in the logs');
    display.onEpochEnd?.({ epoch: 7, epochs: 40, learningRate: 0.01, logs: { loss: 0.5 } });
    const text = io.out.join('');
    expect(text).toContain('warning: earlyStopping: val_loss is not in the logs\n');
    expect(text.indexOf('Epoch 8/40\n')).toBeLessThan(text.indexOf('warning:'));
    expect(io.err).toEqual([]);
  });

  test('without a log on the display: plain stdout, warnings on stderr', () => {
    const io = capture();
    const lines = trainingLines({}, io);
    lines.say('learningRateScheduler took over the learning rate from epoch 1 (5.000e-3).');
    lines.warn('warning: earlyStopping: val_loss is not in the logs');
    expect(io.out).toEqual(['learningRateScheduler took over the learning rate from epoch 1 (5.000e-3).\n']);
    expect(io.err).toEqual(['warning: earlyStopping: val_loss is not in the logs\n']);
  });
});
