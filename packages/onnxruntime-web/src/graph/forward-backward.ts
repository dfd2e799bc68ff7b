import { checkOptionKeys, InvalidOptionError } from '@anneal/core';
import { GraphBuilder } from './graph-builder.js';
import { checkNetwork, checkTraining, networkParameters, type Activation, type CheckedTraining, type Loss, type NetworkSpec } from './network.js';

/** Prefix of every gradient output: the gradient of `dense_0/kernel` is `grad/dense_0/kernel`. */
const GRADIENT_PREFIX = 'grad/';

/**
 * Options of {@link emitForward}.
 *
 * @example
 * ```ts
 * import { dense, type ForwardOptions } from '@anneal/onnxruntime-web';
 * const options: ForwardOptions = { network: { inputSize: 4, layers: [dense({ units: 3, activation: 'softmax' })] } };
 * ```
 */
export interface ForwardOptions {
  readonly network: NetworkSpec;
  /** The features tensor, `[batch, inputSize]`, already in the builder. Default: a new graph input `x`. */
  readonly input?: string;
  /**
   * The tensor holding each parameter, by parameter name (`dense_0/kernel` …), already in the builder — graph
   * inputs for training, initializers for an exported inference model. Default: new graph inputs named after
   * the parameters.
   */
  readonly parameters?: Readonly<Record<string, string>>;
}

/**
 * The tensors {@link emitForward} added, by role.
 *
 * @example
 * ```ts
 * import { GraphBuilder, dense, emitForward, type ForwardTensors } from '@anneal/onnxruntime-web';
 * const graph = new GraphBuilder();
 * const forward: ForwardTensors = emitForward(graph, { network: { inputSize: 2, layers: [dense({ units: 1 })] } });
 * graph.output({ name: 'predictions', source: forward.predictions, dims: ['batch', 1] });
 * ```
 */
export interface ForwardTensors {
  /** The features tensor. */
  readonly input: string;
  /** The tensor of each parameter, by parameter name. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Each layer's pre-activation `x · kernel + bias` and activation, first layer first. */
  readonly layers: readonly { readonly preActivation: string; readonly activation: string }[];
  /** The last layer's pre-activation: the logits of a softmax or sigmoid output. */
  readonly logits: string;
  /** The network's output, `[batch, units of the last layer]` (probabilities for softmax and sigmoid). */
  readonly predictions: string;
}

/**
 * Options of {@link emitForwardBackward} and {@link buildGradientGraph}'s core.
 *
 * @example
 * ```ts
 * import { dense, type ForwardBackwardOptions } from '@anneal/onnxruntime-web';
 * const options: ForwardBackwardOptions = {
 *   network: { inputSize: 4, layers: [dense({ units: 3, activation: 'softmax' })] },
 *   loss: 'categoricalCrossentropy',
 * };
 * ```
 */
export interface ForwardBackwardOptions extends ForwardOptions {
  readonly loss: Loss;
  /**
   * The targets tensor, `[batch, units of the last layer]`, already in the builder: one-hot rows for both
   * categorical losses, 0/1 (or probabilities) for binary cross-entropy, values for mean squared error.
   * Default: a new graph input `y`.
   */
  readonly target?: string;
}

/**
 * The tensors {@link emitForwardBackward} added, by role.
 *
 * @example
 * ```ts
 * import { GraphBuilder, dense, emitForwardBackward, type ForwardBackwardTensors } from '@anneal/onnxruntime-web';
 * const graph = new GraphBuilder();
 * const step: ForwardBackwardTensors = emitForwardBackward(graph, {
 *   network: { inputSize: 2, layers: [dense({ units: 1, activation: 'sigmoid' })] },
 *   loss: 'binaryCrossentropy',
 * });
 * step.gradients['dense_0/bias']; // the name of the bias gradient tensor
 * ```
 */
