import { checkOptionKeys, InvalidOptionError } from '@anneal/core';
import { emitForward, emitForwardBackward } from './graph/forward-backward.js';
import { GraphBuilder } from './graph/graph-builder.js';
import { checkTraining, networkParameters, type Loss, type NetworkSpec, type ParameterInfo } from './graph/network.js';
import { emitOptimizerStep, type StateSlot } from './optimizers/emit-optimizer-step.js';
import type { OptimizerSpec } from './optimizers/optimizers.js';

/**
 * The training-step graph: one optimizer step as one `session.run` — parameters, optimizer state, a batch and the
 * step's learning rate in; loss, accuracy, and the next parameters and state out.
 *
 * @example
 * ```ts
 * import { dense, sgd, buildTrainingStepGraph } from '@anneal/onnxruntime-web';
 * const graph = buildTrainingStepGraph({ network: { inputSize: 4, layers: [dense({ units: 3, activation: 'softmax' })] }, loss: 'categoricalCrossentropy', optimizer: sgd() });
 * graph.scalarInputs; // ['learningRate']
 * ```
 */
export interface TrainingStepGraph {
  readonly bytes: Uint8Array;
  readonly parameters: readonly ParameterInfo[];
  readonly state: readonly StateSlot[];
  readonly scalarInputs: readonly string[];
  readonly nextParameters: Readonly<Record<string, string>>;
  readonly nextState: Readonly<Record<string, string>>;
}

/**
 * Builds the training-step graph of a network, loss and optimizer.
 *
 * @example
 * ```ts
 * import { adam, dense, buildTrainingStepGraph } from '@anneal/onnxruntime-web';
 * const { bytes } = buildTrainingStepGraph({ network: { inputSize: 2, layers: [dense({ units: 1 })] }, loss: 'meanSquaredError', optimizer: adam() });
 * ```
 */
export function buildTrainingStepGraph(options: { readonly network: NetworkSpec; readonly loss: Loss; readonly optimizer: OptimizerSpec }): TrainingStepGraph {
  checkOptionKeys({ source: 'buildTrainingStepGraph', options, validKeys: ['network', 'loss', 'optimizer'] });
  const builder = new GraphBuilder({ name: 'anneal-training-step' });
  const tensors = emitForwardBackward(builder, { network: options.network, loss: options.loss });
  const parameters = networkParameters(options.network);
  const step = emitOptimizerStep(builder, { optimizer: options.optimizer, parameters, gradients: tensors.gradients });
  builder.output({ name: 'loss', source: tensors.loss, dims: [] });
  builder.output({ name: 'accuracy', source: tensors.accuracy, dims: [] });
  return { bytes: builder.toBytes(), parameters, state: step.state, scalarInputs: step.scalarInputs, nextParameters: step.nextParameters, nextState: step.nextState };
}

/**
 * The evaluation graph: loss and accuracy of a batch for given parameters, no update.
 *
 * @example
 * ```ts
 * import { dense, buildEvaluationGraph } from '@anneal/onnxruntime-web';
 * const bytes = buildEvaluationGraph({ network: { inputSize: 2, layers: [dense({ units: 1 })] }, loss: 'meanSquaredError' });
 * ```
 */
export function buildEvaluationGraph(options: { readonly network: NetworkSpec; readonly loss: Loss }): Uint8Array {
  checkOptionKeys({ source: 'buildEvaluationGraph', options, validKeys: ['network', 'loss'] });
  const builder = new GraphBuilder({ name: 'anneal-evaluation' });
  // The gradients are emitted too, but no output needs them, so the runtime prunes them.
  const tensors = emitForwardBackward(builder, { network: options.network, loss: options.loss });
  builder.output({ name: 'loss', source: tensors.loss, dims: [] });
  builder.output({ name: 'accuracy', source: tensors.accuracy, dims: [] });
  return builder.toBytes();
}

