import { createController, EventOrderError, exponentialDecay, modelCheckpoint, reduceLROnPlateau, type Callback, type ProgressBatchEnd, type Schedule } from '@anneal/core';
import { irisFeatures, irisLabels, stratifiedSplit } from '@anneal/iris-data';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { adam, adamw, createTrainer, dense, mulberry32, rmsprop, sgd, type FitOptions, type OptimizerSpec, type Trainer, type TrainerCheckpoint } from './index.js';
import { buildTrainingStepGraph } from './training-graphs.js';
import { gradients, type NetworkSpec as ReferenceSpec, type Params } from './test-support/float64-network.js';
import { optimizerStep, type OptimizerConfig } from './test-support/float64-optimizers.js';

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

const iris = (() => {
  const split = stratifiedSplit({ labels: irisLabels, fractions: { train: 0.7, validation: 0.15, test: 0.15 }, seed: 7 });
  const pick = (indices: readonly number[]) => ({ x: indices.map((index) => [...(irisFeatures[index] as readonly number[])]), y: indices.map((index) => irisLabels[index] as number) });
  return { train: pick(split.train), validation: pick(split.validation), test: pick(split.test) };
})();
const irisNetwork = { inputSize: 4, layers: [dense({ units: 4, activation: 'relu' }), dense({ units: 6, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] };

describe('one optimizer step matches a float64 reference', () => {
  const network = { inputSize: 3, layers: [dense({ units: 4, activation: 'tanh' }), dense({ units: 2, activation: 'linear' })] };
  const reference: ReferenceSpec = { inputSize: 3, layers: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'linear' }] };
  const x = [[0.5, -1, 2], [1, 0.25, -0.5], [-0.3, 0.8, 0.1]];
  const y = [[1, -1], [0.5, 0.2], [-0.4, 0.9]];
  const cases: [string, OptimizerSpec, OptimizerConfig][] = [
    ['sgd', sgd({ learningRate: 0.1 }), { kind: 'sgd' }],
    ['sgd with momentum', sgd({ learningRate: 0.1, momentum: 0.9 }), { kind: 'sgd', momentum: 0.9 }],
    ['sgd with nesterov momentum', sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true }), { kind: 'sgd', momentum: 0.9, nesterov: true }],
    ['adam', adam({ learningRate: 0.01 }), { kind: 'adam' }],
    ['adamw', adamw({ learningRate: 0.01, weightDecay: 0.01 }), { kind: 'adamw', weightDecay: 0.01 }],
    ['rmsprop', rmsprop({ learningRate: 0.01 }), { kind: 'rmsprop' }],
    ['rmsprop with momentum', rmsprop({ learningRate: 0.01, momentum: 0.5 }), { kind: 'rmsprop', momentum: 0.5 }],
  ];
  test.each(cases)('%s: parameters after one step within 1e-6 relative', async (_name, optimizer, config) => {
    const graph = buildTrainingStepGraph({ network, loss: 'meanSquaredError', optimizer });
    const session = await ort.InferenceSession.create(graph.bytes, { executionProviders: ['wasm'] });
    // Parameters exactly representable in float32, so both sides start from the same numbers.
    const params: Params = {};
    const feeds: Record<string, ort.Tensor> = {};
    graph.parameters.forEach((parameter, index) => {
      const values = Float32Array.from({ length: parameter.size }, (_, at) => Math.fround(Math.sin(index * 7 + at) * 0.5));
      params[parameter.name] = Float64Array.from(values);
      feeds[parameter.name] = new ort.Tensor('float32', values, parameter.shape);
    });
    for (const slot of graph.state) feeds[slot.name] = new ort.Tensor('float32', new Float32Array(slot.dims.reduce((a, b) => a * b, 1)), slot.dims);
    feeds['x'] = new ort.Tensor('float32', Float32Array.from(x.flat()), [3, 3]);
    feeds['y'] = new ort.Tensor('float32', Float32Array.from(y.flat()), [3, 2]);
    const learningRate = Math.fround(optimizer.learningRate as number);
    feeds['learningRate'] = new ort.Tensor('float32', Float32Array.of(learningRate), []);
    if (optimizer.name === 'adam' || optimizer.name === 'adamw') {
      feeds['biasCorrection1'] = new ort.Tensor('float32', Float32Array.of(1 - optimizer.beta1), []);
      feeds['biasCorrection2'] = new ort.Tensor('float32', Float32Array.of(1 - optimizer.beta2), []);
    }
    const outputs = await session.run(feeds);
    const expected = optimizerStep(config, params, gradients(reference, params, x, y, 'meanSquaredError'), learningRate).params;
    for (const parameter of graph.parameters) {
      const actual = (outputs[graph.nextParameters[parameter.name] as string] as ort.Tensor).data as Float32Array;
      const want = expected[parameter.name] as Float64Array;
      actual.forEach((value, at) => {
        const target = want[at] as number;
        expect(Math.abs(value - target), `${parameter.name}[${at}]`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(target)));
      });
    }
    await session.release();
  });
});