export interface ForwardBackwardTensors extends ForwardTensors {
  /** The targets tensor. */
  readonly target: string;
  /** The loss, a scalar: mean over the batch (and, for binary cross-entropy and MSE, over the units). */
  readonly loss: string;
  /** The accuracy, a scalar in [0, 1]. */
  readonly accuracy: string;
  /** The gradient of the loss with respect to each parameter, by parameter name, shaped like the parameter. */
  readonly gradients: Readonly<Record<string, string>>;
}

/**
 * Options of {@link buildGradientGraph}.
 *
 * @example
 * ```ts
 * import { dense, type GradientGraphOptions } from '@anneal/onnxruntime-web';
 * const options: GradientGraphOptions = { network: { inputSize: 3, layers: [dense({ units: 2 })] }, loss: 'meanSquaredError' };
 * ```
 */
export interface GradientGraphOptions {
  readonly network: NetworkSpec;
  readonly loss: Loss;
}

/**
 * A serialized gradient graph and the names of its tensors.
 *
 * @example
 * ```ts
 * import { buildGradientGraph, dense, type GradientGraph } from '@anneal/onnxruntime-web';
 * const graph: GradientGraph = buildGradientGraph({ network: { inputSize: 3, layers: [dense({ units: 2 })] }, loss: 'meanSquaredError' });
 * graph.outputNames; // ['loss', 'accuracy', 'grad/dense_0/kernel', 'grad/dense_0/bias']
 * ```
 */
export interface GradientGraph {
  /** The ModelProto, ready for `ort.InferenceSession.create`. */
  readonly bytes: Uint8Array;
  /** Parameter names in graph order: `dense_0/kernel`, `dense_0/bias`, `dense_1/kernel` … */
  readonly parameterNames: readonly string[];
  /** Every graph input: `x` (`[batch, inputSize]`), `y` (`[batch, outputSize]`), then the parameters. */
  readonly inputNames: readonly string[];
  /** Every graph output: `loss`, `accuracy`, then `grad/<parameter>` in parameter order. */
  readonly outputNames: readonly string[];
}

/** Declares each parameter of `network` as a graph input named after it, unless the caller supplied tensors. */
function resolveParameters(builder: GraphBuilder, network: NetworkSpec, given: Readonly<Record<string, string>> | undefined, source: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const parameter of networkParameters(network)) {
    if (given === undefined) {
      parameters[parameter.name] = builder.input({ name: parameter.name, dims: parameter.shape });
    } else {
      const tensor = given[parameter.name];
      if (tensor === undefined || !builder.has(tensor)) {
        throw new InvalidOptionError(source, `parameters['${parameter.name}']`, tensor, 'must name a tensor already in the builder');
      }
      parameters[parameter.name] = tensor;
    }
  }
  return parameters;
}

function existingOr(builder: GraphBuilder, source: string, option: string, tensor: string | undefined, declare: () => string): string {
  if (tensor === undefined) return declare();
  if (!builder.has(tensor)) throw new InvalidOptionError(source, option, tensor, 'must name a tensor already in the builder');
  return tensor;
}

function emitActivation(builder: GraphBuilder, activation: Activation, z: string): string {
  switch (activation) {
    case 'relu':
      return builder.op({ opType: 'Relu', inputs: [z] });
    case 'sigmoid':
      return builder.op({ opType: 'Sigmoid', inputs: [z] });
    case 'tanh':
      return builder.op({ opType: 'Tanh', inputs: [z] });
    case 'softmax':
      return builder.op({ opType: 'Softmax', inputs: [z], attributes: { axis: { int: -1 } } });
    case 'linear':
      return z;
  }
}