/**
 * The prediction graph: the network's outputs (probabilities after a softmax or sigmoid) for a batch. With
 * `weights`, the parameters are baked in as initializers — a standalone inference model.
 *
 * @example
 * ```ts
 * import { dense, buildPredictionGraph } from '@anneal/onnxruntime-web';
 * const bytes = buildPredictionGraph({ network: { inputSize: 2, layers: [dense({ units: 1 })] } });
 * ```
 */
export function buildPredictionGraph(options: { readonly network: NetworkSpec; readonly weights?: Readonly<Record<string, Float32Array>> }): Uint8Array {
  checkOptionKeys({ source: 'buildPredictionGraph', options, validKeys: ['network', 'weights'] });
  const builder = new GraphBuilder({ name: 'anneal-prediction' });
  const weights = options.weights;
  const parameters =
    weights === undefined
      ? undefined
      : Object.fromEntries(
          networkParameters(options.network).map((parameter) => {
            const data = weights[parameter.name];
            if (data === undefined) throw new Error(`buildPredictionGraph: no weights for '${parameter.name}'`);
            return [parameter.name, builder.initializer({ name: parameter.name, data, dims: parameter.shape })];
          }),
        );
  const forward = emitForward(builder, { network: options.network, ...(parameters === undefined ? {} : { parameters }) });
  // A declared shape, with the same symbolic batch as the input `x`: onnx.checker rejects an output type without one.
  const units = (options.network.layers[options.network.layers.length - 1] as { readonly units: number }).units;
  builder.output({ name: 'predictions', source: forward.predictions, dims: ['batch', units] });
  return builder.toBytes();
}

/**
 * The unrolled training graph: K optimizer steps chained in one graph, so one `session.run` takes K steps. Inputs
 * `x` `[K, batch, inputSize]`, `y` `[K, batch, outputs]`, `learningRates` `[K]` (Adam adds `biasCorrections1` and
 * `biasCorrections2`, `[K]`), the parameters and the optimizer state; outputs the final `next/…` parameters and
 * state, and `losses` and `accuracies`, `[K]`, one per step.
 *
 * @example
 * ```ts
 * import { dense, sgd, buildUnrolledTrainingGraph } from '@anneal/onnxruntime-web';
 * const graph = buildUnrolledTrainingGraph({ network: { inputSize: 4, layers: [dense({ units: 3, activation: 'softmax' })] }, loss: 'categoricalCrossentropy', optimizer: sgd(), steps: 8 });
 * graph.scalarInputs; // ['learningRates']
 * ```
 */
export interface UnrolledTrainingGraph extends TrainingStepGraph {
  /** Optimizer steps per run, K. */
  readonly steps: number;
}

/**
 * Builds the unrolled training graph of a network, loss and optimizer: `steps` copies of forward, backward and
 * optimizer update, each step reading its batch, learning rate (and bias corrections) with a `Gather` at its index
 * and the previous step's parameters and state.
 *
 * @example
 * ```ts
 * import { adam, dense, buildUnrolledTrainingGraph } from '@anneal/onnxruntime-web';
 * const { bytes } = buildUnrolledTrainingGraph({ network: { inputSize: 2, layers: [dense({ units: 1 })] }, loss: 'meanSquaredError', optimizer: adam(), steps: 4 });
 * ```
 */
