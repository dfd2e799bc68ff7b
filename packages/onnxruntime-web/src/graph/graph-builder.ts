import { checkOptionKeys, InvalidOptionError } from '@anneal/core';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** The default ONNX opset (domain `''`) of every graph this package builds. */
const DEFAULT_OPSET = 17;
/** The ONNX IR version written into every model (IR 8 goes with opsets up to 18). */
const IR_VERSION = 8;

/**
 * Element types a graph input, output or constant may have. Parameters, activations and targets are `float32`;
 * `int64` carries shapes, axes and indices.
 *
 * @example
 * ```ts
 * import type { ElementType } from '@anneal/onnxruntime-web';
 * const type: ElementType = 'float32';
 * ```
 */
export type ElementType = 'float32' | 'int64';

/**
 * One dimension of a tensor shape: a fixed size (an integer >= 0) or a symbolic name such as `'batch'`, which
 * lets one graph serve every batch size.
 *
 * @example
 * ```ts
 * import type { Dim } from '@anneal/onnxruntime-web';
 * const dims: Dim[] = ['batch', 4];
 * ```
 */
export type Dim = number | string;

/**
 * The value of a node attribute, tagged with its ONNX type so that `{ float: 1 }` and `{ int: 1 }` stay distinct.
 *
 * @example
 * ```ts
 * import type { AttributeValue } from '@anneal/onnxruntime-web';
 * const attributes: Record<string, AttributeValue> = { axis: { int: -1 }, alpha: { float: 0.5 }, axes: { ints: [1] } };
 * ```
 */
export type AttributeValue =
  | { readonly int: number }
  | { readonly float: number }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] }
  | { readonly string: string };

/**
 * Options of {@link GraphBuilder}'s constructor.
 *
 * @example
 * ```ts
 * import { GraphBuilder, type GraphBuilderOptions } from '@anneal/onnxruntime-web';
 * const options: GraphBuilderOptions = { name: 'train_step' };
 * new GraphBuilder(options);
 * ```
 */
export interface GraphBuilderOptions {
  /** The graph's name, stored in the model. Default `'anneal'`. */
  readonly name?: string;
  /** The opset of the default domain. Default 17; at most 20. */
  readonly opsetVersion?: number;
}

/**
 * Options of {@link GraphBuilder.input}.
 *
 * @example
 * ```ts
 * import type { GraphInputOptions } from '@anneal/onnxruntime-web';
 * const x: GraphInputOptions = { name: 'x', dims: ['batch', 4] };
 * ```
 */
export interface GraphInputOptions {
  /** The input's name, unique in the graph. */
  readonly name: string;
  /** Its shape: integers >= 0 or symbolic names like `'batch'`. */
  readonly dims: readonly Dim[];
  /** Its element type. Default `'float32'`. */
  readonly type?: ElementType;
}

/**
 * Options of {@link GraphBuilder.output}.
 *
 * @example
 * ```ts
 * import type { GraphOutputOptions } from '@anneal/onnxruntime-web';
 * const loss: GraphOutputOptions = { name: 'loss', source: 'mean_0', dims: [] };
 * ```
 */
export interface GraphOutputOptions {
  /** The output's name, as `session.run` reports it. */
  readonly name: string;
  /**
   * The tensor to expose. When given and different from `name`, an `Identity` node copies it to `name`; when
   * omitted, `name` itself must already be a tensor of the graph.
   */
  readonly source?: string;
  /**
   * Its shape, when known. Omitted, the output is declared without a shape, which onnxruntime runs but onnx.checker
   * rejects ("Field 'shape' of 'type' is required but missing"), so every graph this package exports declares one.
   */
  readonly dims?: readonly Dim[];
  /** Its element type. Default `'float32'`. */
  readonly type?: ElementType;
}

/**
 * Options of {@link GraphBuilder.initializer}.
 *
 * @example
 * ```ts
 * import type { InitializerOptions } from '@anneal/onnxruntime-web';
 * const kernel: InitializerOptions = { name: 'dense_0/kernel', data: new Float32Array(6), dims: [3, 2] };
 * ```
 */
