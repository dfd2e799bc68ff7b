import { describe, expect, test } from 'vitest';
import { exponentialDecay, fromKerasConfig, fromKerasOptimizerConfig, KerasConfigError, toKerasConfig, type KerasOptimizerConfig } from '../index.js';

const read = (config: KerasOptimizerConfig, warnings: string[] = []) => fromKerasOptimizerConfig({ config, warn: (message) => warnings.push(message) });
const thrown = (run: () => unknown): KerasConfigError => {
  try {
    run();
  } catch (error) {
    if (error instanceof KerasConfigError) return error;
    throw error;
  }
  throw new Error('expected a KerasConfigError');
};

describe('fromKerasOptimizerConfig', () => {
  test("the seed article's SGD(lr=ExponentialDecay(...), momentum=0.9, decay=0.0, nesterov=False), as tf.keras 2 writes it", () => {
    const schedule = exponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10_000, decayRate: 0.96 });
    const { class_name, config } = toKerasConfig(schedule);
    const warnings: string[] = [];
    const optimizer = read({ class_name: 'SGD', config: { lr: { class_name, config }, momentum: 0.9, decay: 0.0, nesterov: false } }, warnings);
    expect(optimizer).toMatchObject({ className: 'SGD', momentum: 0.9, nesterov: false });
    // decay 0 leaves the schedule alone.
    expect(typeof optimizer.learningRate === 'function' && optimizer.learningRate.config).toEqual(schedule.config);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/'lr' is deprecated .*'learning_rate'/);
  });

  test('learning_rate reads without a warning; missing keys take Keras defaults', () => {
    const warnings: string[] = [];
    expect(read({ class_name: 'SGD', config: {} }, warnings)).toEqual({ className: 'SGD', learningRate: 0.01, momentum: 0, nesterov: false });
    expect(read({ class_name: 'Adam', config: { learning_rate: 3e-4, beta_2: 0.98 } }, warnings)).toEqual({
      className: 'Adam',
      learningRate: 3e-4,
      beta1: 0.9,
      beta2: 0.98,
      epsilon: 1e-7,
      amsgrad: false,
    });
    expect(read({ class_name: 'RMSprop', config: { learning_rate: 0.002, rho: 0.8, centered: true } }, warnings)).toEqual({
      className: 'RMSprop',
      learningRate: 0.002,
      rho: 0.8,
      momentum: 0,
      epsilon: 1e-7,
      centered: true,
    });
    expect(warnings).toEqual([]);
  });

  test("decay > 0 is tf.keras 2's lr / (1 + decay · iterations)", () => {
    const { learningRate } = read({ class_name: 'SGD', config: { learning_rate: 0.1, decay: 0.01, momentum: 0.9 } });
    expect(typeof learningRate).toBe('function');
    const rate = learningRate as (step: number) => number;
    for (const step of [0, 1, 7, 100, 12_345]) expect(rate(step)).toBeCloseTo(0.1 / (1 + 0.01 * step), 15);
    expect(typeof learningRate === 'function' && learningRate.config).toEqual({
      name: 'inverseTimeDecay',
      options: { initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.01, staircase: false, name: 'InverseTimeDecay' },
    });
  });

  test('decay on a schedule divides the schedule, as tf.keras 2 _decayed_lr does', () => {
    const schedule = { class_name: 'ExponentialDecay', config: { initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.5 } };
    const { learningRate } = read({ class_name: 'SGD', config: { learning_rate: schedule, decay: 0.2 } });
    const base = fromKerasConfig(schedule);
    for (const step of [0, 3, 10, 55]) expect((learningRate as (step: number) => number)(step)).toBeCloseTo(base(step) / (1 + 0.2 * step), 15);
  });

  test('the Keras 3 form reads the same', () => {
    const optimizer = read({
      module: 'keras.optimizers',
      class_name: 'SGD',
      config: {
        name: 'SGD', learning_rate: 0.05, weight_decay: null, clipnorm: null, global_clipnorm: null, clipvalue: null, use_ema: false,
        ema_momentum: 0.99, ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null, momentum: 0.9, nesterov: true,
      },
      registered_name: null,
    });
    expect(optimizer).toEqual({ className: 'SGD', learningRate: 0.05, momentum: 0.9, nesterov: true });
  });

  test('typos, unknown classes and unsupported settings are KerasConfigErrors naming the place', () => {
    const typo = thrown(() => read({ class_name: 'SGD', config: { learning_rate: 0.1, momentun: 0.9 } }));
    expect(typo.path).toBe('config.momentun');
    expect(typo.message).toMatch(/SGD has no argument 'momentun' — did you mean 'momentum'\?/);
    expect(thrown(() => read({ class_name: 'Sgd', config: {} })).message).toMatch(/class_name: must be a Keras optimizer class \(SGD, Adam, RMSprop\), got "Sgd" — did you mean 'SGD'\?/);
    expect(thrown(() => read({ class_name: 'Nadam', config: {} })).path).toBe('class_name');
    expect(thrown(() => read({ class_name: 'SGD', config: { lr: 0.1, learning_rate: 0.1 } })).path).toBe('config.lr');
    expect(thrown(() => read({ class_name: 'SGD', config: { clipnorm: 1 } })).message).toMatch(/config.clipnorm: is unsupported unless in \[null\], got 1/);
    expect(thrown(() => read({ class_name: 'SGD', config: { decay: -0.1 } })).message).toMatch(/config.decay: must be a finite number >= 0, got -0.1/);
    expect(thrown(() => read({ class_name: 'SGD', config: { momentum: 1.5 } })).path).toBe('config.momentum');
    expect(thrown(() => read({ class_name: 'SGD', config: { nesterov: 'yes' } })).message).toMatch(/must be true or false/);
    expect(thrown(() => read({ class_name: 'Adam', config: { epsilon: 0 } })).path).toBe('config.epsilon');
    // β = 1 zeroes Adam's bias correction 1 − βᵗ: NaN weights at the first step.
    expect(thrown(() => read({ class_name: 'Adam', config: { beta_1: 1 } })).message).toMatch(/config.beta_1: must be a finite number >= 0 and < 1, got 1/);
    expect(thrown(() => read({ class_name: 'Adam', config: { beta_2: 1 } })).path).toBe('config.beta_2');
    expect(read({ class_name: 'Adam', config: { beta_1: 0, beta_2: 0.99999 } })).toMatchObject({ beta1: 0, beta2: 0.99999 });
    // Values JSON cannot show, and values JSON cannot serialize, are reported as they are, never a second error.
    expect(thrown(() => read({ class_name: 'SGD', config: { momentum: Number.NaN } })).message).toMatch(/got NaN$/);
    expect(thrown(() => read({ class_name: 'SGD', config: { momentum: 10n } } as never)).message).toMatch(/got 10n$/);
    expect(thrown(() => read({ class_name: 'SGD', config: { learning_rate: -1 } })).path).toBe('config.learning_rate');
    expect(thrown(() => read({ class_name: 'SGD', config: {}, registered_name: 'Custom>SGD' })).path).toBe('registered_name');
    expect(thrown(() => read({ class_name: 'SGD', config: {}, extra: 1 } as never)).path).toBe('extra');
    // A schedule's error is reported at its place inside the optimizer config.
    const nested = thrown(() => read({ class_name: 'SGD', config: { lr: { class_name: 'ExponentialDecay', config: { initial_learning_rate: 0.1, decay_steps: 0, decay_rate: 0.5 } } } }));
    expect(nested.path).toBe('config.lr.config.decay_steps');
    expect(nested.message).toBe('fromKerasConfig: config.lr.config.decay_steps: must be a finite number >= 1e-6 and <= 1e15, got 0');
  });

  test('its own options are typo-proof', () => {
    expect(() => fromKerasOptimizerConfig({ config: { class_name: 'SGD', config: {} }, warm: () => {} } as never)).toThrow(/did you mean 'warn'\?/);
  });
});