/**
 * Emits the inference pass of `network` into `builder`: per layer `MatMul` + `Add` + activation (`Softmax` over
 * the last axis for a softmax layer). It declares no graph output, so a caller can expose `predictions` or build
 * on it.
 *
 * @example
 * ```ts
 * import { GraphBuilder, dense, emitForward } from '@anneal/onnxruntime-web';
 * const graph = new GraphBuilder();
 * const network = { inputSize: 4, layers: [dense({ units: 8, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] };
 * const { predictions } = emitForward(graph, { network });
 * graph.output({ name: 'probabilities', source: predictions, dims: ['batch', 3] });
 * const bytes = graph.toBytes(); // inputs: x, dense_0/kernel, dense_0/bias, dense_1/kernel, dense_1/bias
 * ```
 */
export function emitForward(builder: GraphBuilder, options: ForwardOptions): ForwardTensors {
  const source = 'emitForward';
  if (!(builder instanceof GraphBuilder)) throw new InvalidOptionError(source, 'builder', builder, 'must be a GraphBuilder');
  checkOptionKeys({ source, options, validKeys: ['network', 'input', 'parameters'] });
  const network = checkNetwork(options.network);
  const input = existingOr(builder, source, 'input', options.input, () => builder.input({ name: 'x', dims: ['batch', network.inputSize] }));
  const parameters = resolveParameters(builder, network, options.parameters, source);
  const layers: { preActivation: string; activation: string }[] = [];
  let current = input;
  network.layers.forEach((layer, index) => {
    const product = builder.op({ opType: 'MatMul', inputs: [current, parameters[`dense_${index}/kernel`] as string] });
    const preActivation = builder.op({ opType: 'Add', inputs: [product, parameters[`dense_${index}/bias`] as string] });
    const activation = emitActivation(builder, layer.activation, preActivation);
    layers.push({ preActivation, activation });
    current = activation;
  });
  const last = layers[layers.length - 1] as { preActivation: string; activation: string };
  return { input, parameters, layers, logits: last.preActivation, predictions: last.activation };
}

/** `gradient ⊙ activation'(z)`, for a layer whose activation is `a = activation(z)`. */
function emitActivationBackward(builder: GraphBuilder, activation: Activation, gradient: string, z: string, a: string): string {
  const one = (): string => builder.constant({ value: 1 });
  switch (activation) {
    case 'linear':
      return gradient;
    case 'relu': {
      const positive = builder.op({ opType: 'Cast', inputs: [builder.op({ opType: 'Greater', inputs: [z, builder.constant({ value: 0 })] })], attributes: { to: { int: 1 } } });
      return builder.op({ opType: 'Mul', inputs: [gradient, positive] });
    }
    case 'sigmoid': {
      // s (1 − s)
      const slope = builder.op({ opType: 'Mul', inputs: [a, builder.op({ opType: 'Sub', inputs: [one(), a] })] });
      return builder.op({ opType: 'Mul', inputs: [gradient, slope] });
    }
    case 'tanh': {
      // 1 − t²
      const slope = builder.op({ opType: 'Sub', inputs: [one(), builder.op({ opType: 'Mul', inputs: [a, a] })] });
      return builder.op({ opType: 'Mul', inputs: [gradient, slope] });
    }
    case 'softmax': {
      // Jacobian-vector product of softmax: s ⊙ (g − Σ g ⊙ s), the sum over the last axis.
      const dot = builder.op({ opType: 'ReduceSum', inputs: [builder.op({ opType: 'Mul', inputs: [gradient, a] }), builder.constant({ value: [-1], type: 'int64' })], attributes: { keepdims: { int: 1 } } });
      return builder.op({ opType: 'Mul', inputs: [a, builder.op({ opType: 'Sub', inputs: [gradient, dot] })] });
    }
  }
}

/** The batch size as a float32 tensor of shape `[1]`. */
function emitBatchSize(builder: GraphBuilder, input: string): string {
  const shape = builder.op({ opType: 'Shape', inputs: [input], attributes: { start: { int: 0 }, end: { int: 1 } } });
  return builder.op({ opType: 'Cast', inputs: [shape], attributes: { to: { int: 1 } } });
}

