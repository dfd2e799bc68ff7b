import { checkOptionKeys } from '@anneal/core';
import type { GraphBuilder } from '../graph/graph-builder.js';
import type { ParameterInfo } from '../graph/network.js';
import type { OptimizerSpec } from './optimizers.js';

/**
 * A slot of optimizer state for one parameter (Adam's `m` and `v`, momentum's velocity…).
 *
 * @example
 * ```ts
 * import { GraphBuilder, dense, emitForwardBackward, emitOptimizerStep, networkParameters, sgd } from '@anneal/onnxruntime-web';
 * const network = { inputSize: 2, layers: [dense({ units: 1 })] };
 * const builder = new GraphBuilder();
 * const { gradients } = emitForwardBackward(builder, { network, loss: 'meanSquaredError' });
 * const step = emitOptimizerStep(builder, { optimizer: sgd({ momentum: 0.9 }), parameters: networkParameters(network), gradients });
 * step.state[0]?.name; // 'state/dense_0/kernel/velocity'
 * ```
 */
export interface StateSlot {
  /** The graph input holding the slot, `state/<parameter>/<slot>`. */
  readonly name: string;
  readonly parameter: string;
  readonly dims: readonly number[];
}

/**
 * What {@link emitOptimizerStep} added to a graph.
 *
 * @example
 * ```ts
 * import { GraphBuilder, dense, emitForwardBackward, emitOptimizerStep, networkParameters, sgd } from '@anneal/onnxruntime-web';
 * const network = { inputSize: 2, layers: [dense({ units: 1 })] };
 * const builder = new GraphBuilder();
 * const { gradients } = emitForwardBackward(builder, { network, loss: 'meanSquaredError' });
 * const step = emitOptimizerStep(builder, { optimizer: sgd({ momentum: 0.9 }), parameters: networkParameters(network), gradients });
 * step.state[0]?.name; // 'state/dense_0/kernel/velocity'
 * ```
 */
export interface OptimizerGraph {
  /** Scalar inputs fed at every step: always `learningRate`; Adam adds `biasCorrection1` and `biasCorrection2`. */
  readonly scalarInputs: readonly string[];
  readonly state: readonly StateSlot[];
  /** Graph output names, `next/<name>`, for each parameter and state slot. */
  readonly nextParameters: Readonly<Record<string, string>>;
  readonly nextState: Readonly<Record<string, string>>;
}

/**
 * Options of {@link emitOptimizerStep}.
 *
 * @example
 * ```ts
 * import { GraphBuilder, dense, emitForwardBackward, emitOptimizerStep, networkParameters, sgd } from '@anneal/onnxruntime-web';
 * const network = { inputSize: 2, layers: [dense({ units: 1 })] };
 * const builder = new GraphBuilder();
 * const { gradients } = emitForwardBackward(builder, { network, loss: 'meanSquaredError' });
 * const step = emitOptimizerStep(builder, { optimizer: sgd({ momentum: 0.9 }), parameters: networkParameters(network), gradients });
 * step.state[0]?.name; // 'state/dense_0/kernel/velocity'
 * ```
 */
export interface EmitOptimizerStepOptions {
  readonly optimizer: OptimizerSpec;
  readonly parameters: readonly ParameterInfo[];
  /** The gradient tensor of each parameter, by parameter name. */
  readonly gradients: Readonly<Record<string, string>>;
  /**
   * The tensor holding each parameter, by parameter name, already in the builder. Default: the tensor named after
   * the parameter (the graph input `emitForwardBackward` declares).
   */
  readonly weights?: Readonly<Record<string, string>>;
  /** An existing scalar tensor holding the learning rate. Default: a new graph input `learningRate`. */
  readonly learningRate?: string;
  /** Existing scalar tensors holding Adam's bias corrections. Default: new graph inputs `biasCorrection1`, `biasCorrection2`. */
  readonly biasCorrections?: readonly [string, string];
  /** Existing tensors holding the state slots, by slot name (`state/<parameter>/<slot>`). Default: new graph inputs. */
  readonly state?: Readonly<Record<string, string>>;
  /**
   * Declare the next parameters and state as graph outputs `next/<name>` (default `true`). With `false` the
   * `nextParameters`/`nextState` records name internal tensors, so another step can be chained onto them.
   */
  readonly outputs?: boolean;
}

/**
 * Appends one optimizer update to a training-step graph. The learning rate — and Adam's bias corrections
 * `1 − β1^t`, `1 − β2^t` — are graph inputs, so one compiled session serves every step of every schedule; parameters
 * and optimizer state come in as inputs and leave as `next/…` outputs.
 *
 * @example
 * ```ts
 * import { GraphBuilder, dense, emitForwardBackward, emitOptimizerStep, networkParameters, sgd } from '@anneal/onnxruntime-web';
 * const network = { inputSize: 2, layers: [dense({ units: 1 })] };
 * const builder = new GraphBuilder();
 * const { gradients } = emitForwardBackward(builder, { network, loss: 'meanSquaredError' });
 * const step = emitOptimizerStep(builder, { optimizer: sgd({ momentum: 0.9 }), parameters: networkParameters(network), gradients });
 * step.state[0]?.name; // 'state/dense_0/kernel/velocity'
 * ```
 */
