import { describe, expect, test, vi } from 'vitest';
import {
  CallbackError,
  EventOrderError,
  InvalidLearningRateError,
  LearningRateConflictError,
  SnapshotError,
  createController,
  createControllerMachine,
  earlyStopping,
  exponentialDecay,
  learningRateScheduler,
  modelCheckpoint,
  reduceLROnPlateau,
  type Callback,
  type Controller,
} from '../index.js';

// The worked examples: exponential decay 0.1, decaySteps 1, rate 0.5, two steps per epoch.
const decay = (): ReturnType<typeof exponentialDecay> => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });

function stepRates(controller: Controller, epochs: number, logs: (epoch: number) => Record<string, number> = () => ({ loss: 1 })): number[] {
  const rates: number[] = [];
  controller.trainBegin();
  for (let epoch = 0; epoch < epochs; epoch++) {
    controller.epochBegin(epoch);
    for (let batch = 0; batch < 2; batch++) {
      rates.push(controller.batchBegin());
      controller.batchEnd({ loss: 1 });
    }
    if (controller.epochEnd(epoch, logs(epoch)).stopTraining) break;
  }
  controller.trainEnd();
  return rates;
}

describe('the conflict rule, made exact (worked examples)', () => {
  test('learningRateScheduler sets the rate at every epoch begin, so it drives every step', () => {
    const controller = createController({ learningRate: decay(), callbacks: [learningRateScheduler((epoch, lr) => (epoch === 1 ? 0.04 : lr))] });
    expect(stepRates(controller, 3)).toEqual([0.1, 0.1, 0.04, 0.04, 0.04, 0.04]);
  });
  test('reduceLROnPlateau sets the rate only when it reduces: schedule(4) * 0.5 then holds', () => {
    const controller = createController({
      learningRate: decay(),
      callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, minDelta: 0 })],
    });
    const schedule = decay();
    expect(stepRates(controller, 3)).toEqual([0.1, 0.05, 0.025, 0.0125, schedule(4) * 0.5, schedule(4) * 0.5]);
    expect(schedule(4) * 0.5).toBe(0.003125);
  });
  test("conflict: 'scale' makes the reduction a factor on the schedule (optax reduce_on_plateau)", () => {
    const schedule = decay();
    const controller = createController({
      learningRate: schedule,
      callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, minDelta: 0 })],
      conflict: 'scale',
    });
    expect(stepRates(controller, 3)).toEqual([0.1, 0.05, 0.025, 0.0125, schedule(4) * 0.5, schedule(5) * 0.5]);
  });
  test("conflict: 'scale' still lets an absolute setter win", () => {
    const controller = createController({ learningRate: decay(), callbacks: [learningRateScheduler(() => 0.02)], conflict: 'scale' });
    expect(stepRates(controller, 2)).toEqual([0.02, 0.02, 0.02, 0.02]);
  });
  test("conflict: 'error' refuses a schedule with an LR-setting callback at construction, as Keras 3 does", () => {
    expect(() => createController({ learningRate: decay(), callbacks: [reduceLROnPlateau()], conflict: 'error' })).toThrow(LearningRateConflictError);
    expect(() => createController({ learningRate: decay(), callbacks: [learningRateScheduler(() => 0.1)], conflict: 'error' })).toThrow(
      /conflict: 'error' refuses callback 'learningRateScheduler', which sets the rate of a schedule; use 'callback-wins', 'scale' or a fixed learningRate/,
    );
    // A fixed rate is settable in Keras too, and callbacks that do not set the rate never conflict.
    expect(() => createController({ learningRate: 0.1, callbacks: [reduceLROnPlateau()], conflict: 'error' })).not.toThrow();
    expect(() => createController({ learningRate: decay(), callbacks: [earlyStopping()], conflict: 'error' })).not.toThrow();
  });
});

