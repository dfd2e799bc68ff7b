/**
 * Conformance of `reduceLROnPlateau({ variant: 'pytorch' })`, run through `createController`, with the learning rates
 * PyTorch publishes for `torch.optim.lr_scheduler.ReduceLROnPlateau`.
 *
 * Source: pytorch/pytorch, test/optim/test_lrscheduler.py @ 70f364554f849d6ea059ddf7e985e8eaa6c4320f, class
 * TestLRScheduler, test_reduce_lr_on_plateau1 .. test_reduce_lr_on_plateau8 (the plateau tests read the same in the
 * older and newer stored versions of the file).
 *
 * How PyTorch's helper maps onto the controller: `_test_reduce_lr_on_plateau` sets every group's lr to 0.5, then for
 * `epoch in range(epochs)` calls `opt.step()`, `scheduler.step(metrics[epoch])` and compares `group['lr']` AFTER the
 * step with `targets[epoch]` (atol 1e-5). Here each epoch is `epochBegin`, one `batchBegin`/`batchEnd` (the
 * `opt.step()`), `epochEnd(epoch, { metric })` (the `scheduler.step`), and the rate compared is `controller.learningRate`
 * (the rate the next step will use). `threshold` is `minDelta`, `threshold_mode` is `thresholdMode`, `mode` is given
 * explicitly, and PyTorch's defaults (factor 0.1, patience 10, threshold 1e-4, cooldown 0, min_lr 0) are written out
 * where a test relies on them. Only the first `epochs` targets are checked, as `zip` does in PyTorch. anneal computes
 * in float64, so the comparison is 1e-12 relative rather than PyTorch's atol 1e-5.
 *
 * Test 8 gives each parameter group its own min_lr ([0.4, 0.3]); a controller drives one rate, so two controllers run
 * the same metrics, one per group.
 *
 * Not reproduced: test_compound_reduce_lr_on_plateau1..5 (as written they assert nothing: `targets = targets[1:]` on a
 * one-element list leaves no target), test_reduce_lr_on_plateau_state_dict (PyTorch's state_dict format).
 */
import { describe, expect, test } from 'vitest';
import { createController, reduceLROnPlateau, type ReduceLROnPlateauOptions } from '../index.js';
import { expectAllClose } from '../test-support/close.js';

const TORCH_TEST = 'pytorch/pytorch test/optim/test_lrscheduler.py @ 70f364554f849d6ea059ddf7e985e8eaa6c4320f';

/** Python's range(count). */
const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index);

/** Python's `[value] * count`. */
const repeat = (value: number, count: number): number[] => range(count).map(() => value);

type PlateauOptions = Omit<ReduceLROnPlateauOptions, 'monitor' | 'variant'>;

/**
 * Mirrors `_test_reduce_lr_on_plateau`: lr 0.5, one optimizer step and one scheduler step per epoch, the rate read
 * after the scheduler step. Returns the first `epochs` rates.
 */
function plateauRates(options: PlateauOptions, metrics: readonly number[], epochs: number, variant: 'pytorch' | 'keras' = 'pytorch'): number[] {
  const controller = createController({
    learningRate: 0.5,
    callbacks: [reduceLROnPlateau({ ...options, monitor: 'metric', variant })],
    log: () => {},
    warn: () => {},
  });
  const rates: number[] = [];
  controller.trainBegin();
  for (let epoch = 0; epoch < epochs; epoch++) {
    controller.epochBegin(epoch);
    controller.batchBegin(); // opt.step()
    controller.batchEnd();
    controller.epochEnd(epoch, { metric: metrics[epoch] as number }); // scheduler.step(metrics[epoch])
    rates.push(controller.learningRate);
  }
  controller.trainEnd();
  return rates;
}

function expectPlateau(options: PlateauOptions, metrics: readonly number[], target: readonly number[], epochs: number): void {
  expect(metrics.length).toBeGreaterThanOrEqual(epochs);
  expect(target.length).toBeGreaterThanOrEqual(epochs);
  expectAllClose(plateauRates(options, metrics, epochs), target.slice(0, epochs), 1e-12);
}