describe('createTrainer', () => {
  test('fits a linear regression exactly (wasm)', async () => {
    const trainer = await createTrainer({ network: { inputSize: 2, layers: [dense({ units: 1 })] }, loss: 'meanSquaredError', optimizer: sgd({ learningRate: 0.1 }), seed: 1 });
    expect(trainer.executionProvider).toBe('wasm');
    const x = [[0, 1], [1, 0], [1, 1], [0, 0], [2, 1], [1, 2]];
    const y = x.map(([a, b]) => [(a as number) + 2 * (b as number) + 0.5]);
    const history = await trainer.fit(x, y, { epochs: 200, batchSize: 6, shuffle: false });
    expect(history.history['loss']?.at(-1)).toBeLessThan(1e-6);
    // On wasm the parameters are CPU tensors (on WebGPU they stay in GPU memory: webgpu.browser.test.ts).
    expect(trainer.parameterLocation).toBe('cpu');
    const weights = trainer.getWeights();
    expect(Array.from(weights['dense_0/kernel'] as Float32Array).map((w) => Math.round(w * 1000) / 1000)).toEqual([1, 2]);
    expect(Math.round((weights['dense_0/bias']?.[0] as number) * 1000) / 1000).toBe(0.5);
    await trainer.release();
  });

  test("the seed article's iris network reaches >= 0.9 test accuracy, with the schedule and a plateau callback driving the rate", async () => {
    const schedule: Schedule = exponentialDecay({ initialLearningRate: 1e-2, decaySteps: 10_000, decayRate: 0.96 });
    const trainer = await createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer: sgd({ learningRate: schedule, momentum: 0.9 }), seed: 4 });
    const plateau = reduceLROnPlateau({ monitor: 'val_loss', patience: 5 });
    const history = await trainer.fit(iris.train.x, iris.train.y, { epochs: 60, batchSize: 5, validationData: [iris.validation.x, iris.validation.y], callbacks: [plateau] });
    const { accuracy } = await trainer.evaluate(iris.test.x, iris.test.y);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    // The learning rates the trainer logged are the core controller's for the same epoch logs.
    const controller = createController({ learningRate: schedule, callbacks: [plateau] });
    controller.trainBegin();
    const expected: number[] = [];
    const batches = Math.ceil(iris.train.x.length / 5);
    history.epoch.forEach((epoch) => {
      controller.epochBegin(epoch);
      for (let batch = 0; batch < batches; batch++) controller.batchBegin();
      const logs: Record<string, number> = {};
      for (const [key, values] of Object.entries(history.history)) if (key !== 'learningRate') logs[key] = values[epoch] as number;
      controller.epochEnd(epoch, logs);
      expected.push(logs['learningRate'] as number);
    });
    expect(history.history['learningRate']).toEqual(expected);
    await trainer.release();
  }, 60_000);

  test('predict and a standalone exported .onnx give the same probabilities', async () => {
    const trainer = await createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer: adam({ learningRate: 0.01 }), seed: 5 });
    await trainer.fit(iris.train.x, iris.train.y, { epochs: 5, batchSize: 10 });
    const predicted = await trainer.predict(iris.test.x);
    const session = await ort.InferenceSession.create(trainer.exportOnnx(), { executionProviders: ['wasm'] });
    const outputs = await session.run({ x: new ort.Tensor('float32', Float32Array.from(iris.test.x.flat()), [iris.test.x.length, 4]) });
    expect(Array.from((outputs['predictions'] as ort.Tensor).data as Float32Array)).toEqual(predicted.flat().map((value) => Math.fround(value)));
    for (const row of predicted) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    await session.release();
    await trainer.release();
  });

  test.each([
    ['wrong input width', () => [[1, 2, 3]], () => [0], /'x\[0\]' must be a row of 4 numbers/],
    ['labels out of range', () => [[1, 2, 3, 4]], () => [3], /'y\[0\]' must be a class label, an integer in \[0, 2\]/],
    ['NaN in features', () => [[1, Number.NaN, 3, 4]], () => [0], /'x\[0\]\[1\]' must be a finite number/],
    ['an empty dataset', () => [], () => [], /'x' must be a non-empty array of rows/],
  ])('bad input is refused before any session runs: %s', async (_label, x, y, message) => {
    const trainer = await createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer: sgd(), seed: 1 });
    await expect(trainer.fit(x(), y(), { epochs: 1 })).rejects.toThrow(message);
    await expect(trainer.fit([[1, 2, 3, 4]], [0], { epochs: 1, batchSize: 0 })).rejects.toThrow(/'batchSize' must be an integer >= 1/);
    await trainer.release();
  });

  test('a misspelt option suggests the right one', async () => {
    await expect(createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer: sgd(), sed: 1 } as never)).rejects.toThrow(/did you mean 'seed'/);
    expect(() => sgd({ learningrate: 0.1 } as never)).toThrow(/did you mean 'learningRate'/);
  });
});