describe('the event contract', () => {
  test('the first batchBegin evaluates the schedule at step 0, then the step counts optimizer steps', () => {
    const schedule = decay();
    const controller = createController({ learningRate: schedule });
    expect(controller.learningRate).toBe(schedule(0));
    controller.trainBegin();
    controller.epochBegin(0);
    expect(controller.batchBegin()).toBe(schedule(0));
    expect(controller.step).toBe(1);
    expect(controller.learningRate).toBe(schedule(1));
    expect(controller.batchBegin()).toBe(schedule(1));
  });
  test('epochEnd writes learningRate into the logs object (the history) and the decision', () => {
    const controller = createController({ learningRate: decay() });
    controller.trainBegin();
    controller.epochBegin(0);
    controller.batchBegin();
    const logs: Record<string, number> = { loss: 0.3 };
    const decision = controller.epochEnd(0, logs);
    expect(logs).toEqual({ loss: 0.3, learningRate: 0.05 });
    expect(decision).toEqual({ learningRate: 0.05, stopTraining: false, checkpoint: null, checkpoints: [], rememberWeights: false, restoreWeights: false });
  });
  test("batchBegin(step) follows the runtime's own iteration count", () => {
    const schedule = decay();
    const controller = createController({ learningRate: schedule });
    expect(controller.batchBegin(7)).toBe(schedule(7));
    expect(controller.step).toBe(8);
    expect(controller.batchBegin()).toBe(schedule(8));
    expect(() => controller.batchBegin(-1)).toThrow(/'step' must be an integer >= 0/);
    expect(() => controller.batchBegin(1.5)).toThrow(/'step' must be an integer >= 0/);
  });
  test('a custom loop can drive batches alone (method one without fit)', () => {
    const schedule = decay();
    const controller = createController({ learningRate: schedule });
    expect([controller.batchBegin(), controller.batchBegin(), controller.batchBegin()]).toEqual([0, 1, 2].map(schedule));
  });
  test.each([
    ['epochBegin before trainBegin', (c: Controller) => c.epochBegin(0)],
    ['epochEnd without epochBegin', (c: Controller) => (c.trainBegin(), c.epochEnd(0))],
    ['epochEnd of another epoch', (c: Controller) => (c.trainBegin(), c.epochBegin(1), c.epochEnd(0))],
    ['epochBegin twice', (c: Controller) => (c.trainBegin(), c.epochBegin(0), c.epochBegin(1))],
    ['batchEnd without batchBegin', (c: Controller) => (c.trainBegin(), c.batchEnd())],
    ['trainEnd without trainBegin', (c: Controller) => c.trainEnd()],
  ])('%s is an EventOrderError', (_label, misuse) => {
    expect(() => misuse(createController({ learningRate: 0.1 }))).toThrow(EventOrderError);
  });
  test('trainBegin after trainEnd starts a new run: callbacks reset, the step count carries on', () => {
    const plateau = reduceLROnPlateau({ monitor: 'loss', patience: 5 });
    const controller = createController({ learningRate: 0.1, callbacks: [plateau] });
    stepRates(controller, 2);
    expect(controller.step).toBe(4);
    expect(controller.state.callbacks[0]).not.toEqual(plateau.initialState);
    controller.trainBegin();
    expect(controller.state.callbacks[0]).toEqual(plateau.initialState);
    expect(controller.step).toBe(4);
  });
});

describe('callbacks are checked', () => {
  test('a callback that sets the rate without declaring it is a CallbackError', () => {
    const sneaky: Callback<null> = { name: 'sneaky', setsLearningRate: false, initialState: null, onEpochBegin: () => ({ learningRate: 1 }) };
    const controller = createController({ learningRate: 0.1, callbacks: [sneaky] });
    controller.trainBegin();
    expect(() => controller.epochBegin(0)).toThrow(CallbackError);
  });
  test('a learningRateScheduler returning NaN or a negative rate is an error naming the epoch', () => {
    const controller = createController({ learningRate: 0.1, callbacks: [learningRateScheduler((epoch) => (epoch === 2 ? Number.NaN : 0.1))] });
    controller.trainBegin();
    for (const epoch of [0, 1]) {
      controller.epochBegin(epoch);
      controller.epochEnd(epoch, {});
    }
    expect(() => controller.epochBegin(2)).toThrow(InvalidLearningRateError);
    const negative = createController({ learningRate: 0.1, callbacks: [learningRateScheduler(() => -1)] });
    negative.trainBegin();
    expect(() => negative.epochBegin(0)).toThrow(/at epoch 0/);
  });
  test('a user schedule returning NaN fails at the step, naming it', () => {
    const controller = createController({ learningRate: (step) => (step === 2 ? Number.NaN : 0.1) });
    controller.batchBegin();
    controller.batchBegin();
    expect(() => controller.batchBegin()).toThrow(/returned NaN at step 2/);
  });
  test('bad options are typed errors naming the option', () => {
    expect(() => createController({ learningRate: -1 })).toThrow(/'learningRate' must be a finite number >= 0/);
    expect(() => createController({ learningRate: 0.1, conflict: 'schedule-wins' as never })).toThrow(/'conflict' must be one of/);
    expect(() => createController({ learningRate: 0.1, callbacks: [{}] as never })).toThrow(/'callbacks\[0\]' must be a Callback/);
    expect(() => createController({ learningRate: 0.1, callback: [] } as never)).toThrow(/did you mean 'callbacks'/);
  });
});