export interface InitializerOptions {
  /** The tensor's name; a fresh unique name when omitted. */
  readonly name?: string;
  /** The values, row-major; their count must be the product of `dims`. */
  readonly data: Float32Array;
  /** The shape: integers >= 0. */
  readonly dims: readonly number[];
}

/**
 * Options of {@link GraphBuilder.constant}.
 *
 * @example
 * ```ts
 * import type { ConstantOptions } from '@anneal/onnxruntime-web';
 * const one: ConstantOptions = { value: 1 };
 * const axes: ConstantOptions = { value: [-1], type: 'int64' };
 * ```
 */
export interface ConstantOptions {
  /** A number (a scalar, shape `[]`) or a list of numbers (a vector, shape `[length]`). */
  readonly value: number | readonly number[];
  /** The element type. Default `'float32'`; `int64` values must be safe integers. */
  readonly type?: ElementType;
  /** The tensor's name; when omitted, equal constants share one tensor with a generated name. */
  readonly name?: string;
}

/**
 * Options of {@link GraphBuilder.node}.
 *
 * @example
 * ```ts
 * import type { NodeOptions } from '@anneal/onnxruntime-web';
 * const node: NodeOptions = { opType: 'ReduceSum', inputs: ['dz', 'axes_0'], attributes: { keepdims: { int: 0 } } };
 * ```
 */
export interface NodeOptions {
  /** The operator, e.g. `'MatMul'`. */
  readonly opType: string;
  /** Names of its input tensors, each defined earlier in the graph; `''` skips an optional input. */
  readonly inputs: readonly string[];
  /**
   * Names of its outputs, or how many fresh outputs to create. Default: one output with a fresh name.
   */
  readonly outputs?: readonly string[] | number;
  /** Its attributes, by name. */
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
  /** The node's name; a fresh unique name when omitted. */
  readonly name?: string;
}

/**
 * Options of {@link GraphBuilder.op}: a {@link NodeOptions} with exactly one output.
 *
 * @example
 * ```ts
 * import type { OpOptions } from '@anneal/onnxruntime-web';
 * const op: OpOptions = { opType: 'Relu', inputs: ['z'], output: 'a' };
 * ```
 */
export interface OpOptions {
  /** The operator, e.g. `'Relu'`. */
  readonly opType: string;
  /** Names of its input tensors. */
  readonly inputs: readonly string[];
  /** The output's name; a fresh unique name when omitted. */
  readonly output?: string;
  /** Its attributes, by name. */
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

type TensorProto = InstanceType<typeof onnx.TensorProto>;
type NodeProto = InstanceType<typeof onnx.NodeProto>;
type ValueInfoProto = InstanceType<typeof onnx.ValueInfoProto>;

const ELEMENT_TYPES: readonly ElementType[] = ['float32', 'int64'];

function dataType(type: ElementType): number {
  return type === 'float32' ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64;
}

const isName = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Builds an ONNX model (opset 17 by default, IR version 8) one node at a time and serializes it with `onnx-proto`,
 * ready for `ort.InferenceSession.create(bytes)`. Every name is checked as it is added: inputs of a node must be
 * tensors already in the graph, names are unique, shapes and data agree, so a mistake fails here with the option
 * that caused it rather than later inside onnxruntime.
 *
 * @example
 * ```ts
 * import { GraphBuilder } from '@anneal/onnxruntime-web';
 * const graph = new GraphBuilder();
 * const x = graph.input({ name: 'x', dims: ['batch', 2] });
 * const w = graph.initializer({ name: 'w', data: new Float32Array([1, 2, 3, 4]), dims: [2, 2] });
 * const [y] = graph.node({ opType: 'MatMul', inputs: [x, w], outputs: ['y'] });
 * graph.output({ name: 'y', dims: ['batch', 2] });
 * const bytes = graph.toBytes(); // a serialized ModelProto
 * ```
 */
export class GraphBuilder {
  /** The graph's name. */
  readonly name: string;
  /** The opset of the default domain. */
  readonly opsetVersion: number;
  readonly #tensors = new Map<string, ElementType | undefined>();
  readonly #inputs: ValueInfoProto[] = [];
  readonly #outputs: ValueInfoProto[] = [];
  readonly #initializers: TensorProto[] = [];
  readonly #nodes: NodeProto[] = [];
  readonly #constants = new Map<string, string>();
  readonly #usedNames = new Set<string>();
  #counter = 0;