describe('checkpoint and resume', () => {
  test('a checkpoint taken mid-fit, through JSON, continues with the identical learning rates and losses', async () => {
    const schedule = exponentialDecay({ initialLearningRate: 0.02, decaySteps: 20, decayRate: 0.9 });
    const options = { network: irisNetwork, loss: 'sparseCategoricalCrossentropy' as const, optimizer: adam({ learningRate: schedule }), seed: 4 };
    const callbacks = () => [reduceLROnPlateau({ monitor: 'val_loss', patience: 1, factor: 0.5 }), modelCheckpoint({ filepath: 'iris', monitor: 'val_loss' })];
    const fitOptions = { epochs: 10, batchSize: 10, validationData: [iris.validation.x, iris.validation.y] as const };
    let saved: TrainerCheckpoint | null = null;
    const whole = await createTrainer(options);
    const uninterrupted = await whole.fit(iris.train.x, iris.train.y, {
      ...fitOptions,
      callbacks: callbacks(),
      checkpointHandler: (request, trainer) => {
        if (request.epoch === 4) saved = JSON.parse(JSON.stringify(trainer.checkpoint())) as TrainerCheckpoint;
      },
    });
    expect(saved).not.toBeNull();
    const resumedTrainer = await createTrainer({ ...options, checkpoint: saved as unknown as TrainerCheckpoint });
    const resumed = await resumedTrainer.fit(iris.train.x, iris.train.y, { ...fitOptions, initialEpoch: 5, callbacks: callbacks(), checkpointHandler: () => {} });
    expect(resumed.epoch).toEqual([5, 6, 7, 8, 9]);
    for (const key of ['learningRate', 'loss', 'val_loss', 'acc']) {
      expect(resumed.history[key], key).toEqual(uninterrupted.history[key]?.slice(5));
    }
    expect(resumedTrainer.getWeights()).toEqual(whole.getWeights());
    await whole.release();
    await resumedTrainer.release();
  }, 60_000);

  test('a checkpoint from another network is refused, naming the parameter', async () => {
    const trainer = await createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer: sgd(), seed: 1 });
    const checkpoint = trainer.checkpoint();
    const other = { inputSize: 4, layers: [dense({ units: 5, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] };
    // Refused before any session opens, so a refused checkpoint leaves nothing to release.
    const create = vi.spyOn(ort.InferenceSession, 'create');
    try {
      await expect(createTrainer({ network: other, loss: 'sparseCategoricalCrossentropy', optimizer: sgd(), checkpoint })).rejects.toThrow(/checkpoint.weights\['dense_0\/kernel'\]/);
      expect(create).not.toHaveBeenCalled();
    } finally {
      create.mockRestore();
    }
    await trainer.release();
  });

  test('checkpoint: null is a fresh start (nothing saved yet), the same as no checkpoint', async () => {
    const fresh = await createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer: sgd(), seed: 1, executionProvider: 'wasm' });
    const fromNull = await createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer: sgd(), seed: 1, executionProvider: 'wasm', checkpoint: null });
    expect(fromNull.checkpoint()).toEqual(fresh.checkpoint());
    await fresh.release();
    await fromNull.release();
  });
});