describe('warnings and messages', () => {
  test('a monitored metric missing from the logs warns once, naming it and the keys present', () => {
    const warn = vi.fn();
    const controller = createController({ learningRate: 0.1, callbacks: [reduceLROnPlateau({ monitor: 'val_acc', mode: 'max' })], warn });
    stepRates(controller, 4, () => ({ loss: 1, acc: 0.5 }));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/'val_acc' is not in the logs \(present: loss, acc\)/);
    expect(warn.mock.calls[0]?.[0]).toMatch(/no validation metrics/);
  });
  test('a near miss suggests the present key (val_acc vs val_accuracy)', () => {
    const warn = vi.fn();
    const controller = createController({ learningRate: 0.1, callbacks: [earlyStopping({ monitor: 'val_acc' })], warn });
    stepRates(controller, 2, () => ({ loss: 1, val_accuracy: 0.5 }));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/Did you mean 'val_accuracy'\?/);
  });
  test('verbose callbacks print Keras lines through log', () => {
    const log = vi.fn();
    const controller = createController({
      learningRate: 0.1,
      callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 1, minDelta: 0, verbose: 1 }), learningRateScheduler((e, lr) => lr, { verbose: 1 })],
      log,
    });
    stepRates(controller, 2);
    expect(log.mock.calls.map((call) => call[0])).toContain('Epoch 2: ReduceLROnPlateau reducing learning rate to 0.010000000000000002.');
    expect(log.mock.calls.map((call) => call[0])).toContain('Epoch 1: LearningRateScheduler setting learning rate to 0.1.');
  });
});