  constructor(options: GraphBuilderOptions = {}) {
    const source = 'GraphBuilder';
    checkOptionKeys({ source, options, validKeys: ['name', 'opsetVersion'] });
    const name = options.name ?? 'anneal';
    if (!isName(name)) throw new InvalidOptionError(source, 'name', name, 'must be a non-empty string');
    const opsetVersion = options.opsetVersion ?? DEFAULT_OPSET;
    if (!Number.isInteger(opsetVersion) || opsetVersion < 13 || opsetVersion > 20) {
      throw new InvalidOptionError(source, 'opsetVersion', opsetVersion, 'must be an integer from 13 to 20');
    }
    this.name = name;
    this.opsetVersion = opsetVersion;
  }

  /**
   * A name not yet used in the graph, made from `prefix` and a counter.
   *
   * @example
   * ```ts
   * import { GraphBuilder } from '@anneal/onnxruntime-web';
   * new GraphBuilder().uniqueName('relu'); // 'relu_0'
   * ```
   */
  uniqueName(prefix: string): string {
    let candidate: string;
    do {
      candidate = `${prefix}_${this.#counter++}`;
    } while (this.#usedNames.has(candidate) || this.#tensors.has(candidate));
    this.#usedNames.add(candidate);
    return candidate;
  }

  /**
   * Whether `name` is a tensor of the graph so far: an input, an initializer, a constant or a node output.
   *
   * @example
   * ```ts
   * import { GraphBuilder } from '@anneal/onnxruntime-web';
   * const graph = new GraphBuilder();
   * graph.input({ name: 'x', dims: [1] });
   * graph.has('x'); // true
   * ```
   */
  has(name: string): boolean {
    return this.#tensors.has(name);
  }

  /**
   * Declares a graph input and returns its name.
   *
   * @example
   * ```ts
   * import { GraphBuilder } from '@anneal/onnxruntime-web';
   * const graph = new GraphBuilder();
   * graph.input({ name: 'x', dims: ['batch', 4] }); // 'x'
   * graph.input({ name: 'labels', dims: ['batch'], type: 'int64' });
   * ```
   */
  input(options: GraphInputOptions): string {
    const source = 'GraphBuilder.input';
    checkOptionKeys({ source, options, validKeys: ['name', 'dims', 'type'] });
    const type = checkType(source, options.type);
    const name = this.#claim(source, 'name', options.name);
    const dims = checkDims(source, options.dims, true);
    this.#inputs.push(valueInfo(name, type, dims));
    this.#tensors.set(name, type);
    return name;
  }

  /**
   * Declares a graph output and returns its name. With `source`, an `Identity` node copies that tensor to `name`.
   *
   * @example
   * ```ts
   * import { GraphBuilder } from '@anneal/onnxruntime-web';
   * const graph = new GraphBuilder();
   * const x = graph.input({ name: 'x', dims: ['batch', 2] });
   * const [a] = graph.node({ opType: 'Relu', inputs: [x] });
   * graph.output({ name: 'activation', source: a, dims: ['batch', 2] });
   * ```
   */
  output(options: GraphOutputOptions): string {
    const source = 'GraphBuilder.output';
    checkOptionKeys({ source, options, validKeys: ['name', 'source', 'dims', 'type'] });
    const type = checkType(source, options.type);
    const dims = options.dims === undefined ? undefined : checkDims(source, options.dims, true);
    if (!isName(options.name)) throw new InvalidOptionError(source, 'name', options.name, 'must be a non-empty string');
    if (this.#outputs.some((output) => output.name === options.name)) {
      throw new InvalidOptionError(source, 'name', options.name, 'must not name an output declared already');
    }
    let name = options.name;
    if (options.source !== undefined && options.source !== options.name) {
      if (this.#tensors.has(name)) {
        throw new InvalidOptionError(source, 'name', name, 'must not name a tensor defined already when a different source is given');
      }
      if (!this.#tensors.has(options.source)) {
        throw new InvalidOptionError(source, 'source', options.source, 'must name a tensor defined earlier in the graph');
      }
      name = this.op({ opType: 'Identity', inputs: [options.source], output: options.name });
    } else if (!this.#tensors.has(name)) {
      throw new InvalidOptionError(source, 'name', name, 'must name a tensor defined earlier in the graph (or give a source)');
    }
    this.#outputs.push(valueInfo(name, type, dims));
    return name;
  }

  /**
   * Adds a float32 tensor stored in the model (a weight baked into an inference graph, a table of learning rates)
   * and returns its name.
   *
   * @example
   * ```ts
   * import { GraphBuilder } from '@anneal/onnxruntime-web';
   * const graph = new GraphBuilder();
   * graph.initializer({ name: 'dense_0/bias', data: new Float32Array([0, 0, 0]), dims: [3] });
   * ```
   */
  initializer(options: InitializerOptions): string {
    const source = 'GraphBuilder.initializer';
    checkOptionKeys({ source, options, validKeys: ['name', 'data', 'dims'] });
    if (!(options.data instanceof Float32Array)) throw new InvalidOptionError(source, 'data', options.data, 'must be a Float32Array');
    const dims = checkDims(source, options.dims, false) as number[];
    const count = dims.reduce((product, dim) => product * dim, 1);
    if (count !== options.data.length) {
      throw new InvalidOptionError(source, 'data', options.data, `must hold ${count} values for dims [${dims.join(', ')}] (it holds ${options.data.length})`);
    }
    const name = options.name === undefined ? this.uniqueName('initializer') : this.#claim(source, 'name', options.name);
    this.#addTensor(name, 'float32', dims, options.data);
    return name;
  }

  /**
   * A constant scalar (shape `[]`) or vector (shape `[length]`) and returns its name. Unnamed constants with the
   * same type and values are stored once.
   *
   * @example
   * ```ts
   * import { GraphBuilder } from '@anneal/onnxruntime-web';
   * const graph = new GraphBuilder();
   * const half = graph.constant({ value: 0.5 });
   * const axes = graph.constant({ value: [-1], type: 'int64' });
   * ```
   */
  constant(options: ConstantOptions): string {
    const source = 'GraphBuilder.constant';
    checkOptionKeys({ source, options, validKeys: ['value', 'type', 'name'] });
    const type = checkType(source, options.type);
    const scalar = typeof options.value === 'number';
    const values: readonly number[] = typeof options.value === 'number' ? [options.value] : options.value;
    if (!Array.isArray(values)) throw new InvalidOptionError(source, 'value', options.value, 'must be a number or an array of numbers');
    values.forEach((value, index) => {
      const option = scalar ? 'value' : `value[${index}]`;
      if (typeof value !== 'number' || Number.isNaN(value)) throw new InvalidOptionError(source, option, value, 'must be a number');
      if (type === 'int64' && !Number.isSafeInteger(value)) throw new InvalidOptionError(source, option, value, 'must be a safe integer for an int64 constant');
    });
    const dims = scalar ? [] : [values.length];
    const key = `${type}:${scalar ? 's' : 'v'}:${values.map((value) => (Object.is(value, -0) ? '-0' : String(value))).join(',')}`;
    if (options.name === undefined) {
      const existing = this.#constants.get(key);
      if (existing !== undefined) return existing;
    }
    const name = options.name === undefined ? this.uniqueName('const') : this.#claim(source, 'name', options.name);
    if (options.name === undefined) this.#constants.set(key, name);
    this.#addTensor(name, type, dims, type === 'float32' ? Float32Array.from(values) : BigInt64Array.from(values, (value) => BigInt(value)));
    return name;
  }

  /**
   * Adds a node and returns the names of its outputs.
   *
   * @example
   * ```ts
   * import { GraphBuilder } from '@anneal/onnxruntime-web';
   * const graph = new GraphBuilder();
   * const z = graph.input({ name: 'z', dims: ['batch', 3] });
   * const [lse] = graph.node({ opType: 'ReduceLogSumExp', inputs: [z], attributes: { axes: { ints: [-1] }, keepdims: { int: 1 } } });
   * const [values, indices] = graph.node({ opType: 'TopK', inputs: [z, graph.constant({ value: [1], type: 'int64' })], outputs: 2 });
   * ```
   */
  node(options: NodeOptions): string[] {
    const source = 'GraphBuilder.node';
    checkOptionKeys({ source, options, validKeys: ['opType', 'inputs', 'outputs', 'attributes', 'name'] });
    if (!isName(options.opType)) throw new InvalidOptionError(source, 'opType', options.opType, 'must be a non-empty string');
    if (!Array.isArray(options.inputs)) throw new InvalidOptionError(source, 'inputs', options.inputs, 'must be an array of tensor names');
    options.inputs.forEach((input, index) => {
      if (typeof input !== 'string' || (input !== '' && !this.#tensors.has(input))) {
        throw new InvalidOptionError(source, `inputs[${index}]`, input, `must name a tensor defined earlier in the graph (${options.opType})`);
      }
    });
    const attributes = Object.entries(options.attributes ?? {}).map(([name, value]) => attribute(source, name, value));
    const requested = options.outputs ?? 1;
    let outputs: string[];
    if (typeof requested === 'number') {
      if (!Number.isInteger(requested) || requested < 1) throw new InvalidOptionError(source, 'outputs', requested, 'must be an integer >= 1 or an array of names');
      const prefix = options.opType.toLowerCase();
      outputs = Array.from({ length: requested }, () => this.uniqueName(prefix));
    } else if (Array.isArray(requested) && requested.length > 0) {
      const seen = new Set<string>();
      outputs = requested.map((output, index) => {
        if (seen.has(output)) throw new InvalidOptionError(source, `outputs[${index}]`, output, 'must not repeat an output name');
        seen.add(output);
        return this.#claim(source, `outputs[${index}]`, output);
      });
    } else {
      throw new InvalidOptionError(source, 'outputs', requested, 'must be an integer >= 1 or a non-empty array of names');
    }
    const nodeName = options.name === undefined ? this.uniqueName(`${options.opType}_node`) : options.name;
    if (!isName(nodeName)) throw new InvalidOptionError(source, 'name', nodeName, 'must be a non-empty string');
    for (const output of outputs) this.#tensors.set(output, undefined);
    this.#nodes.push(onnx.NodeProto.create({ name: nodeName, opType: options.opType, domain: '', input: [...options.inputs], output: outputs, attribute: attributes }));
    return outputs;
  }

  /**
   * Adds a node with exactly one output and returns that output's name: the common case of {@link GraphBuilder.node}.
   *
   * @example
   * ```ts
   * import { GraphBuilder } from '@anneal/onnxruntime-web';
   * const graph = new GraphBuilder();
   * const z = graph.input({ name: 'z', dims: ['batch', 3] });
   * const p = graph.op({ opType: 'Softmax', inputs: [z], attributes: { axis: { int: -1 } } });
   * ```
   */
  op(options: OpOptions): string {
    checkOptionKeys({ source: 'GraphBuilder.op', options, validKeys: ['opType', 'inputs', 'output', 'attributes'] });
    const node: NodeOptions = {
      opType: options.opType,
      inputs: options.inputs,
      ...(options.output === undefined ? {} : { outputs: [options.output] }),
      ...(options.attributes === undefined ? {} : { attributes: options.attributes }),
    };
    return this.node(node)[0] as string;
  }

  /**
   * Serializes the graph as an ONNX ModelProto (opset {@link GraphBuilder.opsetVersion}, IR version 8). Unnamed
   * constants that no node reads are left out.
   *
   * @example
   * ```ts
   * import * as ort from 'onnxruntime-web';
   * import { GraphBuilder } from '@anneal/onnxruntime-web';
   * const graph = new GraphBuilder();
   * graph.input({ name: 'x', dims: [2] });
   * graph.op({ opType: 'Neg', inputs: ['x'], output: 'y' });
   * graph.output({ name: 'y', dims: [2] });
   * const session = await ort.InferenceSession.create(graph.toBytes());
   * ```
   */
  toBytes(): Uint8Array {
    if (this.#outputs.length === 0) {
      throw new InvalidOptionError('GraphBuilder.toBytes', 'outputs', [], 'must declare at least one graph output');
    }
    // Unnamed constants nobody reads are dropped, so onnxruntime has no unused initializer to warn about.
    const used = new Set<string>([...this.#nodes.flatMap((node) => node.input), ...this.#outputs.map((output) => output.name)]);
    const sharedConstants = new Set(this.#constants.values());
    const initializers = this.#initializers.filter((tensor) => !sharedConstants.has(tensor.name) || used.has(tensor.name));
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: '@anneal/onnxruntime-web',
      opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: this.opsetVersion })],
      graph: onnx.GraphProto.create({
        name: this.name,
        node: this.#nodes,
        input: this.#inputs,
        output: this.#outputs,
        initializer: initializers,
      }),
    });
    return onnx.ModelProto.encode(model).finish();
  }

