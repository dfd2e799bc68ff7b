import { emitForward, emitForwardBackward } from './graph/forward-backward.js';
import { GraphBuilder } from './graph/graph-builder.js';
import { networkParameters, type Loss, type NetworkSpec, type ParameterInfo } from './graph/network.js';
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
  const builder = new GraphBuilder({ name: 'anneal-training-step' });
  const tensors = emitForwardBackward(builder, { network: options.network, loss: options.loss });
  const parameters = networkParameters(options.network);
  const step = emitOptimizerStep(builder, { optimizer: options.optimizer, parameters, gradients: tensors.gradients });
  builder.output({ name: 'loss', source: tensors.loss });
  builder.output({ name: 'accuracy', source: tensors.accuracy });
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
  const builder = new GraphBuilder({ name: 'anneal-evaluation' });
  // The gradients are emitted too, but no output needs them, so the runtime prunes them.
  const tensors = emitForwardBackward(builder, { network: options.network, loss: options.loss });
  builder.output({ name: 'loss', source: tensors.loss });
  builder.output({ name: 'accuracy', source: tensors.accuracy });
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
  builder.output({ name: 'predictions', source: forward.predictions });
  return builder.toBytes();
}
