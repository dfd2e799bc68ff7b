import { describe, expect, test } from 'vitest';
import { KerasConfigError, cosineDecay, exponentialDecay, fromKerasConfig, piecewiseConstantDecay, toKerasConfig } from '../index.js';

// Literal output of keras.optimizers.schedules.serialize(ExponentialDecay(0.1, decay_steps=100000, decay_rate=0.96,
// staircase=True)) in Keras 3 (keras/src/saving/serialization_lib.py: module from the export name, registered_name None).
const keras3ExponentialJson =
  '{"module": "keras.optimizers.schedules", "class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 100000, "decay_rate": 0.96, "staircase": true, "name": "ExponentialDecay"}, "registered_name": null}';
// The same schedule serialized by tf.keras 2 (<= 2.11, or use_legacy_format=True): no module, name None.
const tfKeras2ExponentialJson =
  '{"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 100000, "decay_rate": 0.96, "staircase": true, "name": null}}';

describe('fromKerasConfig', () => {
  test('loads a Keras 3 JSON file unchanged and writes it back identically', () => {
    const config = JSON.parse(keras3ExponentialJson);
    const schedule = fromKerasConfig(config);
    expect(schedule(100_000)).toBeCloseTo(0.096, 15);
    expect(schedule(99_999)).toBe(0.1);
    expect(toKerasConfig(schedule)).toStrictEqual(config);
  });
  test('loads the tf.keras 2 form, Python None meaning the default', () => {
    const schedule = fromKerasConfig(JSON.parse(tfKeras2ExponentialJson));
    expect(schedule.config.options).toMatchObject({ staircase: true, name: 'ExponentialDecay' });
    expect(toKerasConfig(schedule)).toStrictEqual(JSON.parse(keras3ExponentialJson));
  });
  test('missing keys take the Keras defaults (a tf.keras 2.11 CosineDecay has no warmup keys)', () => {
    const schedule = fromKerasConfig({ class_name: 'CosineDecay', config: { initial_learning_rate: 1, decay_steps: 1000 } });
    expect(schedule.config).toEqual(cosineDecay({ initialLearningRate: 1, decaySteps: 1000 }).config);
    expect(toKerasConfig(schedule).config).toEqual({
      initial_learning_rate: 1,
      decay_steps: 1000,
      alpha: 0,
      name: 'CosineDecay',
      warmup_target: null,
      warmup_steps: 0,
    });
  });
  test('a CosineDecay with warmup_steps but no warmup_target loads as Keras reads it: the warmup has no effect', () => {
    const schedule = fromKerasConfig({ class_name: 'CosineDecay', config: { initial_learning_rate: 1, decay_steps: 100, warmup_steps: 50 } });
    const plain = cosineDecay({ initialLearningRate: 1, decaySteps: 100 });
    for (const step of [0, 25, 50, 100, 150]) expect(schedule(step)).toBe(plain(step));
    expect(toKerasConfig(schedule).config['warmup_steps']).toBe(50);
  });
  test('a circular or BigInt value is a KerasConfigError that shows it, not a TypeError from JSON', () => {
    const circular: Record<string, unknown> = { class_name: 'ExponentialDecay' };
    circular['config'] = circular;
    expect(() => fromKerasConfig(circular as never)).toThrow(KerasConfigError);
    expect(() => fromKerasConfig({ class_name: 'ExponentialDecay', config: { initial_learning_rate: 1n, decay_steps: 10, decay_rate: 0.5 } } as never)).toThrow(/config.initial_learning_rate: .*, got 1n/);
    expect(() => fromKerasConfig({ class_name: 'ExponentialDecay', config: { initial_learning_rate: Number.POSITIVE_INFINITY, decay_steps: 10, decay_rate: 0.5 } })).toThrow(/got Infinity/);
  });

  test('negative boundaries, which Keras accepts, load', () => {
    const schedule = fromKerasConfig({ class_name: 'PiecewiseConstantDecay', config: { boundaries: [-10, 5], values: [1, 0.5, 0.1] } });
    expect([0, 5, 6].map(schedule)).toEqual([0.5, 0.5, 0.1]);
  });
  test('every class writes Keras 3 default names and key order', () => {
    expect(Object.keys(toKerasConfig(piecewiseConstantDecay({ boundaries: [1], values: [1, 0.5] })).config)).toEqual(['boundaries', 'values', 'name']);
    expect(toKerasConfig(piecewiseConstantDecay({ boundaries: [1], values: [1, 0.5] })).config['name']).toBe('PiecewiseConstant');
    expect(toKerasConfig(exponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5, name: 'my_ed' })).config['name']).toBe('my_ed');
  });

  const rejected: [string, unknown, string, RegExp][] = [
    ['not an object', 'ExponentialDecay', '(root)', /\(root\): must be an object, got "ExponentialDecay"/],
    ['no class_name', { config: {} }, 'class_name', /must be a Keras schedule class \(ExponentialDecay, .*\), got undefined/],
    ['unknown class, with a suggestion', { class_name: 'CosineDecayRestart', config: {} }, 'class_name', /did you mean 'CosineDecayRestarts'/],
    ['a class anneal does not know', { class_name: 'LinearCosineDecay', config: {} }, 'class_name', /class_name: must be a Keras schedule class .*, got "LinearCosineDecay"/],
    ['custom registered class', { module: 'keras.optimizers.schedules', class_name: 'ExponentialDecay', config: {}, registered_name: 'my_package>MyDecay' }, 'registered_name', /custom registered class/],
    ['foreign module', { module: 'my.module', class_name: 'ExponentialDecay', config: {} }, 'module', /keras.optimizers.schedules/],
    ['config not an object', { class_name: 'ExponentialDecay', config: [1, 2] }, 'config', /must be an object/],
    ['unknown argument, with a suggestion', { class_name: 'ExponentialDecay', config: { initial_learning_rate: 0.1, decay_steps: 1, decay_rate: 0.5, stair_case: true } }, 'config.stair_case', /did you mean 'staircase'/],
    ['wrong key type', { class_name: 'ExponentialDecay', config: { initial_learning_rate: '0.1', decay_steps: 1, decay_rate: 0.5 } }, 'config.initial_learning_rate', /finite number/],
    ['Keras rule decay_steps > 0', { class_name: 'InverseTimeDecay', config: { initial_learning_rate: 0.1, decay_steps: 0, decay_rate: 0.5 } }, 'config.decay_steps', />= 1e-6/],
    ['wrong values length', { class_name: 'PiecewiseConstantDecay', config: { boundaries: [1, 2], values: [1, 2] } }, 'config.values', /one more value/],
    ['missing required argument', { class_name: 'CosineDecayRestarts', config: { initial_learning_rate: 0.1 } }, 'config.first_decay_steps', /required/],
    ['extra top-level key', { class_name: 'ExponentialDecay', config: {}, compile_config: {} }, 'compile_config', /unknown key/],
  ];
  test.each(rejected)('rejects %s with a KerasConfigError pointing into the config', (_label, config, path, message) => {
    let caught: unknown;
    try {
      fromKerasConfig(config as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KerasConfigError);
    expect((caught as KerasConfigError).path).toBe(path);
    expect((caught as KerasConfigError).message).toMatch(message);
  });
});
