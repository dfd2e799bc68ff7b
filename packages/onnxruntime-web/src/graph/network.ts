import { checkOptionKeys, InvalidOptionError } from '@anneal/core';

/**
 * The activation of a dense layer. `softmax` (over the last axis) may only be the last layer's.
 *
 * @example
 * ```ts
 * import type { Activation } from '@anneal/onnxruntime-web';
 * const hidden: Activation = 'relu';
 * ```
 */
export type Activation = 'relu' | 'sigmoid' | 'tanh' | 'linear' | 'softmax';

/**
 * How a dense layer's kernel is initialised (biases start at zero). `glorotUniform` draws from
 * U(−l, l) with l = √(6 / (fanIn + fanOut)), as Keras and tfjs do by default.
 *
 * @example
 * ```ts
 * import type { KernelInitializer } from '@anneal/onnxruntime-web';
 * const init: KernelInitializer = 'glorotUniform';
 * ```
 */
export type KernelInitializer = 'glorotUniform' | 'zeros';

/**
 * A loss. Both categorical forms are computed by the graph from one-hot targets: for
 * `sparseCategoricalCrossentropy` the trainer turns integer labels into one-hot rows before they reach it.
 *
 * @example
 * ```ts
 * import type { Loss } from '@anneal/onnxruntime-web';
 * const loss: Loss = 'sparseCategoricalCrossentropy';
 * ```
 */
export type Loss = 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy' | 'binaryCrossentropy' | 'meanSquaredError';

/**
 * Options of {@link dense}.
 *
 * @example
 * ```ts
 * import type { DenseOptions } from '@anneal/onnxruntime-web';
 * const options: DenseOptions = { units: 10, activation: 'relu' };
 * ```
 */
export interface DenseOptions {
  /** Output width: an integer from 1 to 65536. */
  readonly units: number;
  /** Default `'linear'`, as in Keras. */
  readonly activation?: Activation;
  /** Default `'glorotUniform'`, as in Keras. */
  readonly kernelInitializer?: KernelInitializer;
}

/**
 * A fully connected layer `activation(x · kernel + bias)`, kernel shape `[inputWidth, units]`, bias `[units]`.
 *
 * @example
 * ```ts
 * import { dense, type DenseLayer } from '@anneal/onnxruntime-web';
 * const layer: DenseLayer = dense({ units: 3, activation: 'softmax' });
 * layer.kind; // 'dense'
 * ```
 */
export interface DenseLayer {
  readonly kind: 'dense';
  readonly units: number;
  readonly activation: Activation;
  readonly kernelInitializer: KernelInitializer;
}

/**
 * A sequential network of dense layers over `inputSize` features.
 *
 * @example
 * ```ts
 * import { dense, type NetworkSpec } from '@anneal/onnxruntime-web';
 * const network: NetworkSpec = {
 *   inputSize: 4,
 *   layers: [dense({ units: 10, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })],
 * };
 * ```
 */
export interface NetworkSpec {
  /** Number of features per example: an integer from 1 to 65536. */
  readonly inputSize: number;
  /** At least one layer; only the last may use `softmax`. */
  readonly layers: readonly DenseLayer[];
}

/**
 * One trainable tensor of a network, in the order graphs take them.
 *
 * @example
 * ```ts
 * import { dense, networkParameters, type ParameterInfo } from '@anneal/onnxruntime-web';
 * const [kernel]: readonly ParameterInfo[] = networkParameters({ inputSize: 4, layers: [dense({ units: 3 })] });
 * kernel?.name; // 'dense_0/kernel'
 * kernel?.shape; // [4, 3]
 * ```
 */
export interface ParameterInfo {
  /** Graph name: `dense_<layer>/kernel` or `dense_<layer>/bias`. */
  readonly name: string;
  readonly kind: 'kernel' | 'bias';
  /** Index of the layer in `network.layers`. */
  readonly layer: number;
  /** `[fanIn, fanOut]` for a kernel, `[units]` for a bias. */
  readonly shape: readonly number[];
  /** Number of values: the product of `shape`. */
  readonly size: number;
  readonly fanIn: number;
  readonly fanOut: number;
  /** How the tensor starts: the layer's kernel initializer, or `'zeros'` for a bias. */
  readonly initializer: KernelInitializer;
}

/**
 * How a graph turns the last layer's output and the targets into a loss:
 * - `softmaxCrossEntropy`: categorical (or sparse, one-hot by the trainer) cross-entropy of a softmax layer,
 *   computed from its logits with `ReduceLogSumExp`;
 * - `sigmoidBinaryCrossEntropy`: binary cross-entropy of a sigmoid layer, from its logits, in the stable form
 *   max(z, 0) − z·y + log(1 + exp(−|z|)), averaged over every output;
 * - `meanSquaredError`: on the last layer's activations (a softmax output is treated as probabilities),
 *   averaged over every output.
 *
 * @example
 * ```ts
 * import type { LossForm } from '@anneal/onnxruntime-web';
 * const form: LossForm = 'softmaxCrossEntropy';
 * ```
 */