describe('callback state across fits', () => {
  test("a second fit with the same modelCheckpoint keeps its best value, as Keras's callback object does: a worse fit saves nothing", async () => {
    const trainer = await createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer: sgd({ learningRate: 0.05, momentum: 0.9 }), seed: 11, executionProvider: 'wasm' });
    const best = modelCheckpoint({ monitor: 'loss', saveBestOnly: true });
    const saves: number[] = [];
    const fitOptions = { batchSize: 5, callbacks: [best], checkpointHandler: (request: { value: number | null }) => void saves.push(request.value as number) };
    await trainer.fit(iris.train.x, iris.train.y, { ...fitOptions, epochs: 10 });
    const firstFitSaves = saves.length;
    expect(firstFitSaves).toBeGreaterThan(0);
    // Labels rotated: the trained network's loss on them is far above its best.
    const rotated = iris.train.y.map((label) => (label + 1) % 3);
    const second = await trainer.fit(iris.train.x, rotated, { ...fitOptions, epochs: 1 });
    expect(second.history['loss']?.[0]).toBeGreaterThan(Math.min(...saves));
    expect(saves.slice(firstFitSaves)).toEqual([]);
    await trainer.release();
  }, 60_000);
});

describe('release', () => {
  test('a second release does nothing; fit, evaluate and predict afterwards are EventOrderErrors; the weights stay readable', async () => {
    const trainer = await createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer: sgd(), seed: 1, executionProvider: 'wasm' });
    await trainer.fit(iris.train.x, iris.train.y, { epochs: 1, batchSize: 10 });
    const weights = trainer.getWeights();
    await trainer.release();
    await trainer.release();
    await expect(trainer.predict(iris.test.x)).rejects.toThrow(EventOrderError);
    await expect(trainer.evaluate(iris.test.x, iris.test.y)).rejects.toThrow(/evaluate: out of order — the trainer was released/);
    await expect(trainer.fit(iris.train.x, iris.train.y, { epochs: 1 })).rejects.toThrow(EventOrderError);
    expect(trainer.getWeights()).toEqual(weights);
  });
});

describe('release during a fit', () => {
  test.each([1, 4] as const)('from a callback, stepsPerRun %i: the fit stops with an EventOrderError at its next step, then the sessions are freed', async (stepsPerRun) => {
    const trainer = await createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer: sgd(), seed: 1, executionProvider: 'wasm' });
    let released: Promise<void> | undefined;
    const releaser: Callback<null> = {
      name: 'releaser',
      setsLearningRate: false,
      initialState: null,
      onBatchEnd: (_state, { batch }) => {
        if (batch === 1) released = trainer.release();
        return undefined;
      },
    };
    await expect(trainer.fit(iris.train.x, iris.train.y, { epochs: 2, batchSize: 10, stepsPerRun, callbacks: [releaser] })).rejects.toThrow(EventOrderError);
    await released;
    await expect(trainer.predict(iris.test.x)).rejects.toThrow(/predict: out of order — the trainer was released/);
    expect(Object.keys(trainer.getWeights()).length).toBeGreaterThan(0);
    // A release after the freeing is a no-op.
    await trainer.release();
  });
});