export function buildUnrolledTrainingGraph(options: {
  readonly network: NetworkSpec;
  readonly loss: Loss;
  readonly optimizer: OptimizerSpec;
  readonly steps: number;
}): UnrolledTrainingGraph {
  checkOptionKeys({ source: 'buildUnrolledTrainingGraph', options, validKeys: ['network', 'loss', 'optimizer', 'steps'] });
  const steps = options.steps;
  if (!Number.isSafeInteger(steps) || steps < 1) throw new InvalidOptionError('buildUnrolledTrainingGraph', 'steps', steps, 'must be an integer >= 1');
  const checked = checkTraining({ network: options.network, loss: options.loss });
  const builder = new GraphBuilder({ name: `anneal-training-${steps}-steps` });
  const adamLike = options.optimizer.name === 'adam' || options.optimizer.name === 'adamw';
  const x = builder.input({ name: 'x', dims: [steps, 'batch', checked.network.inputSize] });
  const y = builder.input({ name: 'y', dims: [steps, 'batch', checked.outputSize] });
  const learningRates = builder.input({ name: 'learningRates', dims: [steps] });
  const scalarInputs = [learningRates];
  let corrections: [string, string] | null = null;
  if (adamLike) {
    corrections = [builder.input({ name: 'biasCorrections1', dims: [steps] }), builder.input({ name: 'biasCorrections2', dims: [steps] })];
    scalarInputs.push(...corrections);
  }
  const parameters = networkParameters(options.network);
  // A scalar int64 index, so Gather drops the step axis: `[K, batch, n]` → `[batch, n]`, `[K]` → `[]`.
  const at = (tensor: string, index: number): string =>
    builder.op({ opType: 'Gather', inputs: [tensor, builder.constant({ value: index, type: 'int64' })], attributes: { axis: { int: 0 } } });
  let weights: Record<string, string> | undefined;
  let state: Record<string, string> | undefined;
  let slots: readonly StateSlot[] = [];
  const losses: string[] = [];
  const accuracies: string[] = [];
  for (let index = 0; index < steps; index++) {
    const tensors = emitForwardBackward(builder, {
      network: options.network,
      loss: options.loss,
      input: at(x, index),
      target: at(y, index),
      ...(weights === undefined ? {} : { parameters: weights }),
    });
    const step = emitOptimizerStep(builder, {
      optimizer: options.optimizer,
      parameters,
      gradients: tensors.gradients,
      weights: tensors.parameters,
      learningRate: at(learningRates, index),
      ...(corrections === null ? {} : { biasCorrections: [at(corrections[0], index), at(corrections[1], index)] as const }),
      ...(state === undefined ? {} : { state }),
      outputs: false,
    });
    if (index === 0) slots = step.state;
    weights = { ...step.nextParameters };
    state = { ...step.nextState };
    const axis = builder.constant({ value: [0], type: 'int64' });
    losses.push(builder.op({ opType: 'Unsqueeze', inputs: [tensors.loss, axis] }));
    accuracies.push(builder.op({ opType: 'Unsqueeze', inputs: [tensors.accuracy, axis] }));
  }
  // A tree of Concats of at most 4 inputs: the WebGPU EP binds each input as a storage buffer, and a Concat of K
  // inputs past the device's per-stage limit (8 on many adapters, SwiftShader's included) returns wrong values.
  const concat = (tensors: string[]): string => {
    let level = tensors;
    while (level.length > 1) {
      const next: string[] = [];
      for (let at = 0; at < level.length; at += 4) {
        const group = level.slice(at, at + 4);
        next.push(group.length === 1 ? (group[0] as string) : builder.op({ opType: 'Concat', inputs: group, attributes: { axis: { int: 0 } } }));
      }
      level = next;
    }
    return level[0] as string;
  };
  builder.output({ name: 'losses', source: concat(losses), dims: [steps] });
  builder.output({ name: 'accuracies', source: concat(accuracies), dims: [steps] });
  // Every output declares its shape (onnx.checker rejects an output type without one); a slot is shaped like its parameter.
  const shapeOf = new Map<string, readonly number[]>([...parameters.map((parameter) => [parameter.name, parameter.shape] as const), ...slots.map((slot) => [slot.name, slot.dims] as const)]);
  const declareNext = (name: string, tensor: string): string => builder.output({ name: `next/${name}`, source: tensor, dims: shapeOf.get(name) as readonly number[] });
  const nextParameters: Record<string, string> = {};
  for (const [name, tensor] of Object.entries(weights ?? {})) nextParameters[name] = declareNext(name, tensor);
  const nextState: Record<string, string> = {};
  for (const [name, tensor] of Object.entries(state ?? {})) nextState[name] = declareNext(name, tensor);
  return { bytes: builder.toBytes(), parameters, state: slots, scalarInputs, nextParameters, nextState, steps };
}
