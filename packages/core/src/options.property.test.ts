import { builtInSchedules, combinedSchedules } from '@anneal/testing';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import * as anneal from './index.js';
import { UnknownOptionError, type ConfiguredSchedule } from './index.js';

// Every factory takes one options object: every key it reports in its config is accepted back, and any other key is
// refused with an UnknownOptionError (with the nearest valid key when one is close) — never silently ignored.
const factoryOf = (schedule: ConfiguredSchedule): ((options: unknown) => ConfiguredSchedule) =>
  (anneal as unknown as Record<string, (options: unknown) => ConfiguredSchedule>)[schedule.config.name] as (options: unknown) => ConfiguredSchedule;

const unknownKey = (valid: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ minLength: 1, maxLength: 16 }), fc.constantFrom(...valid).map((key) => `${key}s`), fc.constantFrom(...valid).map((key) => key.toLowerCase() + '_'))
    .filter((key) => !valid.includes(key) && key !== '__proto__');

describe('one options object, typo-proof', () => {
  test.prop([builtInSchedules()])('every valid key is accepted: a schedule rebuilt from its own config is the same schedule', (schedule) => {
    const rebuilt = factoryOf(schedule)({ ...schedule.config.options });
    expect(rebuilt.config).toEqual(schedule.config);
  });
  // A schedule's config is the record of what its factory read (internal/options.ts), so a factory that skipped a
  // key, or read it out of order, would report a config that differs from its options (and from snapshots taken by
  // an earlier version, which compare configs as JSON).
  test.prop([fc.oneof(builtInSchedules(), combinedSchedules())])('a config holds every valid key, in the order the factory declares them', (schedule) => {
    let caught: unknown;
    try {
      factoryOf(schedule)({ ...schedule.config.options, notAnOption: 1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownOptionError);
    expect(Object.keys(schedule.config.options)).toEqual((caught as UnknownOptionError).validOptions);
  });
  test.prop([builtInSchedules().chain((schedule) => fc.tuple(fc.constant(schedule), unknownKey(Object.keys(schedule.config.options))))])(
    'a random unknown key is rejected by name',
    ([schedule, key]) => {
      let caught: unknown;
      try {
        factoryOf(schedule)({ ...schedule.config.options, [key]: 1 });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UnknownOptionError);
      expect((caught as UnknownOptionError).option).toBe(key);
      expect((caught as UnknownOptionError).validOptions).toEqual(expect.arrayContaining(Object.keys(schedule.config.options)));
    },
  );
  test.each([
    ['reduceLROnPlateau', () => anneal.reduceLROnPlateau({ monitor: 'val_acc', mode: 'max', patiense: 5 } as never), 'patience'],
    ['earlyStopping', () => anneal.earlyStopping({ restoreBestWeight: true } as never), 'restoreBestWeights'],
    ['modelCheckpoint', () => anneal.modelCheckpoint({ monitor: 'val_acc', berbose: 1 } as never), 'verbose'],
    ['learningRateScheduler', () => anneal.learningRateScheduler(() => 0.1, { verbos: 1 } as never), 'verbose'],
    ['createController', () => anneal.createController({ learningRate: 0.1, conflicts: 'scale' } as never), 'conflict'],
    ['checkProgressListener', () => anneal.checkProgressListener({ source: 'fit', listner: {} } as never), 'listener'],
  ])('%s suggests the nearest valid key', (_name, build, suggestion) => {
    expect(build).toThrow(new RegExp(`did you mean '${suggestion}'\\?`));
  });
});
