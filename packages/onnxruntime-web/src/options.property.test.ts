import * as ort from 'onnxruntime-web';
import { describe } from 'vitest';
import {
  adam,
  adamw,
  buildEvaluationGraph,
  buildGradientGraph,
  buildPredictionGraph,
  buildTrainingStepGraph,
  buildUnrolledTrainingGraph,
  checkNetwork,
  checkTraining,
  classifier,
  createSession,
  createTrainer,
  dense,
  emitForward,
  emitForwardBackward,
  emitOptimizerStep,
  GraphBuilder,
  initialWeights,
  networkParameters,
  optimizerFromKerasConfig,
  rmsprop,
  sgd,
  type ClassifierOptions,
  type ConstantOptions,
  type CreateSessionOptions,
  type DenseLayer,
  type DenseOptions,
  type EmitOptimizerStepOptions,
  type FitOptions,
  type ForwardBackwardOptions,
  type ForwardOptions,
  type GradientGraphOptions,
  type GraphBuilderOptions,
  type GraphInputOptions,
  type GraphOutputOptions,
  type InitializerOptions,
  type NetworkSpec,
  type NodeOptions,
  type OpOptions,
  type OptimizerFromKerasConfigOptions,
  type TrainerOptions,
  type TrainingSpec,
} from './index.js';
import { factory, typoProof } from '../../../tooling/typo-proof.ts';

// Every function of @anneal/onnxruntime-web that takes an options object (and the objects nested in them that users
// write: a network, a layer): any key it does not declare is refused with an UnknownOptionError naming it (and, for a
// one-edit typo, suggesting the key it came from) — never silently ignored — and every declared key is accepted. Each
// key list is checked against the options type at compile time, and against the list the function itself reports
// (`validOptions`) at run time.

ort.env.wasm.numThreads = 1;

const network: NetworkSpec = { inputSize: 2, layers: [dense({ units: 1 })] };
const loss = 'meanSquaredError' as const;
const parameterNames = { 'dense_0/kernel': 'kernel', 'dense_0/bias': 'bias' };

/** A builder holding `features` `[batch, 2]`, `targets` `[batch, 1]`, `kernel` and `bias`: tensors options can name. */
function builderWithTensors(): GraphBuilder {
  const builder = new GraphBuilder();
  builder.input({ name: 'features', dims: ['batch', 2] });
  builder.input({ name: 'targets', dims: ['batch', 1] });
  builder.input({ name: 'kernel', dims: [2, 1] });
  builder.input({ name: 'bias', dims: [1] });
  return builder;
}

/** A builder for an optimizer step: the parameters under their own names, gradients, other weights, rate and state tensors. */
function optimizerBuilder(): GraphBuilder {
  const builder = builderWithTensors();
  for (const [name, dims] of [['dense_0/kernel', [2, 1]], ['dense_0/bias', [1]], ['gk', [2, 1]], ['gb', [1]], ['vk', [2, 1]], ['vb', [1]]] as const) {
    builder.input({ name, dims });
  }
  for (const name of ['rate', 'correction1', 'correction2']) builder.input({ name, dims: [] });
  return builder;
}

/** A builder with one input `x`, for the node-level methods. */
function builderWithX(): GraphBuilder {
  const builder = new GraphBuilder();
  builder.input({ name: 'x', dims: [2] });
  return builder;
}

const optimizerStepBase: EmitOptimizerStepOptions = {
  optimizer: sgd({ momentum: 0.9 }),
  parameters: networkParameters(network),
  gradients: { 'dense_0/kernel': 'gk', 'dense_0/bias': 'gb' },
};

const noop = (): void => undefined;
const trainerBase: TrainerOptions = { network, loss, optimizer: sgd({ learningRate: 0.01 }), executionProvider: 'wasm' };
const x = [[0, 1], [1, 0], [1, 1], [0.5, 0.5], [0, 0], [1, 0.5], [0.5, 1], [0.25, 0.75]];
const y = [[1], [2], [3], [2], [0], [2.5], [2.5], [1.75]];
// One trainer for fit, evaluate and predict; one checkpoint to start another from.
const trainer = await createTrainer(trainerBase);
const checkpoint = trainer.checkpoint();

