import { createController, LearningRateConflictError, reduceLROnPlateau, sample } from '@anneal/core';
import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { buildCallbacks, previewLearningRates, scheduleOf, watchRateChanges, type Takeover } from './callbacks.js';
import { articleStepDecay, articleStepDecaySettings } from './schedules.js';
import { ARTICLE_PLATEAU, articleSettings } from './settings.js';

describe('the learning-rate preview', () => {
  test("method one: every step's rate is the schedule's, and each epoch logs the rate the next step uses", () => {
    const settings = { ...articleSettings(12), schedule: { kind: 'builtin' as const, name: 'cosineDecay' as const, options: { initialLearningRate: 0.03, decaySteps: 252 } } };
    const preview = previewLearningRates(settings);
    const schedule = scheduleOf(settings)!;
    expect(preview.stepsPerEpoch).toBe(21);
    expect(Array.from(preview.steps)).toEqual(Array.from(sample(schedule, { steps: 252 })));
    expect(preview.epochs).toEqual(Array.from({ length: 12 }, (_, epoch) => schedule((epoch + 1) * 21)));
    expect(preview.takeover).toBeNull();
  });

  test("both methods: the step decay wins from epoch 0 (the article's rule) and the preview says so", () => {
    const settings = { ...articleSettings(40), stepDecay: articleStepDecaySettings(40) };
    const preview = previewLearningRates(settings);
    const decay = articleStepDecay(articleStepDecaySettings(40));
    expect(preview.takeover).toEqual({ source: 'learningRateScheduler', epoch: 0, fromEpoch: 0, learningRate: 0.01 });
    expect(preview.epochs).toEqual(Array.from({ length: 40 }, (_, epoch) => decay(epoch)));
    expect(preview.steps[21 * 25]).toBe(decay(25));
  });

  test("conflict: 'error' refuses a schedule with a rate-setting callback, as Keras 3 does", () => {
    expect(() => previewLearningRates({ ...articleSettings(10), stepDecay: articleStepDecaySettings(10), conflict: 'error' })).toThrow(LearningRateConflictError);
    expect(() => previewLearningRates({ ...articleSettings(10), plateau: ARTICLE_PLATEAU, conflict: 'error' })).toThrow(LearningRateConflictError);
    // Without a schedule there is nothing to conflict with.
    expect(() => previewLearningRates({ ...articleSettings(10), schedule: null, plateau: ARTICLE_PLATEAU, conflict: 'error' })).not.toThrow();
  });

  test('a plateau depends on the metrics: left out of the preview, and named', () => {
    const preview = previewLearningRates({ ...articleSettings(10), plateau: ARTICLE_PLATEAU });
    expect(preview.dependsOnMetrics).toEqual(['reduceLROnPlateau']);
    expect(preview.epochs).toEqual(previewLearningRates(articleSettings(10)).epochs);
  });
});

describe('the callbacks of an experiment', () => {
  test("the article's programs: checkpoint on val_acc; method two before the checkpoint", () => {
    expect(buildCallbacks(articleSettings()).callbacks.map((callback) => callback.name)).toEqual(['modelCheckpoint']);
    const all = buildCallbacks({ ...articleSettings(), stepDecay: articleStepDecaySettings(200), plateau: ARTICLE_PLATEAU, earlyStopping: { monitor: 'val_loss', mode: 'min', patience: 5, minDelta: 0, restoreBestWeights: true } });
    expect(all.callbacks.map((callback) => callback.name)).toEqual(['learningRateScheduler', 'reduceLROnPlateau', 'modelCheckpoint', 'earlyStopping']);
    expect(all.setsLearningRate).toBe(true);
  });

  // Watching a callback must not change a single decision: same rates, same messages, same snapshots.
  property.prop([fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 })])('a watched plateau decides exactly as the plain one, and reports its first reduction', (valAcc) => {
    const run = (watch: boolean) => {
      const takeovers: Takeover[] = [];
      const plateau = reduceLROnPlateau({ ...ARTICLE_PLATEAU, patience: 2 });
      const controller = createController({ learningRate: 0.01, callbacks: [watch ? watchRateChanges(plateau, (found) => takeovers.push(found)) : plateau], log: () => {}, warn: () => {} });
      const rates: number[] = [];
      controller.trainBegin();
      valAcc.forEach((value, epoch) => {
        controller.epochBegin(epoch);
        rates.push(controller.batchBegin());
        controller.batchEnd({ loss: 1 });
        controller.epochEnd(epoch, { val_acc: value });
      });
      return { rates, snapshot: controller.snapshot(), takeovers };
    };
    const plain = run(false);
    const watched = run(true);
    expect(watched.rates).toEqual(plain.rates);
    expect(watched.snapshot).toEqual(plain.snapshot);
    // The first reduction is reported with the first epoch that runs at the new rate (possibly one past the end).
    const firstChange = plain.rates.findIndex((rate) => rate !== 0.01);
    const reported = watched.takeovers[0]?.fromEpoch;
    if (firstChange !== -1) expect(reported).toBe(firstChange);
    else if (reported !== undefined) expect(reported).toBe(valAcc.length);
  });
});
