import { builtInCallbacks, builtInSchedules, metricSequences, resumesExactly } from '@anneal/testing';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  createController,
  createControllerMachine,
  type ControllerEffect,
  type ControllerEvent,
  earlyStopping,
  modelCheckpoint,
  reduceLROnPlateau,
  type Callback,
  type ConflictPolicy,
  type Logs,
  type Schedule,
} from '../index.js';

/** Runs a Keras-shaped fit; returns every step's rate and every epoch's decision. */
function fit(
  options: { learningRate: number | Schedule; callbacks: Callback[]; conflict?: ConflictPolicy },
  epochs: readonly Logs[],
  batches: number,
) {
  const controller = createController({ ...options, log: () => {}, warn: () => {} });
  const rates: number[][] = [];
  const decisions = [];
  controller.trainBegin();
  for (let epoch = 0; epoch < epochs.length; epoch++) {
    controller.epochBegin(epoch);
    const epochRates: number[] = [];
    for (let batch = 0; batch < batches; batch++) {
      epochRates.push(controller.batchBegin());
      controller.batchEnd({});
    }
    rates.push(epochRates);
    const decision = controller.epochEnd(epoch, { ...(epochs[epoch] as Logs) });
    decisions.push(decision);
    if (decision.stopTraining) break;
  }
  const end = controller.trainEnd();
  return { rates, decisions, end, controller };
}

const plateauOptions = fc.record({
  factor: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
  patience: fc.integer({ min: 0, max: 4 }),
  cooldown: fc.integer({ min: 0, max: 3 }),
  minDelta: fc.constantFrom(0, 1e-4, 0.1),
  minLr: fc.double({ min: 0, max: 0.05, noNaN: true }),
  variant: fc.constantFrom('keras' as const, 'pytorch' as const),
});

describe('reduceLROnPlateau', () => {
  test.prop([plateauOptions, fc.double({ min: 1e-4, max: 1, noNaN: true }), metricSequences({ keys: ['loss'] }), fc.integer({ min: 1, max: 3 })])(
    'never goes below minLr, and never raises the rate (fixed rate)',
    (options, initial, epochs, batches) => {
      const { rates } = fit({ learningRate: initial, callbacks: [reduceLROnPlateau({ monitor: 'loss', mode: 'min', ...options })] }, epochs, batches);
      const flat = rates.flat();
      for (let index = 0; index < flat.length; index++) {
        const rate = flat[index] as number;
        if (rate < initial) expect(rate).toBeGreaterThanOrEqual(options.minLr);
        if (index > 0) expect(rate).toBeLessThanOrEqual(flat[index - 1] as number);
      }
    },
  );
});

describe('callback override priority', () => {
  test.prop([builtInSchedules(), builtInCallbacks(), metricSequences(), fc.integer({ min: 1, max: 3 })])(
    "under 'callback-wins', once a callback has set the rate no later step uses the schedule",
    (schedule, callbacks, epochs, batches) => {
      // Driven through the pure machine, so "a callback set the rate" is read from its effects, not from the state
      // field under test.
      const machine = createControllerMachine({ learningRate: schedule, callbacks });
      let state = machine.initialState;
      let setRate: number | null = null;
      const send = (event: ControllerEvent): readonly ControllerEffect[] => {
        const [next, effects] = machine.transition(state, event);
        state = next;
        for (const effect of effects) if (effect.type === 'learningRateSet') setRate = effect.learningRate;
        return effects;
      };
      send({ type: 'trainBegin' });
      for (let epoch = 0; epoch < epochs.length; epoch++) {
        send({ type: 'epochBegin', epoch });
        for (let batch = 0; batch < batches; batch++) {
          const step = state.step;
          const applied = send({ type: 'batchBegin' }).find((effect) => effect.type === 'applyLearningRate');
          expect(applied).toBeDefined();
          const rate = (applied as { learningRate: number }).learningRate;
          if (setRate === null) expect(rate).toBe(schedule(step));
          else expect(rate).toBe(setRate);
        }
        const effects = send({ type: 'epochEnd', epoch, logs: { ...(epochs[epoch] as Logs) } });
        if (effects.some((effect) => effect.type === 'stopTraining')) break;
      }
    },
  );
});

describe('exact resume', () => {
  test.prop([builtInSchedules(), builtInCallbacks(), fc.constantFrom<ConflictPolicy>('callback-wins', 'scale')], { numRuns: 40 })(
    'snapshot → JSON → restore → continue gives the identical rates, decisions, messages and warnings',
    (schedule, callbacks, conflict) => {
      fc.assert(resumesExactly({ controller: () => ({ learningRate: schedule, callbacks, conflict }) }), { numRuns: 10 });
    },
  );
});

describe('earlyStopping', () => {
  test.prop([
    fc.record({
      patience: fc.integer({ min: 0, max: 4 }),
      startFromEpoch: fc.integer({ min: 0, max: 10 }),
      minDelta: fc.constantFrom(0, 0.01),
      baseline: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: null }),
    }),
    metricSequences({ keys: ['val_loss'], maxLength: 20 }),
  ])('never stops before startFromEpoch, nor at epoch 0', (options, epochs) => {
    const { decisions } = fit({ learningRate: 0.1, callbacks: [earlyStopping({ monitor: 'val_loss', ...options })] }, epochs, 1);
    decisions.forEach((decision, epoch) => {
      if (decision.stopTraining) {
        expect(epoch).toBeGreaterThanOrEqual(options.startFromEpoch);
        expect(epoch).toBeGreaterThan(0);
      }
    });
  });
  test.prop([fc.integer({ min: 0, max: 4 }), metricSequences({ keys: ['val_loss'], maxLength: 20 })])(
    'with restoreBestWeights, the weights restored are those of the best epoch',
    (patience, epochs) => {
      const { decisions, end } = fit(
        { learningRate: 0.1, callbacks: [earlyStopping({ monitor: 'val_loss', patience, restoreBestWeights: true })] },
        epochs,
        1,
      );
      let remembered = -1;
      decisions.forEach((decision, epoch) => {
        if (decision.rememberWeights) remembered = epoch;
      });
      expect(end.restoreWeights).toBe(remembered >= 0);
      const seen = epochs.slice(0, decisions.length).map((logs) => logs['val_loss'] as number);
      const finite = seen.filter((value) => !Number.isNaN(value));
      // Keras 3 takes the first value as the best even when it is NaN; after a NaN best nothing improves.
      if (remembered >= 0 && !Number.isNaN(seen[0] as number) && finite.length === seen.length) {
        expect(seen[remembered]).toBe(Math.min(...finite.slice(0, remembered + 1)));
      }
    },
  );
});

describe('modelCheckpoint', () => {
  test.prop([metricSequences({ keys: ['val_loss'], maxLength: 20 }), fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: null })])(
    'with saveBestOnly, saves only on a strict improvement of the best so far',
    (epochs, initialValueThreshold) => {
      const { decisions } = fit(
        { learningRate: 0.1, callbacks: [modelCheckpoint({ monitor: 'val_loss', mode: 'min', saveBestOnly: true, initialValueThreshold })] },
        epochs,
        1,
      );
      let best: number | null = initialValueThreshold;
      decisions.forEach((decision, epoch) => {
        const value = (epochs[epoch] as Logs)['val_loss'] as number;
        const improves = best === null || value < best;
        expect(decision.checkpoint !== null).toBe(improves);
        if (improves) best = value;
      });
    },
  );
});