describe('@anneal/onnxruntime-web options are typo-proof', () => {
  typoProof([
    factory<DenseOptions>('dense', { units: true, activation: true, kernelInitializer: true }, { units: 3 }, { units: 3, activation: 'relu', kernelInitializer: 'zeros' }, dense),
    factory<NetworkSpec>('checkNetwork', { inputSize: true, layers: true }, network, network, checkNetwork),
    factory<NetworkSpec>('networkParameters', { inputSize: true, layers: true }, network, network, networkParameters),
    // A layer written out by hand (not through dense) is held to dense's keys.
    factory<DenseLayer>(
      'a network layer',
      { kind: true, units: true, activation: true, kernelInitializer: true },
      { kind: 'dense', units: 1, activation: 'linear', kernelInitializer: 'zeros' },
      { kind: 'dense', units: 1, activation: 'linear', kernelInitializer: 'zeros' },
      (layer) => checkNetwork({ inputSize: 2, layers: [layer] }),
    ),
    factory<TrainingSpec>('checkTraining', { network: true, loss: true }, { network, loss }, { network, loss }, checkTraining),
    factory<GraphBuilderOptions>('new GraphBuilder', { name: true, opsetVersion: true }, {}, { name: 'graph', opsetVersion: 17 }, (options) => new GraphBuilder(options)),
    factory<GraphInputOptions>('GraphBuilder.input', { name: true, dims: true, type: true }, { name: 'x', dims: [2] }, { name: 'x', dims: ['batch', 2], type: 'int64' }, (options) =>
      new GraphBuilder().input(options),
    ),
    factory<GraphOutputOptions>(
      'GraphBuilder.output',
      { name: true, source: true, dims: true, type: true },
      { name: 'x' },
      { name: 'x', source: 'x', dims: [2], type: 'float32' },
      (options) => builderWithX().output(options),
    ),
    factory<InitializerOptions>(
      'GraphBuilder.initializer',
      { name: true, data: true, dims: true },
      { data: new Float32Array(2), dims: [2] },
      { name: 'w', data: new Float32Array(2), dims: [2] },
      (options) => new GraphBuilder().initializer(options),
    ),
    factory<ConstantOptions>('GraphBuilder.constant', { value: true, type: true, name: true }, { value: 1 }, { value: [1, 2], type: 'int64', name: 'c' }, (options) =>
      new GraphBuilder().constant(options),
    ),
    factory<NodeOptions>(
      'GraphBuilder.node',
      { opType: true, inputs: true, outputs: true, attributes: true, name: true },
      { opType: 'Relu', inputs: ['x'] },
      { opType: 'Relu', inputs: ['x'], outputs: ['y'], attributes: {}, name: 'relu' },
      (options) => builderWithX().node(options),
    ),
    factory<OpOptions>(
      'GraphBuilder.op',
      { opType: true, inputs: true, output: true, attributes: true },
      { opType: 'Softmax', inputs: ['x'] },
      { opType: 'Softmax', inputs: ['x'], output: 'y', attributes: { axis: { int: -1 } } },
      (options) => builderWithX().op(options),
    ),
    factory<ForwardOptions>(
      'emitForward',
      { network: true, input: true, parameters: true },
      { network },
      { network, input: 'features', parameters: parameterNames },
      (options) => emitForward(builderWithTensors(), options),
    ),
    factory<ForwardBackwardOptions>(
      'emitForwardBackward',
      { network: true, loss: true, input: true, parameters: true, target: true },
      { network, loss },
      { network, loss, input: 'features', parameters: parameterNames, target: 'targets' },
      (options) => emitForwardBackward(builderWithTensors(), options),
    ),
    factory<GradientGraphOptions>('buildGradientGraph', { network: true, loss: true }, { network, loss }, { network, loss }, buildGradientGraph),
    factory<EmitOptimizerStepOptions>(
      'emitOptimizerStep',
      { optimizer: true, parameters: true, gradients: true, weights: true, learningRate: true, biasCorrections: true, state: true, outputs: true },
      optimizerStepBase,
      {
        ...optimizerStepBase,
        weights: parameterNames,
        learningRate: 'rate',
        biasCorrections: ['correction1', 'correction2'],
        state: { 'state/dense_0/kernel/velocity': 'vk', 'state/dense_0/bias/velocity': 'vb' },
        outputs: false,
      },
      (options) => emitOptimizerStep(optimizerBuilder(), options),
    ),
    factory<Parameters<typeof buildTrainingStepGraph>[0]>(
      'buildTrainingStepGraph',
      { network: true, loss: true, optimizer: true },
      { network, loss, optimizer: adam() },
      { network, loss, optimizer: adam() },
      buildTrainingStepGraph,
    ),
    factory<Parameters<typeof buildEvaluationGraph>[0]>('buildEvaluationGraph', { network: true, loss: true }, { network, loss }, { network, loss }, buildEvaluationGraph),
    factory<Parameters<typeof buildPredictionGraph>[0]>(
      'buildPredictionGraph',
      { network: true, weights: true },
      { network },
      { network, weights: initialWeights({ network, seed: 1 }) },
      buildPredictionGraph,
    ),
    factory<Parameters<typeof buildUnrolledTrainingGraph>[0]>(
      'buildUnrolledTrainingGraph',
      { network: true, loss: true, optimizer: true, steps: true },
      { network, loss, optimizer: sgd(), steps: 2 },
      { network, loss, optimizer: sgd(), steps: 2 },
      buildUnrolledTrainingGraph,
    ),
    factory<Parameters<typeof initialWeights>[0]>('initialWeights', { network: true, seed: true }, { network, seed: 1 }, { network, seed: 1 }, initialWeights),
    factory<NonNullable<Parameters<typeof sgd>[0]>>('sgd', { learningRate: true, momentum: true, nesterov: true }, {}, { learningRate: () => 0.1, momentum: 0.9, nesterov: true }, sgd),
    factory<NonNullable<Parameters<typeof adam>[0]>>('adam', { learningRate: true, beta1: true, beta2: true, epsilon: true }, {}, { learningRate: 1e-3, beta1: 0.8, beta2: 0.99, epsilon: 1e-8 }, adam),
    factory<NonNullable<Parameters<typeof adamw>[0]>>(
      'adamw',
      { learningRate: true, beta1: true, beta2: true, epsilon: true, weightDecay: true },
      {},
      { learningRate: 1e-3, beta1: 0.8, beta2: 0.99, epsilon: 1e-8, weightDecay: 0.01 },
      adamw,
    ),
    factory<NonNullable<Parameters<typeof rmsprop>[0]>>(
      'rmsprop',
      { learningRate: true, rho: true, momentum: true, epsilon: true },
      {},
      { learningRate: 1e-3, rho: 0.95, momentum: 0.5, epsilon: 1e-8 },
      rmsprop,
    ),
    factory<OptimizerFromKerasConfigOptions>(
      'optimizerFromKerasConfig',
      { config: true, warn: true },
      { config: { class_name: 'SGD', config: {} } },
      { config: { class_name: 'SGD', config: { learning_rate: 0.1 } }, warn: noop },
      optimizerFromKerasConfig,
    ),
    factory<ClassifierOptions<number>>(
      'classifier',
      {
        model: true,
        epochs: true,
        batchSize: true,
        verbose: true,
        callbacks: true,
        validationSplit: true,
        validationData: true,
        shuffle: true,
        conflict: true,
        checkpointHandler: true,
        log: true,
        warn: true,
        progress: true,
      },
      { model: () => trainerBase },
      {
        model: () => trainerBase,
        epochs: 2,
        batchSize: 4,
        verbose: 0,
        callbacks: [],
        validationSplit: 0.25,
        validationData: [x, [0, 1, 1, 0, 0, 1, 1, 0]],
        shuffle: false,
        conflict: 'scale',
        checkpointHandler: noop,
        log: noop,
        warn: noop,
        progress: {},
      },
      classifier,
    ),
  ]);
  // These open onnxruntime sessions (and train): fewer cases. An unknown key is refused before any session opens.
  typoProof(
    [
      factory<CreateSessionOptions>(
        'createSession',
        { model: true, executionProvider: true, gpuOutputs: true },
        { model: buildPredictionGraph({ network }) },
        { model: buildPredictionGraph({ network }), executionProvider: 'wasm', gpuOutputs: ['predictions'] },
        async (options) => (await createSession(options)).session.release(),
      ),
      factory<TrainerOptions>(
        'createTrainer',
        { network: true, loss: true, optimizer: true, seed: true, executionProvider: true, checkpoint: true },
        trainerBase,
        { ...trainerBase, executionProvider: 'wasm', seed: 3, checkpoint },
        async (options) => (await createTrainer(options)).release(),
      ),
      factory<FitOptions>(
        'trainer.fit',
        {
          epochs: true,
          batchSize: true,
          validationSplit: true,
          validationData: true,
          shuffle: true,
          initialEpoch: true,
          callbacks: true,
          conflict: true,
          checkpointHandler: true,
          log: true,
          warn: true,
          progress: true,
          stepsPerRun: true,
        },
        { epochs: 1 },
        {
          epochs: 1,
          batchSize: 4,
          validationSplit: 0.25,
          validationData: [x, y],
          shuffle: false,
          initialEpoch: 0,
          callbacks: [],
          conflict: 'error',
          checkpointHandler: noop,
          log: noop,
          warn: noop,
          progress: {},
          stepsPerRun: 2,
        },
        (options) => trainer.fit(x, y, options),
      ),
      factory<NonNullable<Parameters<typeof trainer.evaluate>[2]>>('trainer.evaluate', { batchSize: true }, {}, { batchSize: 4 }, (options) => trainer.evaluate(x, y, options)),
      factory<NonNullable<Parameters<typeof trainer.predict>[1]>>('trainer.predict', { batchSize: true }, {}, { batchSize: 4 }, (options) => trainer.predict(x, options)),
    ],
    10,
  );
});