export type LossForm = 'softmaxCrossEntropy' | 'sigmoidBinaryCrossEntropy' | 'meanSquaredError';

/**
 * How accuracy is counted, as Keras and tfjs count it: `categorical` compares each row's argmax with the target's
 * argmax, each the first maximal column (so tied outputs are not a hit unless the target's first maximum is the
 * same column); `binary` compares, element by element, the target with the output thresholded to 0 or 1
 * (`y == (p > 0.5)`), so a target that is neither 0 nor 1 never counts as a hit.
 *
 * @example
 * ```ts
 * import type { AccuracyForm } from '@anneal/onnxruntime-web';
 * const form: AccuracyForm = 'binary';
 * ```
 */
export type AccuracyForm = 'categorical' | 'binary';

/**
 * Options of {@link checkTraining}.
 *
 * @example
 * ```ts
 * import { dense, type TrainingSpec } from '@anneal/onnxruntime-web';
 * const spec: TrainingSpec = { network: { inputSize: 2, layers: [dense({ units: 1, activation: 'sigmoid' })] }, loss: 'binaryCrossentropy' };
 * ```
 */
export interface TrainingSpec {
  readonly network: NetworkSpec;
  readonly loss: Loss;
}

/**
 * A network and loss that passed {@link checkTraining}, with the graph forms they resolve to.
 *
 * @example
 * ```ts
 * import { checkTraining, dense, type CheckedTraining } from '@anneal/onnxruntime-web';
 * const checked: CheckedTraining = checkTraining({ network: { inputSize: 4, layers: [dense({ units: 3, activation: 'softmax' })] }, loss: 'categoricalCrossentropy' });
 * checked.lossForm; // 'softmaxCrossEntropy'
 * ```
 */
export interface CheckedTraining {
  readonly network: NetworkSpec;
  readonly loss: Loss;
  readonly lossForm: LossForm;
  readonly accuracyForm: AccuracyForm;
  /** Width of the output (and of each target row). */
  readonly outputSize: number;
}

/** Every activation {@link dense} accepts. */
const ACTIVATIONS: readonly Activation[] = ['relu', 'sigmoid', 'tanh', 'linear', 'softmax'];
const KERNEL_INITIALIZERS: readonly KernelInitializer[] = ['glorotUniform', 'zeros'];
const LOSSES: readonly Loss[] = ['categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy', 'meanSquaredError'];
const MAX_WIDTH = 65536;

const listOf = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

/** A plain object whose keys are all in `validKeys`; a misspelt one is an UnknownOptionError suggesting the nearest. */
function readOptions(source: string, options: unknown, validKeys: readonly string[]): Record<string, unknown> {
  return checkOptionKeys({ source, options, validKeys });
}

/** The keys of a {@link DenseLayer}, as `dense` makes it (a layer written out by hand must not carry others). */
const LAYER_KEYS: readonly string[] = ['kind', 'units', 'activation', 'kernelInitializer'];

function checkWidth(source: string, option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_WIDTH) {
    throw new InvalidOptionError(source, option, value, `must be an integer from 1 to ${MAX_WIDTH}`);
  }
  return value;
}

function checkChoice<T extends string>(source: string, option: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) throw new InvalidOptionError(source, option, value, `must be one of ${listOf(choices)}`);
  return value as T;
}

/**
 * A dense layer: `activation(x · kernel + bias)`.
 *
 * @example
 * ```ts
 * import { dense } from '@anneal/onnxruntime-web';
 * const hidden = dense({ units: 16, activation: 'relu' });
 * const output = dense({ units: 3, activation: 'softmax', kernelInitializer: 'glorotUniform' });
 * ```
 */
export function dense(options: DenseOptions): DenseLayer {
  const source = 'dense';
  const record = readOptions(source, options, ['units', 'activation', 'kernelInitializer']);
  return {
    kind: 'dense',
    units: checkWidth(source, 'units', record['units']),
    activation: checkChoice(source, 'activation', record['activation'] ?? 'linear', ACTIVATIONS),
    kernelInitializer: checkChoice(source, 'kernelInitializer', record['kernelInitializer'] ?? 'glorotUniform', KERNEL_INITIALIZERS),
  };
}

/**
 * Checks a network: `inputSize` and every layer's `units` are integers from 1 to 65536, every layer is a valid
 * dense layer, there is at least one layer, and `softmax` appears only in the last. Returns the network.
 *
 * @example
 * ```ts
 * import { checkNetwork, dense } from '@anneal/onnxruntime-web';
 * checkNetwork({ inputSize: 4, layers: [dense({ units: 3, activation: 'softmax' })] }); // fine
 * checkNetwork({ inputSize: 4, layers: [dense({ units: 3, activation: 'softmax' }), dense({ units: 1 })] });
 * // throws InvalidOptionError: option 'layers[0].activation' may be softmax only in the last layer
 * ```
 */