/** The number of elements of `tensor` as a float32 scalar. */
function emitElementCount(builder: GraphBuilder, tensor: string): string {
  return builder.op({ opType: 'Cast', inputs: [builder.op({ opType: 'Size', inputs: [tensor] })], attributes: { to: { int: 1 } } });
}

function meanOfAll(builder: GraphBuilder, tensor: string): string {
  return builder.op({ opType: 'ReduceMean', inputs: [tensor], attributes: { keepdims: { int: 0 } } });
}

/**
 * Emits the loss, the gradient with respect to the last layer's pre-activation, and the accuracy.
 */
function emitLoss(builder: GraphBuilder, checked: CheckedTraining, forward: ForwardTensors, target: string): { loss: string; logitsGradient: string; accuracy: string } {
  const z = forward.logits;
  const p = forward.predictions;
  const lastAxis = (): string => builder.constant({ value: [-1], type: 'int64' });
  let loss: string;
  let logitsGradient: string;
  switch (checked.lossForm) {
    case 'softmaxCrossEntropy': {
      // loss = mean over rows of −Σ y (z − logsumexp(z)); dL/dz = (softmax(z) Σy − y) / N.
      const lse = builder.op({ opType: 'ReduceLogSumExp', inputs: [z], attributes: { axes: { ints: [-1] }, keepdims: { int: 1 } } });
      const logProbabilities = builder.op({ opType: 'Sub', inputs: [z, lse] });
      const rowSum = builder.op({ opType: 'ReduceSum', inputs: [builder.op({ opType: 'Mul', inputs: [target, logProbabilities] }), lastAxis()], attributes: { keepdims: { int: 0 } } });
      loss = builder.op({ opType: 'Neg', inputs: [meanOfAll(builder, rowSum)] });
      const targetMass = builder.op({ opType: 'ReduceSum', inputs: [target, lastAxis()], attributes: { keepdims: { int: 1 } } });
      const difference = builder.op({ opType: 'Sub', inputs: [builder.op({ opType: 'Mul', inputs: [p, targetMass] }), target] });
      logitsGradient = builder.op({ opType: 'Div', inputs: [difference, emitBatchSize(builder, forward.input)] });
      break;
    }
    case 'sigmoidBinaryCrossEntropy': {
      // loss = mean of max(z, 0) − z·y + log(1 + exp(−|z|)); dL/dz = (σ(z) − y) / (N·k).
      const softplus = builder.op({
        opType: 'Log',
        inputs: [builder.op({ opType: 'Add', inputs: [builder.op({ opType: 'Exp', inputs: [builder.op({ opType: 'Neg', inputs: [builder.op({ opType: 'Abs', inputs: [z] })] })] }), builder.constant({ value: 1 })] })],
      });
      const elementwise = builder.op({
        opType: 'Add',
        inputs: [builder.op({ opType: 'Sub', inputs: [builder.op({ opType: 'Relu', inputs: [z] }), builder.op({ opType: 'Mul', inputs: [z, target] })] }), softplus],
      });
      loss = meanOfAll(builder, elementwise);
      logitsGradient = builder.op({ opType: 'Div', inputs: [builder.op({ opType: 'Sub', inputs: [p, target] }), emitElementCount(builder, z)] });
      break;
    }
    case 'meanSquaredError': {
      // loss = mean of (ŷ − y)²; dL/dŷ = 2 (ŷ − y) / (N·k), then back through the last activation.
      const difference = builder.op({ opType: 'Sub', inputs: [p, target] });
      loss = meanOfAll(builder, builder.op({ opType: 'Mul', inputs: [difference, difference] }));
      const scale = builder.op({ opType: 'Div', inputs: [builder.constant({ value: 2 }), emitElementCount(builder, p)] });
      const outputGradient = builder.op({ opType: 'Mul', inputs: [difference, scale] });
      const last = checked.network.layers[checked.network.layers.length - 1];
      logitsGradient = emitActivationBackward(builder, last?.activation ?? 'linear', outputGradient, z, p);
      break;
    }
  }
  let hits: string;
  if (checked.accuracyForm === 'categorical') {
    // Keras and tfjs compare argmax(p) with argmax(y), each taking the FIRST maximal column, so a tie (a zero-
    // initialised network, dead relus, saturated sigmoids) is a hit only when both first maxima fall in the same
    // column. No ArgMax node: onnxruntime-web 1.30's WebGPU ArgMax is wrong once two reduced-axis lengths ran in a
    // page. Instead the first maximal column is the smallest column index among the columns equal to the row
    // maximum (the others read `width`, past every index). Sparse labels arrive one-hot, so their first maximum
    // is the label.
    const width = checked.outputSize;
    const columnIndex = builder.constant({ value: Array.from({ length: width }, (_, column) => column) });
    const pastLastColumn = builder.constant({ value: width });
    const rowReduce = (opType: 'ReduceMax' | 'ReduceMin', tensor: string): string =>
      builder.op({ opType, inputs: [tensor], attributes: { axes: { ints: [-1] }, keepdims: { int: 1 } } });
    const firstMaximalColumn = (tensor: string): string => {
      const atMaximum = builder.op({ opType: 'Equal', inputs: [tensor, rowReduce('ReduceMax', tensor)] });
      return rowReduce('ReduceMin', builder.op({ opType: 'Where', inputs: [atMaximum, columnIndex, pastLastColumn] }));
    };
    hits = builder.op({ opType: 'Equal', inputs: [firstMaximalColumn(p), firstMaximalColumn(target)] });
  } else {
    // Keras' and tfjs's binaryAccuracy: equal(y, cast(p > 0.5)). Only the prediction is thresholded, so a soft or
    // regression target scores a hit only where it is exactly the thresholded 0 or 1.
    const predictedClass = builder.op({ opType: 'Cast', inputs: [builder.op({ opType: 'Greater', inputs: [p, builder.constant({ value: 0.5 })] })], attributes: { to: { int: 1 } } });
    hits = builder.op({ opType: 'Equal', inputs: [target, predictedClass] });
  }
  const accuracy = meanOfAll(builder, builder.op({ opType: 'Cast', inputs: [hits], attributes: { to: { int: 1 } } }));
  return { loss, logitsGradient, accuracy };
}

