import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { fromKerasConfig, toKerasConfig } from '../index.js';
import { builtInSchedules, kerasSchedules, steps } from '@anneal/testing';

describe('Keras round trip', () => {
  test.prop([kerasSchedules(), fc.array(steps(), { minLength: 1, maxLength: 20 })])(
    'toKerasConfig → JSON → fromKerasConfig rebuilds the same schedule, value for value',
    (schedule, at) => {
      const json = JSON.stringify(toKerasConfig(schedule));
      const restored = fromKerasConfig(JSON.parse(json));
      expect(restored.config).toEqual(schedule.config);
      for (const s of at) expect(restored(s)).toBe(schedule(s));
    },
  );
  test.prop([kerasSchedules()])('a Keras 3 config read and written back is unchanged', (schedule) => {
    const written = JSON.parse(JSON.stringify(toKerasConfig(schedule)));
    expect(toKerasConfig(fromKerasConfig(written))).toStrictEqual(written);
  });
  test.prop([kerasSchedules()])('the tf.keras 2 form ({class_name, config}) reads the same as the Keras 3 form', (schedule) => {
    const { class_name, config } = toKerasConfig(schedule);
    expect(fromKerasConfig({ class_name, config }).config).toEqual(schedule.config);
  });
  test.prop([builtInSchedules().filter((s) => toKerasName(s.config.name) === undefined)])(
    'schedules with no Keras class are refused by name',
    (schedule) => {
      expect(() => toKerasConfig(schedule)).toThrow(
        expect.objectContaining({ code: 'ANNEAL_NOT_KERAS_SERIALIZABLE', scheduleName: schedule.config.name }),
      );
    },
  );
});

function toKerasName(name: string): string | undefined {
  return ['exponentialDecay', 'piecewiseConstantDecay', 'polynomialDecay', 'inverseTimeDecay', 'cosineDecay', 'cosineDecayRestarts'].includes(name)
    ? name
    : undefined;
}