describe('snapshots', () => {
  const options = () => ({
    learningRate: decay(),
    callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 1 }), modelCheckpoint({ saveBestOnly: true, monitor: 'loss' })],
  });
  test('round-trip through JSON', () => {
    const controller = createController(options());
    stepRates(controller, 2, (epoch) => ({ loss: 1 / (1 + epoch) }));
    const restored = createController(options(), { snapshot: JSON.parse(JSON.stringify(controller.snapshot())) });
    expect(restored.state).toEqual(controller.state);
    expect(restored.learningRate).toBe(controller.learningRate);
  });
  test.each([
    ['a newer version', { version: 2 }, /version must be an integer from 1 to 1, got 2/],
    ['an unknown version', { version: 0 }, /version must be an integer from 1 to 1, got 0/],
    ['another format', { format: 'keras' }, /format must be 'anneal\/controller', got "keras"/],
    ['other callbacks', { callbacks: ['earlyStopping'] }, /callbacks must be the controller's \["reduceLROnPlateau","modelCheckpoint"\], got \["earlyStopping"\]/],
    ['a corrupt step', { state: { step: -1 } }, /state.step must be an integer >= 0/],
  ])('refuses %s with a SnapshotError', (_label, change, message) => {
    const snapshot = createController(options()).snapshot();
    const broken = { ...snapshot, ...change, state: { ...snapshot.state, ...((change as { state?: object }).state ?? {}) } };
    expect(() => createController(options(), { snapshot: broken as never })).toThrow(SnapshotError);
    expect(() => createController(options(), { snapshot: broken as never })).toThrow(message);
  });
  test('a restore with another schedule or conflict rule is refused', () => {
    const snapshot = createController(options()).snapshot();
    const other = { ...options(), learningRate: exponentialDecay({ initialLearningRate: 0.2, decaySteps: 1, decayRate: 0.5 }) };
    expect(() => createController(other, { snapshot })).toThrow(/learningRate must be the controller's \{"name":"exponentialDecay".*, got \{"name":"exponentialDecay"/);
    expect(() => createController({ ...options(), conflict: 'scale' }, { snapshot })).toThrow(/conflict must be the controller's "scale", got "callback-wins"/);
  });
  test("corrupt callback state is refused at restore, naming the callback", () => {
    const snapshot = createController(options()).snapshot();
    const corrupt = { ...snapshot, state: { ...snapshot.state, callbacks: [{ wait: 'three' }, snapshot.state.callbacks[1]] } };
    expect(() => createController(options(), { snapshot: corrupt as never })).toThrow(/callback 'reduceLROnPlateau': state has keys/);
  });
  test('a snapshot taken mid-run resumes that run at the next trainBegin; after an abandoned run, trainBegin starts afresh', () => {
    const first = createController(options());
    first.trainBegin();
    first.epochBegin(0);
    first.batchBegin();
    first.epochEnd(0, { loss: 1 });
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()));
    const resumed = createController(options(), { snapshot });
    resumed.trainBegin();
    expect(resumed.state.callbacks).toEqual(first.state.callbacks);
    expect(() => resumed.epochBegin(1)).not.toThrow();
    // The run is abandoned (no trainEnd); a new fit calls trainBegin again, which resets the callbacks.
    resumed.trainBegin();
    // (The plateau resets; a checkpoint keeps its best value across runs, as Keras's ModelCheckpoint does.)
    expect(resumed.state.callbacks[0]).toEqual(options().callbacks[0]?.initialState);
    expect(() => resumed.epochBegin(0)).not.toThrow();
  });
  test('a restored run continued without trainBegin (a custom loop resuming at epochBegin) ends, and the next trainBegin starts a new run', () => {
    const first = createController(options());
    first.trainBegin();
    first.epochBegin(0);
    first.epochEnd(0, { loss: 1 });
    const resumed = createController(options(), { snapshot: JSON.parse(JSON.stringify(first.snapshot())) });
    resumed.epochBegin(1);
    resumed.epochEnd(1, { loss: 1 });
    resumed.trainEnd();
    resumed.trainBegin();
    expect(resumed.state.running).toBe(true);
    expect(resumed.state.callbacks[0]).toEqual(options().callbacks[0]?.initialState);
    expect(() => resumed.epochBegin(0)).not.toThrow();
  });
  test('callbacksFrom: the same callback objects keep their state into a new controller, as Keras callbacks do across fits', () => {
    const best = modelCheckpoint({ saveBestOnly: true, monitor: 'loss' });
    const plateau = reduceLROnPlateau({ monitor: 'loss', patience: 1 });
    const first = createController({ learningRate: 0.1, callbacks: [plateau, best] });
    first.trainBegin();
    first.epochBegin(0);
    expect(first.epochEnd(0, { loss: 0.25 }).checkpoint).not.toBeNull();
    first.trainEnd();
    // Another fit, other schedule, a new callback in front: the checkpoint still remembers 0.25, so a worse model is
    // not saved over the best one; the plateau resets at trainBegin, as Keras's does.
    const stop = earlyStopping({ monitor: 'loss' });
    const second = createController({ learningRate: decay(), callbacks: [stop, best, plateau] }, { callbacksFrom: first });
    expect(second.callbacks).toEqual([stop, best, plateau]);
    expect(second.state.callbacks[1]).toEqual(first.state.callbacks[1]);
    expect(second.state.callbacks[0]).toEqual(stop.initialState);
    second.trainBegin();
    expect(second.state.callbacks[2]).toEqual(plateau.initialState);
    second.epochBegin(0);
    expect(second.epochEnd(0, { loss: 0.5 }).checkpoint).toBeNull();
    // Without it, a new controller starts every callback afresh.
    const fresh = createController({ learningRate: 0.1, callbacks: [best] });
    fresh.trainBegin();
    fresh.epochBegin(0);
    expect(fresh.epochEnd(0, { loss: 0.5 }).checkpoint).not.toBeNull();
    expect(() => createController({ learningRate: 0.1 }, { callbacksFrom: {} } as never)).toThrow(/option 'restore' must be \{ snapshot \} or \{ callbacksFrom: a controller \}/);
  });
  test('a callback whose state JSON cannot carry is refused at snapshot time', () => {
    const bad: Callback<{ value: number }> = { name: 'bad', setsLearningRate: false, initialState: { value: Number.POSITIVE_INFINITY } };
    expect(() => createController({ learningRate: 0.1, callbacks: [bad] }).snapshot()).toThrow(/'bad' state is not JSON: state.value is Infinity/);
  });
});

describe('the pure machine', () => {
  test('transition returns new state and effects without touching the old state', () => {
    const machine = createControllerMachine({ learningRate: decay(), callbacks: [learningRateScheduler((epoch) => 0.1 / (1 + epoch))] });
    const initial = machine.initialState;
    const frozen = JSON.stringify(initial);
    const [running] = machine.transition(initial, { type: 'trainBegin' });
    const [opened, effects] = machine.transition(running, { type: 'epochBegin', epoch: 1 });
    expect(JSON.stringify(initial)).toBe(frozen);
    expect(effects).toEqual([{ type: 'learningRateSet', learningRate: 0.05, source: 'learningRateScheduler' }]);
    const [, batchEffects] = machine.transition(opened, { type: 'batchBegin' });
    expect(batchEffects).toEqual([{ type: 'applyLearningRate', learningRate: 0.05, step: 0 }]);
  });
});