export function emitOptimizerStep(builder: GraphBuilder, options: EmitOptimizerStepOptions): OptimizerGraph {
  checkOptionKeys({
    source: 'emitOptimizerStep',
    options,
    validKeys: ['optimizer', 'parameters', 'gradients', 'weights', 'learningRate', 'biasCorrections', 'state', 'outputs'],
  });
  const { optimizer, parameters, gradients } = options;
  const declareOutputs = options.outputs ?? true;
  const learningRate = options.learningRate ?? builder.input({ name: 'learningRate', dims: [] });
  const scalarInputs = options.learningRate === undefined ? [learningRate] : [];
  const state: StateSlot[] = [];
  const nextParameters: Record<string, string> = {};
  const nextState: Record<string, string> = {};
  const op = (opType: string, ...inputs: string[]): string => builder.op({ opType, inputs });
  const constant = (value: number): string => builder.constant({ value });
  const slot = (parameter: ParameterInfo, name: string): string => {
    const slotName = `state/${parameter.name}/${name}`;
    state.push({ name: slotName, parameter: parameter.name, dims: parameter.shape });
    const given = options.state?.[slotName];
    if (options.state !== undefined && given === undefined) throw new Error(`emitOptimizerStep: no tensor for state slot '${slotName}'`);
    const tensor = given ?? builder.input({ name: slotName, dims: parameter.shape });
    slotOf.set(tensor, slotName);
    return tensor;
  };
  // `nextState` is keyed by the slot name (`state/…`), whatever tensor held the slot in this step.
  const slotOf = new Map<string, string>();
  // Each output declares its shape, every slot being shaped like its parameter: onnx.checker rejects an output
  // type without one.
  const emitNextState = (tensor: string, source: string, dims: readonly number[]): void => emitNext(nextState, slotOf.get(tensor) as string, source, dims);
  const emitNext = (record: Record<string, string>, name: string, source: string, dims: readonly number[]): void => {
    record[name] = declareOutputs ? builder.output({ name: `next/${name}`, source, dims }) : source;
  };

  let biasCorrection1 = '';
  let biasCorrection2 = '';
  if (optimizer.name === 'adam' || optimizer.name === 'adamw') {
    if (options.biasCorrections === undefined) {
      biasCorrection1 = builder.input({ name: 'biasCorrection1', dims: [] });
      biasCorrection2 = builder.input({ name: 'biasCorrection2', dims: [] });
      scalarInputs.push(biasCorrection1, biasCorrection2);
    } else {
      [biasCorrection1, biasCorrection2] = options.biasCorrections;
    }
  }

  for (const parameter of parameters) {
    const weightName = parameter.name;
    const weight = options.weights === undefined ? weightName : options.weights[weightName];
    if (weight === undefined) throw new Error(`emitOptimizerStep: no tensor for parameter '${weightName}'`);
    const gradient = gradients[weightName];
    if (gradient === undefined) throw new Error(`emitOptimizerStep: no gradient for parameter '${weightName}'`);
    let next: string;
    if (optimizer.name === 'sgd') {
      if (optimizer.momentum === 0) {
        next = op('Sub', weight, op('Mul', learningRate, gradient));
      } else {
        const velocity = slot(parameter, 'velocity');
        const momentum = constant(optimizer.momentum);
        const nextVelocity = op('Add', op('Mul', momentum, velocity), gradient);
        const direction = optimizer.nesterov ? op('Add', gradient, op('Mul', momentum, nextVelocity)) : nextVelocity;
        next = op('Sub', weight, op('Mul', learningRate, direction));
        emitNextState(velocity, nextVelocity, parameter.shape);
      }
    } else if (optimizer.name === 'adam' || optimizer.name === 'adamw') {
      const first = slot(parameter, 'm');
      const second = slot(parameter, 'v');
      const nextFirst = op('Add', op('Mul', constant(optimizer.beta1), first), op('Mul', constant(1 - optimizer.beta1), gradient));
      const nextSecond = op('Add', op('Mul', constant(optimizer.beta2), second), op('Mul', constant(1 - optimizer.beta2), op('Mul', gradient, gradient)));
      const firstHat = op('Div', nextFirst, biasCorrection1);
      const secondHat = op('Div', nextSecond, biasCorrection2);
      let update = op('Div', firstHat, op('Add', op('Sqrt', secondHat), constant(optimizer.epsilon)));
      if (optimizer.weightDecay > 0) update = op('Add', update, op('Mul', constant(optimizer.weightDecay), weight));
      next = op('Sub', weight, op('Mul', learningRate, update));
      emitNextState(first, nextFirst, parameter.shape);
      emitNextState(second, nextSecond, parameter.shape);
    } else if (optimizer.name === 'rmsprop') {
      const square = slot(parameter, 'meanSquare');
      const nextSquare = op('Add', op('Mul', constant(optimizer.rho), square), op('Mul', constant(1 - optimizer.rho), op('Mul', gradient, gradient)));
      // ε inside the root, as Keras 3 and tfjs place it (PyTorch adds it outside), so a Keras config trains alike on both adapters.
      const scaled = op('Div', gradient, op('Sqrt', op('Add', nextSquare, constant(optimizer.epsilon))));
      emitNextState(square, nextSquare, parameter.shape);
      if (optimizer.momentum === 0) {
        next = op('Sub', weight, op('Mul', learningRate, scaled));
      } else {
        const buffer = slot(parameter, 'momentum');
        const nextBuffer = op('Add', op('Mul', constant(optimizer.momentum), buffer), op('Mul', learningRate, scaled));
        next = op('Sub', weight, nextBuffer);
        emitNextState(buffer, nextBuffer, parameter.shape);
      }
    } else {
      throw new Error(`emitOptimizerStep: unknown optimizer ${JSON.stringify((optimizer as { name: unknown }).name)}`);
    }
    emitNext(nextParameters, weightName, next, parameter.shape);
  }
  return { scalarInputs, state, nextParameters, nextState };
}