describe(`ReduceLROnPlateau, variant 'pytorch' (${TORCH_TEST})`, () => {
  test('test_reduce_lr_on_plateau1: abs, min, threshold 0.01, patience 5, cooldown 5; metrics 10 - 0.0167 i', () => {
    // Every step improves by 0.0167 > 0.01, so the rate never moves. targets has 20 entries, epochs = 10.
    expectPlateau(
      { thresholdMode: 'abs', mode: 'min', minDelta: 0.01, patience: 5, cooldown: 5, factor: 0.1 },
      range(20).map((i) => 10 - i * 0.0167),
      repeat(0.5, 20),
      10,
    );
  });

  test('test_reduce_lr_on_plateau2: abs, min, threshold 0.1, patience 5, cooldown 0; metrics 10 - 0.0165 i', () => {
    expectPlateau(
      { patience: 5, cooldown: 0, thresholdMode: 'abs', mode: 'min', minDelta: 0.1, factor: 0.1 },
      range(22).map((i) => 10 - i * 0.0165),
      [...repeat(0.5, 6), ...repeat(0.05, 7), ...repeat(0.005, 7), ...repeat(0.0005, 2)],
      22,
    );
  });

  test('test_reduce_lr_on_plateau3: max, patience 5, cooldown 5, abs (default threshold 1e-4); metrics [-0.8]*2 + [-0.234]*20', () => {
    // PyTorch's defaults written out: factor 0.1, threshold 1e-4. The target list has 23 entries; 22 are checked.
    expectPlateau(
      { mode: 'max', patience: 5, cooldown: 5, thresholdMode: 'abs', minDelta: 1e-4, factor: 0.1 },
      [...repeat(-0.8, 2), ...repeat(-0.234, 20)],
      [...repeat(0.5, 2 + 6), ...repeat(0.05, 5 + 6), ...repeat(0.005, 4)],
      22,
    );
  });

  test('test_reduce_lr_on_plateau4: max, patience 3, rel, threshold 0.1; metrics 1.5 * 1.025^i', () => {
    // 1.025 > 1.1 ** 0.25: an improvement at least every 4 steps, and 3 bad steps are not > patience 3.
    expectPlateau(
      { mode: 'max', patience: 3, thresholdMode: 'rel', minDelta: 0.1, factor: 0.1, cooldown: 0 },
      range(20).map((i) => 1.5 * 1.025 ** i),
      repeat(0.5, 20),
      20,
    );
  });

  test('test_reduce_lr_on_plateau5: max, rel, threshold 0.1, patience 5, cooldown 5; metrics 1.5 * 1.005^i', () => {
    // The target list has 21 entries; 20 are checked.
    expectPlateau(
      { mode: 'max', thresholdMode: 'rel', minDelta: 0.1, patience: 5, cooldown: 5, factor: 0.1 },
      range(20).map((i) => 1.5 * 1.005 ** i),
      [...repeat(0.5, 6), ...repeat(0.05, 5 + 6), ...repeat(0.005, 4)],
      20,
    );
  });

  test('test_reduce_lr_on_plateau6: min, rel, threshold 0.1 (default patience 10); metrics 1.5 * 0.85^i', () => {
    expectPlateau(
      { mode: 'min', thresholdMode: 'rel', minDelta: 0.1, patience: 10, cooldown: 0, factor: 0.1 },
      range(20).map((i) => 1.5 * 0.85 ** i),
      repeat(0.5, 20),
      20,
    );
  });

  test('test_reduce_lr_on_plateau7: min, rel, threshold 0.1, patience 5, cooldown 5; metrics [1]*7 + [0.6] + [0.5]*12', () => {
    expectPlateau(
      { mode: 'min', thresholdMode: 'rel', minDelta: 0.1, patience: 5, cooldown: 5, factor: 0.1 },
      [...repeat(1, 7), 0.6, ...repeat(0.5, 12)],
      [...repeat(0.5, 6), ...repeat(0.05, 5 + 6), ...repeat(0.005, 4)],
      20,
    );
  });

  test('test_reduce_lr_on_plateau8: max, rel, min_lr [0.4, 0.3], threshold 0.1, patience 5, cooldown 5; metrics 1.5 * 1.005^i', () => {
    // One controller per parameter group, each with that group's min_lr.
    const metrics = range(20).map((i) => 1.5 * 1.005 ** i);
    const common: PlateauOptions = { mode: 'max', thresholdMode: 'rel', minDelta: 0.1, patience: 5, cooldown: 5, factor: 0.1 };
    expectPlateau({ ...common, minLr: 0.4 }, metrics, [...repeat(0.5, 6), ...repeat(0.4, 14)], 20);
    expectPlateau({ ...common, minLr: 0.3 }, metrics, [...repeat(0.5, 6), ...repeat(0.3, 14)], 20);
  });

  test('test_reduce_lr_on_plateau_get_last_lr_before_step: default scheduler after setting lr 0.5 reports 0.5', () => {
    const controller = createController({ learningRate: 0.5, callbacks: [reduceLROnPlateau({ monitor: 'metric', mode: 'min', variant: 'pytorch' })] });
    expect(controller.learningRate).toBe(0.5);
  });

  test('test_reduce_lr_on_plateau_preserves_lr_type: mode min, patience 0; step(1.0), step(2.0) reduces, the rate stays a plain number', () => {
    // PyTorch asserts only the type; the reduction to 0.5 * 0.1 is what its comment ("Triggers scheduler._reduce_lr") says happens.
    const rates = plateauRates({ mode: 'min', patience: 0, factor: 0.1 }, [1.0, 2.0], 2);
    expect(rates.every((rate) => typeof rate === 'number')).toBe(true);
    expectAllClose(rates, [0.5, 0.05], 1e-12);
  });
});