export function checkNetwork(network: NetworkSpec): NetworkSpec {
  const source = 'network';
  const record = readOptions(source, network, ['inputSize', 'layers']);
  checkWidth(source, 'inputSize', record['inputSize']);
  const layers = record['layers'];
  if (!Array.isArray(layers) || layers.length === 0) throw new InvalidOptionError(source, 'layers', layers, 'must be a non-empty array of layers');
  layers.forEach((layer: unknown, index) => {
    const option = `layers[${index}]`;
    if (typeof layer !== 'object' || layer === null || (layer as { kind?: unknown }).kind !== 'dense') {
      throw new InvalidOptionError(source, option, layer, "must be a layer made by dense({ … })");
    }
    readOptions(`${source}.${option}`, layer, LAYER_KEYS);
    const { units, activation, kernelInitializer } = layer as DenseLayer;
    checkWidth(source, `${option}.units`, units);
    checkChoice(source, `${option}.activation`, activation, ACTIVATIONS);
    checkChoice(source, `${option}.kernelInitializer`, kernelInitializer, KERNEL_INITIALIZERS);
    if (activation === 'softmax' && index !== layers.length - 1) {
      throw new InvalidOptionError(source, `${option}.activation`, activation, 'may be softmax only in the last layer');
    }
  });
  return network;
}

/**
 * Checks a network and a loss together and resolves how the graph computes them. The rules:
 * - `categoricalCrossentropy` and `sparseCategoricalCrossentropy` need a `softmax` last layer; the loss is
 *   computed from its logits (stable, with `ReduceLogSumExp`);
 * - `binaryCrossentropy` needs a `sigmoid` last layer; the loss is computed from its logits and averaged over
 *   every output (mean over units, then over the batch, as Keras does);
 * - `meanSquaredError` accepts any last layer; a `softmax` output is treated as probabilities and the gradient
 *   goes through the softmax Jacobian.
 *
 * Accuracy is categorical for the cross-entropies and for mean squared error with more than one output unit,
 * binary otherwise (Keras' rule for `metrics: ['accuracy']`).
 *
 * @example
 * ```ts
 * import { checkTraining, dense } from '@anneal/onnxruntime-web';
 * const network = { inputSize: 4, layers: [dense({ units: 8, activation: 'tanh' }), dense({ units: 3, activation: 'softmax' })] };
 * checkTraining({ network, loss: 'sparseCategoricalCrossentropy' }).lossForm; // 'softmaxCrossEntropy'
 * checkTraining({ network, loss: 'binaryCrossentropy' }); // throws InvalidOptionError: needs a sigmoid last layer
 * ```
 */
export function checkTraining(options: TrainingSpec): CheckedTraining {
  const source = 'training';
  const record = readOptions(source, options, ['network', 'loss']);
  const network = checkNetwork(record['network'] as NetworkSpec);
  const loss = checkChoice(source, 'loss', record['loss'], LOSSES);
  const last = network.layers[network.layers.length - 1] as DenseLayer;
  const option = `network.layers[${network.layers.length - 1}].activation`;
  let lossForm: LossForm;
  if (loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') {
    if (last.activation !== 'softmax') {
      throw new InvalidOptionError(source, option, last.activation, `must be 'softmax' for loss '${loss}' (the loss is computed from the softmax logits)`);
    }
    lossForm = 'softmaxCrossEntropy';
  } else if (loss === 'binaryCrossentropy') {
    if (last.activation !== 'sigmoid') {
      throw new InvalidOptionError(source, option, last.activation, `must be 'sigmoid' for loss '${loss}' (the loss is computed from the sigmoid logits)`);
    }
    lossForm = 'sigmoidBinaryCrossEntropy';
  } else {
    lossForm = 'meanSquaredError';
  }
  const accuracyForm: AccuracyForm =
    lossForm === 'softmaxCrossEntropy' || (lossForm === 'meanSquaredError' && last.units > 1) ? 'categorical' : 'binary';
  return { network, loss, lossForm, accuracyForm, outputSize: last.units };
}

/**
 * The trainable tensors of a network, layer by layer (kernel, then bias), with their graph names and shapes.
 *
 * @example
 * ```ts
 * import { dense, networkParameters } from '@anneal/onnxruntime-web';
 * networkParameters({ inputSize: 4, layers: [dense({ units: 8 }), dense({ units: 3 })] }).map((p) => p.name);
 * // ['dense_0/kernel', 'dense_0/bias', 'dense_1/kernel', 'dense_1/bias']
 * ```
 */
export function networkParameters(network: NetworkSpec): readonly ParameterInfo[] {
  checkNetwork(network);
  const parameters: ParameterInfo[] = [];
  let fanIn = network.inputSize;
  network.layers.forEach((layer, index) => {
    const fanOut = layer.units;
    parameters.push(
      { name: `dense_${index}/kernel`, kind: 'kernel', layer: index, shape: [fanIn, fanOut], size: fanIn * fanOut, fanIn, fanOut, initializer: layer.kernelInitializer },
      { name: `dense_${index}/bias`, kind: 'bias', layer: index, shape: [fanOut], size: fanOut, fanIn, fanOut, initializer: 'zeros' },
    );
    fanIn = fanOut;
  });
  return parameters;
}
