import { describe, expectTypeOf, test } from 'vitest';
import {
  createController,
  createControllerMachine,
  earlyStopping,
  learningRateScheduler,
  reduceLROnPlateau,
  type Callback,
  type CheckpointRequest,
  type ControllerEffect,
  type ControllerSnapshot,
  type ControllerState,
  type Decision,
  type EarlyStoppingState,
  type JsonValue,
  type ReduceLROnPlateauState,
} from '../index.js';

describe('controller and callback types', () => {
  test('the imperative controller', () => {
    const controller = createController({ learningRate: 0.1 });
    expectTypeOf(controller.batchBegin()).toEqualTypeOf<number>();
    expectTypeOf(controller.epochEnd(0, { loss: 1 })).toEqualTypeOf<Decision>();
    expectTypeOf(controller.learningRate).toEqualTypeOf<number>();
    expectTypeOf(controller.snapshot()).toEqualTypeOf<ControllerSnapshot>();
    expectTypeOf<Decision['checkpoint']>().toEqualTypeOf<CheckpointRequest | null>();
    // @ts-expect-error the learning rate is a number or a schedule
    createController({ learningRate: '0.1' });
    // @ts-expect-error conflict is one of three policies
    createController({ learningRate: 0.1, conflict: 'schedule-wins' });
    // @ts-expect-error a snapshot is restored through { snapshot }
    createController({ learningRate: 0.1 }, controller.snapshot());
  });

  test('the pure machine', () => {
    const machine = createControllerMachine({ learningRate: 0.1 });
    expectTypeOf(machine.transition).returns.toEqualTypeOf<readonly [ControllerState, readonly ControllerEffect[]]>();
    // @ts-expect-error events are a closed union
    machine.transition(machine.initialState, { type: 'stepBegin' });
  });

  test('built-in callbacks carry typed, JSON-safe state', () => {
    expectTypeOf(reduceLROnPlateau()).toEqualTypeOf<Callback<ReduceLROnPlateauState>>();
    expectTypeOf(earlyStopping()).toEqualTypeOf<Callback<EarlyStoppingState>>();
    expectTypeOf(learningRateScheduler((epoch) => 0.1 / (epoch + 1))).toEqualTypeOf<Callback<null>>();
    expectTypeOf<ReduceLROnPlateauState>().toMatchTypeOf<JsonValue>();
    // @ts-expect-error factor is a number
    reduceLROnPlateau({ factor: '0.5' });
    // @ts-expect-error Keras names are camelCase
    reduceLROnPlateau({ min_lr: 0.001 });
  });

  test('users write callbacks with their own state type', () => {
    const counter: Callback<{ epochs: number }> = {
      name: 'counter',
      setsLearningRate: false,
      initialState: { epochs: 0 },
      onEpochEnd: (state) => ({ state: { epochs: state.epochs + 1 } }),
    };
    expectTypeOf(counter).toMatchTypeOf<Callback>();
    // @ts-expect-error state must be JSON-safe: no functions
    const bad: Callback<{ f: () => void }> = { name: 'bad', setsLearningRate: false, initialState: { f: () => {} } };
    void bad;
  });
});
