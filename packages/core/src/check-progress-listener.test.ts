import { describe, expect, test } from 'vitest';
import { InvalidOptionError, UnknownOptionError, checkProgressListener, type ProgressListener } from './index.js';

describe('checkProgressListener', () => {
  test('no listener is null; a listener comes back as given, class instances included', () => {
    expect(checkProgressListener({ source: 'fit', listener: undefined })).toBeNull();
    const listener: ProgressListener = { onEpochEnd: () => undefined };
    expect(checkProgressListener({ source: 'fit', listener })).toBe(listener);
    class Display implements ProgressListener {
      log(): void {}
    }
    const display = new Display();
    expect(checkProgressListener({ source: 'fit', listener: display })).toBe(display);
  });
  test.each(['bar', 3, null, () => undefined])('%s is not a listener: the error names the option and the hooks', (listener) => {
    expect(() => checkProgressListener({ source: 'fit', listener })).toThrow(InvalidOptionError);
    expect(() => checkProgressListener({ source: 'fit', listener })).toThrow(/^fit: option 'progress' must be a ProgressListener, an object with hooks onTrainBegin, .*log \(all optional\)/);
  });
  test.each(['onTrainBegin', 'onEpochBegin', 'onBatchEnd', 'onEpochEnd', 'onTrainEnd', 'log'])('a %s that is not a function is refused by name', (hook) => {
    let caught: unknown;
    try {
      checkProgressListener({ source: 'fitCallback', listener: { [hook]: 'yes' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidOptionError);
    expect((caught as InvalidOptionError).option).toBe(`progress.${hook}`);
    expect((caught as InvalidOptionError).source).toBe('fitCallback');
  });
  test('its own options are typo-checked', () => {
    expect(() => checkProgressListener({ source: 'fit', listner: {} } as never)).toThrow(UnknownOptionError);
  });
});