/**
 * Emits the forward pass, the loss, the accuracy and the backward pass of one training step into `builder`:
 * the gradient of the loss with respect to every parameter, computed by hand (no autodiff in onnxruntime-web).
 * Cross-entropies are computed from the logits — softmax with `ReduceLogSumExp`, sigmoid in the stable form —
 * and their gradients use the combined forms (softmax(z) − y)/N and (σ(z) − y)/(N·k). It declares no graph
 * output, so an optimizer can be appended to the same graph.
 *
 * @example
 * ```ts
 * import { GraphBuilder, dense, emitForwardBackward } from '@anneal/onnxruntime-web';
 * const graph = new GraphBuilder({ name: 'train_step' });
 * const network = { inputSize: 4, layers: [dense({ units: 8, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })] };
 * const step = emitForwardBackward(graph, { network, loss: 'sparseCategoricalCrossentropy' });
 * graph.output({ name: 'loss', source: step.loss, dims: [] });
 * for (const [name, gradient] of Object.entries(step.gradients)) graph.output({ name: `grad/${name}`, source: gradient });
 * ```
 */
export function emitForwardBackward(builder: GraphBuilder, options: ForwardBackwardOptions): ForwardBackwardTensors {
  const source = 'emitForwardBackward';
  checkOptionKeys({ source, options, validKeys: ['network', 'loss', 'input', 'parameters', 'target'] });
  const checked = checkTraining({ network: options.network, loss: options.loss });
  const network = checked.network;
  const input = existingOr(builder, source, 'input', options.input, () => builder.input({ name: 'x', dims: ['batch', network.inputSize] }));
  const target = existingOr(builder, source, 'target', options.target, () => builder.input({ name: 'y', dims: ['batch', checked.outputSize] }));
  const forward = emitForward(builder, { network, input, ...(options.parameters === undefined ? {} : { parameters: options.parameters }) });
  const { loss, logitsGradient, accuracy } = emitLoss(builder, checked, forward, target);

  const gradients: Record<string, string> = {};
  let gradient = logitsGradient;
  for (let index = network.layers.length - 1; index >= 0; index--) {
    const kernel = forward.parameters[`dense_${index}/kernel`] as string;
    const layerInput = index === 0 ? input : (forward.layers[index - 1]?.activation as string);
    // dK = inputᵀ · dz, db = Σ_rows dz
    gradients[`dense_${index}/kernel`] = builder.op({ opType: 'Gemm', inputs: [layerInput, gradient], attributes: { transA: { int: 1 } } });
    gradients[`dense_${index}/bias`] = builder.op({ opType: 'ReduceSum', inputs: [gradient, builder.constant({ value: [0], type: 'int64' })], attributes: { keepdims: { int: 0 } } });
    if (index > 0) {
      const previous = forward.layers[index - 1] as { preActivation: string; activation: string };
      const activationGradient = builder.op({ opType: 'Gemm', inputs: [gradient, kernel], attributes: { transB: { int: 1 } } });
      gradient = emitActivationBackward(builder, (network.layers[index - 1] as { activation: Activation }).activation, activationGradient, previous.preActivation, previous.activation);
    }
  }
  const ordered: Record<string, string> = {};
  for (const parameter of networkParameters(network)) ordered[parameter.name] = gradients[parameter.name] as string;
  return { ...forward, target, loss, accuracy, gradients: ordered };
}