  #claim(source: string, option: string, name: unknown): string {
    if (!isName(name)) throw new InvalidOptionError(source, option, name, 'must be a non-empty string');
    if (this.#tensors.has(name)) throw new InvalidOptionError(source, option, name, 'must not name a tensor defined already');
    this.#usedNames.add(name);
    return name;
  }

  #addTensor(name: string, type: ElementType, dims: readonly number[], data: Float32Array | BigInt64Array): void {
    const bytes = new Uint8Array(data.byteLength);
    const view = new DataView(bytes.buffer);
    if (data instanceof Float32Array) data.forEach((value, index) => view.setFloat32(index * 4, value, true));
    else data.forEach((value, index) => view.setBigInt64(index * 8, value, true));
    this.#initializers.push(onnx.TensorProto.create({ name, dataType: dataType(type), dims: [...dims], rawData: bytes }));
    this.#tensors.set(name, type);
  }
}

function checkType(source: string, type: unknown): ElementType {
  if (type === undefined) return 'float32';
  if (!ELEMENT_TYPES.includes(type as ElementType)) throw new InvalidOptionError(source, 'type', type, `must be one of ${ELEMENT_TYPES.map((t) => `'${t}'`).join(', ')}`);
  return type as ElementType;
}

function checkDims(source: string, dims: unknown, symbolic: boolean): Dim[] {
  if (!Array.isArray(dims)) throw new InvalidOptionError(source, 'dims', dims, 'must be an array of dimensions');
  return dims.map((dim: unknown, index) => {
    if (typeof dim === 'number' && Number.isSafeInteger(dim) && dim >= 0) return dim;
    if (symbolic && isName(dim)) return dim;
    const rule = symbolic ? 'must be an integer >= 0 or a non-empty symbolic name' : 'must be an integer >= 0';
    throw new InvalidOptionError(source, `dims[${index}]`, dim, rule);
  });
}