/**
 * The same metric sequences under anneal's Keras variant, to pin down where the two libraries differ. These are not
 * published values: they come from re-running Keras 3's `ReduceLROnPlateau.on_epoch_end` logic (keras-team/keras
 * keras/src/callbacks/reduce_lr_on_plateau.py @ ac2ee342b119221090e464edc0d3344289f48741) on PyTorch's sequences.
 * Keras reduces on the patience-th bad epoch (`wait >= patience`) where PyTorch needs `num_bad > patience`, and a
 * Keras cooldown of c freezes c - 1 epochs where PyTorch freezes c.
 */
describe("Same sequences under variant 'keras' (Keras 3 reduce_lr_on_plateau.py @ ac2ee342b119, simulated)", () => {
  test('test_reduce_lr_on_plateau2 sequence (10 - 0.0165 i, min_delta 0.1, patience 5): Keras reduces at epochs 5, 12, 19, PyTorch at 6, 13, 20', () => {
    const metrics = range(22).map((i) => 10 - i * 0.0165);
    const keras = plateauRates({ mode: 'min', minDelta: 0.1, patience: 5, cooldown: 0, factor: 0.1 }, metrics, 22, 'keras');
    expectAllClose(keras, [...repeat(0.5, 5), ...repeat(0.05, 7), ...repeat(0.005, 7), ...repeat(0.0005, 3)], 1e-12);
    const torch = plateauRates({ mode: 'min', thresholdMode: 'abs', minDelta: 0.1, patience: 5, cooldown: 0, factor: 0.1 }, metrics, 22);
    expectAllClose(torch, [...repeat(0.5, 6), ...repeat(0.05, 7), ...repeat(0.005, 7), ...repeat(0.0005, 2)], 1e-12);
  });

  test('test_reduce_lr_on_plateau3 sequence ([-0.8]*2 + [-0.234]*20, max, patience 5, cooldown 5): Keras [0.5]*7 + [0.05]*9 + [0.005]*6', () => {
    const metrics = [...repeat(-0.8, 2), ...repeat(-0.234, 20)];
    const keras = plateauRates({ mode: 'max', minDelta: 1e-4, patience: 5, cooldown: 5, factor: 0.1 }, metrics, 22, 'keras');
    expectAllClose(keras, [...repeat(0.5, 7), ...repeat(0.05, 9), ...repeat(0.005, 6)], 1e-12);
  });
});