/**
 * Builds the gradient graph of a network and loss: inputs `x`, `y` and every parameter; outputs `loss`,
 * `accuracy` and `grad/<parameter>` for every parameter. The core of the training step, and what the gradient
 * tests check against finite differences.
 *
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-web';
 * import { buildGradientGraph, dense } from '@anneal/onnxruntime-web';
 * const network = { inputSize: 2, layers: [dense({ units: 3, activation: 'tanh' }), dense({ units: 1, activation: 'sigmoid' })] };
 * const { bytes, outputNames } = buildGradientGraph({ network, loss: 'binaryCrossentropy' });
 * const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
 * outputNames; // ['loss', 'accuracy', 'grad/dense_0/kernel', 'grad/dense_0/bias', 'grad/dense_1/kernel', 'grad/dense_1/bias']
 * ```
 */
export function buildGradientGraph(options: GradientGraphOptions): GradientGraph {
  checkOptionKeys({ source: 'buildGradientGraph', options, validKeys: ['network', 'loss'] });
  const checked = checkTraining({ network: options.network, loss: options.loss });
  const builder = new GraphBuilder({ name: 'gradients' });
  const x = builder.input({ name: 'x', dims: ['batch', checked.network.inputSize] });
  const y = builder.input({ name: 'y', dims: ['batch', checked.outputSize] });
  const step = emitForwardBackward(builder, { network: checked.network, loss: checked.loss, input: x, target: y });
  const parameterNames = Object.keys(step.parameters);
  const outputNames = [
    builder.output({ name: 'loss', source: step.loss, dims: [] }),
    builder.output({ name: 'accuracy', source: step.accuracy, dims: [] }),
  ];
  for (const parameter of networkParameters(checked.network)) {
    outputNames.push(builder.output({ name: `${GRADIENT_PREFIX}${parameter.name}`, source: step.gradients[parameter.name] as string, dims: parameter.shape }));
  }
  return { bytes: builder.toBytes(), parameterNames, inputNames: [x, y, ...parameterNames], outputNames };
}