describe('validationSplit', () => {
  test("0 (Keras's default) holds out nothing; 1 and negative values are refused", async () => {
    const trainer = await createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer: sgd(), seed: 1, executionProvider: 'wasm' });
    const history = await trainer.fit(iris.train.x, iris.train.y, { epochs: 1, batchSize: 10, validationSplit: 0 });
    expect(Object.keys(history.history).filter((key) => key.startsWith('val_'))).toEqual([]);
    await expect(trainer.fit(iris.train.x, iris.train.y, { epochs: 1, validationSplit: 1 })).rejects.toThrow(/must be a number in \[0, 1\)/);
    await expect(trainer.fit(iris.train.x, iris.train.y, { epochs: 1, validationSplit: -0.1 })).rejects.toThrow(/validationSplit/);
    await trainer.release();
  });
});

describe('stepsPerRun: K steps per session.run equal the one-step path', () => {
  const fitBoth = async (optimizer: OptimizerSpec, batchSize: number, stepsPerRun: number | 'epoch') => {
    const run = async (steps: number | 'epoch') => {
      const trainer = await createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer, seed: 3, executionProvider: 'wasm' });
      const history = await trainer.fit(iris.train.x, iris.train.y, {
        epochs: 5,
        batchSize,
        stepsPerRun: steps,
        callbacks: [reduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, minDelta: 10 })],
        log: () => {},
      });
      const weights = trainer.getWeights();
      const checkpoint = trainer.checkpoint();
      await trainer.release();
      return { history, weights, checkpoint };
    };
    return { one: await run(1), many: await run(stepsPerRun) };
  };
  const cases: [string, OptimizerSpec, number, number | 'epoch'][] = [
    ['sgd momentum, schedule, K = epoch, batch 5', sgd({ learningRate: exponentialDecay({ initialLearningRate: 0.05, decaySteps: 20, decayRate: 0.8 }), momentum: 0.9 }), 5, 'epoch'],
    ['adam, K = 4 with a remainder and a partial batch, batch 8', adam({ learningRate: 0.01 }), 8, 4],
    ['rmsprop momentum, K = epoch with a partial batch, batch 10', rmsprop({ learningRate: 0.01, momentum: 0.5 }), 10, 'epoch'],
  ];
  test.each(cases)('%s', async (_name, optimizer, batchSize, stepsPerRun) => {
    const { one, many } = await fitBoth(optimizer, batchSize, stepsPerRun);
    expect(many.history.history['learningRate']).toEqual(one.history.history['learningRate']);
    expect(new Set(one.history.history['learningRate']).size).toBeGreaterThan(1);
    (one.history.history['loss'] as number[]).forEach((value, epoch) => expect(Math.abs((many.history.history['loss'] as number[])[epoch] as number - value)).toBeLessThan(1e-5));
    (one.history.history['acc'] as number[]).forEach((value, epoch) => expect(Math.abs((many.history.history['acc'] as number[])[epoch] as number - value)).toBeLessThan(1e-5));
    for (const [name, values] of Object.entries(one.weights)) {
      const other = many.weights[name] as Float32Array;
      values.forEach((value, at) => expect(Math.abs((other[at] as number) - value)).toBeLessThan(1e-5));
    }
    expect(many.checkpoint.iterations).toBe(one.checkpoint.iterations);
  });

  test('rejects a stepsPerRun that is not a positive integer or "epoch"', async () => {
    const trainer = await createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer: sgd(), executionProvider: 'wasm' });
    await expect(trainer.fit(iris.train.x, iris.train.y, { epochs: 1, stepsPerRun: 0 })).rejects.toThrow(/stepsPerRun/);
    await expect(trainer.fit(iris.train.x, iris.train.y, { epochs: 1, stepsPerRun: 'all' as unknown as 'epoch' })).rejects.toThrow(/stepsPerRun/);
    await trainer.release();
  });
});

