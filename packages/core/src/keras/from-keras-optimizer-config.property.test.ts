import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { fromKerasOptimizerConfig, KerasConfigError, UnknownOptionError } from '../index.js';

const rates = fc.double({ min: 0, max: 10, noNaN: true });
const decays = fc.double({ min: 0, max: 100, noNaN: true });
const steps = fc.integer({ min: 0, max: 1e9 });

describe('legacy decay', () => {
  test.prop([rates, decays, fc.array(steps, { minLength: 1, maxLength: 10 }), fc.boolean()])(
    'any lr and decay give lr / (1 + decay · step) at every step, read from lr or learning_rate',
    (lr, decay, at, alias) => {
      const config = { class_name: 'SGD', config: { [alias ? 'lr' : 'learning_rate']: lr, decay } };
      const { learningRate } = fromKerasOptimizerConfig({ config, warn: () => {} });
      for (const step of at) {
        const rate = typeof learningRate === 'number' ? learningRate : learningRate(step);
        const expected = lr / (1 + decay * step);
        expect(Math.abs(rate - expected)).toBeLessThanOrEqual(1e-15 * Math.max(1, expected));
      }
    },
  );
  test.prop([fc.constantFrom('SGD', 'Adam', 'RMSprop'), fc.string({ minLength: 1, maxLength: 16 })])(
    'any key the class does not have is refused at its path',
    (className, key) => {
      const valid = ['learning_rate', 'lr', 'decay', 'name', 'momentum', 'nesterov', 'beta_1', 'beta_2', 'epsilon', 'amsgrad', 'rho', 'centered', 'clipnorm', 'clipvalue', 'global_clipnorm', 'weight_decay', 'use_ema', 'ema_momentum', 'ema_overwrite_frequency', 'jit_compile', 'is_legacy_optimizer', 'loss_scale_factor', 'gradient_accumulation_steps'];
      fc.pre(!valid.includes(key) && key !== '__proto__');
      expect(() => fromKerasOptimizerConfig({ config: { class_name: className, config: { [key]: 1 } } })).toThrow(
        expect.objectContaining({ path: `config.${key}`, constructor: KerasConfigError }),
      );
    },
  );
  test.prop([fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !['config', 'warn', '__proto__'].includes(key))])(
    'any option but config and warn is refused by name',
    (key) => {
      expect(() => fromKerasOptimizerConfig({ config: { class_name: 'SGD', config: {} }, [key]: 1 } as never)).toThrow(
        expect.objectContaining({ option: key, constructor: UnknownOptionError }),
      );
    },
  );
});