function valueInfo(name: string, type: ElementType, dims: readonly Dim[] | undefined): ValueInfoProto {
  const shape = dims === undefined ? undefined : onnx.TensorShapeProto.create({ dim: dims.map((dim) => onnx.TensorShapeProto.Dimension.create(typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) });
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({ tensorType: onnx.TypeProto.Tensor.create({ elemType: dataType(type), ...(shape === undefined ? {} : { shape }) }) }),
  });
}

function attribute(source: string, name: string, value: AttributeValue): InstanceType<typeof onnx.AttributeProto> {
  const option = `attributes.${name}`;
  const { AttributeType } = onnx.AttributeProto;
  const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  const integer = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
  if (typeof value === 'object' && value !== null) {
    if ('int' in value && integer(value.int)) return onnx.AttributeProto.create({ name, type: AttributeType.INT, i: value.int });
    if ('float' in value && finite(value.float)) return onnx.AttributeProto.create({ name, type: AttributeType.FLOAT, f: value.float });
    if ('ints' in value && Array.isArray(value.ints) && value.ints.every(integer)) return onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints: [...value.ints] });
    if ('floats' in value && Array.isArray(value.floats) && value.floats.every(finite)) return onnx.AttributeProto.create({ name, type: AttributeType.FLOATS, floats: [...value.floats] });
    if ('string' in value && typeof value.string === 'string') return onnx.AttributeProto.create({ name, type: AttributeType.STRING, s: new TextEncoder().encode(value.string) });
  }
  throw new InvalidOptionError(source, option, value, 'must be { int }, { float }, { ints }, { floats } or { string } with a valid value');
}