describe('batch-level decisions with stepsPerRun K > 1 give the one-step result', () => {
  /** Fits a fresh trainer and keeps everything a difference would show in, the progress of every step included. */
  const fitRecorded = async (stepsPerRun: number | 'epoch', callbacks: Callback[], options: Partial<FitOptions> = {}) => {
    const trainer = await createTrainer({ network: irisNetwork, loss: 'sparseCategoricalCrossentropy', optimizer: adam({ learningRate: 0.01 }), seed: 3, executionProvider: 'wasm' });
    const batches: ProgressBatchEnd[] = [];
    let trainEnd: { epochsRun: number; stoppedEarly: boolean } | null = null;
    const history = await trainer.fit(iris.train.x, iris.train.y, {
      epochs: 5,
      batchSize: 8,
      validationData: [iris.validation.x, iris.validation.y],
      stepsPerRun,
      callbacks,
      progress: { onBatchEnd: (info) => batches.push(info), onTrainEnd: (info) => (trainEnd = info) },
      log: () => {},
      ...options,
    });
    const result = { history, weights: trainer.getWeights(), iterations: trainer.checkpoint().iterations, batches, trainEnd };
    await trainer.release();
    return result;
  };
  // 105 samples in batches of 8: 13 full batches and one of 1, so 14 steps per epoch.
  const stepsPerEpoch = 14;

  test.each([
    ["onBatchEnd at the 3rd batch of the 2nd epoch", { onBatchEnd: (_state: null, { epoch, batch }: { epoch: number; batch: number }) => (epoch === 1 && batch === 2 ? { stopTraining: true } : undefined) }, 3],
    ["onEpochBegin of the 2nd epoch (Keras: after that epoch's first batch)", { onEpochBegin: (_state: null, { epoch }: { epoch: number }) => (epoch === 1 ? { stopTraining: true } : undefined) }, 1],
  ] as const)('a stop requested in %s ends the fit after that batch, the same with stepsPerRun 1, 4 and "epoch"', async (_where, hooks, stepsInLastEpoch) => {
    const stopper = (): Callback<null> => ({ name: 'stopper', setsLearningRate: false, initialState: null, ...hooks });
    const one = await fitRecorded(1, [stopper()]);
    expect(one.history.epoch).toEqual([0, 1]);
    expect(one.iterations).toBe(stepsPerEpoch + stepsInLastEpoch);
    expect(one.trainEnd).toEqual({ epochsRun: 2, stoppedEarly: true });
    // The stopped epoch still validates and reaches epochEnd (the history has its val_* and learningRate) ...
    for (const key of ['loss', 'acc', 'val_loss', 'val_acc', 'learningRate']) expect(one.history.history[key], key).toHaveLength(2);
    // ... and its loss averages the batches it trained, all full ones here.
    const lastEpoch = one.batches.filter((info) => info.epoch === 1);
    expect(lastEpoch.map((info) => info.batch)).toEqual(Array.from({ length: stepsInLastEpoch }, (_, batch) => batch));
    const mean = lastEpoch.reduce((sum, info) => sum + (info.logs['loss'] as number) * 8, 0) / (8 * stepsInLastEpoch);
    expect(one.history.history['loss']?.[1]).toBeCloseTo(mean, 12);
    for (const stepsPerRun of [4, 'epoch'] as const) {
      const many = await fitRecorded(stepsPerRun, [stopper()]);
      expect(many.history, `stepsPerRun ${stepsPerRun}`).toEqual(one.history);
      expect(many.weights, `stepsPerRun ${stepsPerRun}`).toEqual(one.weights);
      expect(many.iterations).toBe(one.iterations);
      // Every step reported once, in order: the steps retaken after undoing the run are not reported again.
      expect(many.batches, `stepsPerRun ${stepsPerRun}`).toEqual(one.batches);
      expect(many.trainEnd).toEqual(one.trainEnd);
    }
  }, 60_000);

  test('a callback that sets the rate at batch level inside a run gives the stepsPerRun: 1 result instead of an error', async () => {
    // A rate returned from onBatchEnd applies from the next step: steps 2 of epoch 1 and 6 of epoch 2, both inside
    // a run of 4 (batches 0–3 and 4–7) and of 'epoch' (batches 0–12).
    const rateSetter = (): Callback<null> => ({
      name: 'rateSetter',
      setsLearningRate: true,
      initialState: null,
      onBatchEnd: (_state, { epoch, batch }) => (epoch === 1 && batch === 1 ? { learningRate: 0.002 } : epoch === 2 && batch === 5 ? { learningRate: 0.004 } : undefined),
    });
    const one = await fitRecorded(1, [rateSetter()], { epochs: 4 });
    const rates = one.batches.map((info) => info.learningRate);
    expect(rates[stepsPerEpoch + 1]).toBe(0.01);
    expect(rates[stepsPerEpoch + 2]).toBe(0.002);
    expect(rates[2 * stepsPerEpoch + 6]).toBe(0.004);
    for (const stepsPerRun of [4, 'epoch'] as const) {
      const many = await fitRecorded(stepsPerRun, [rateSetter()], { epochs: 4 });
      expect(many.history, `stepsPerRun ${stepsPerRun}`).toEqual(one.history);
      expect(many.weights, `stepsPerRun ${stepsPerRun}`).toEqual(one.weights);
      expect(many.iterations).toBe(4 * stepsPerEpoch);
      expect(many.batches, `stepsPerRun ${stepsPerRun}`).toEqual(one.batches);
    }
  }, 60_000);
});

describe('shuffling across fit calls', () => {
  test('a second fit on the same trainer visits the batches in a new order; a first fit keeps the order (seed, epoch) gives', async () => {
    // A zero rate keeps the weights fixed, so a batch's loss says which samples it held.
    const options = { network: irisNetwork, loss: 'sparseCategoricalCrossentropy' as const, optimizer: sgd({ learningRate: 0 }), seed: 9, executionProvider: 'wasm' as const };
    const batchSize = 15;
    const batchLosses = async (trainer: Trainer): Promise<number[]> => {
      const losses: number[] = [];
      await trainer.fit(iris.train.x, iris.train.y, { epochs: 1, batchSize, progress: { onBatchEnd: ({ logs }) => losses.push(logs['loss'] as number) } });
      return losses;
    };
    const trainer = await createTrainer(options);
    const first = await batchLosses(trainer);
    const second = await batchLosses(trainer);
    // The order epoch 0 always had: a Fisher–Yates shuffle seeded with (seed + (epoch + 1) · 0x9e3779b1) | 0.
    const order = iris.train.x.map((_, index) => index);
    const random = mulberry32((options.seed + Math.imul(1, 0x9e3779b1)) | 0);
    for (let index = order.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [order[index], order[other]] = [order[other] as number, order[index] as number];
    }
    const expected: number[] = [];
    for (let start = 0; start < order.length; start += batchSize) {
      const rows = order.slice(start, start + batchSize);
      const scores = await trainer.evaluate(rows.map((row) => iris.train.x[row] as number[]), rows.map((row) => iris.train.y[row] as number));
      expected.push(scores.loss);
    }
    expect(first).toHaveLength(expected.length);
    first.forEach((loss, batch) => expect(loss, `first fit, batch ${batch}`).toBeCloseTo(expected[batch] as number, 5));
    expect(second).toHaveLength(first.length);
    expect(second.some((loss, batch) => Math.abs(loss - (first[batch] as number)) > 1e-4), `${second} vs ${first}`).toBe(true);
    // A fresh trainer's first fit is the same as the first one's.
    const fresh = await createTrainer(options);
    expect(await batchLosses(fresh)).toEqual(first);
    await fresh.release();
    await trainer.release();
  });
});
