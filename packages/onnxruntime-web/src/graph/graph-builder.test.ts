import { InvalidOptionError } from '@anneal/core';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-web';
import { describe, expect, test } from 'vitest';
import { runModel } from '../test-support/run-model.js';
import { GraphBuilder } from './graph-builder.js';

const { onnx } = onnxProto;
ort.env.wasm.numThreads = 1;

const run = runModel;

describe('GraphBuilder', () => {
  test('builds a graph onnxruntime-web runs: MatMul + Add + Relu, a symbolic batch, constants and attributes', async () => {
    const graph = new GraphBuilder({ name: 'smoke' });
    const x = graph.input({ name: 'x', dims: ['batch', 2] });
    const w = graph.initializer({ name: 'w', data: new Float32Array([1, -1, 2, 0.5]), dims: [2, 2] });
    const b = graph.constant({ value: [0.5, -10] });
    const z = graph.op({ opType: 'Add', inputs: [graph.op({ opType: 'MatMul', inputs: [x, w] }), b] });
    graph.op({ opType: 'Relu', inputs: [z], output: 'y' });
    graph.output({ name: 'y', dims: ['batch', 2] });
    const [sum] = graph.node({ opType: 'ReduceSum', inputs: [z, graph.constant({ value: [-1], type: 'int64' })], attributes: { keepdims: { int: 0 } } });
    graph.output({ name: 'row_sum', source: sum as string, dims: ['batch'] });
    const lse = graph.op({ opType: 'ReduceLogSumExp', inputs: [z], attributes: { axes: { ints: [-1] }, keepdims: { int: 1 } } });
    graph.output({ name: 'lse', source: lse });
    const leaky = graph.op({ opType: 'LeakyRelu', inputs: [z], attributes: { alpha: { float: 0.25 } } });
    graph.output({ name: 'leaky', source: leaky });

    const result = await run(graph.toBytes(), { x: new ort.Tensor('float32', new Float32Array([1, 2, 3, -4]), [2, 2]) });
    // z = x @ w + b: row 0 = [1 + 4, -1 + 1] + b = [5.5, -10]; row 1 = [3 - 8, -3 - 2] + b = [-4.5, -15]
    expect(Array.from(result['y']!.data as Float32Array)).toEqual([5.5, 0, 0, 0]);
    expect(Array.from(result['row_sum']!.data as Float32Array)).toEqual([-4.5, -19.5]);
    expect(result['lse']!.dims).toEqual([2, 1]);
    const lseValues = Array.from(result['lse']!.data as Float32Array);
    expect(lseValues[0]).toBeCloseTo(Math.log(Math.exp(5.5) + Math.exp(-10)), 5);
    expect(lseValues[1]).toBeCloseTo(Math.log(Math.exp(-4.5) + Math.exp(-15)), 5);
    expect(Array.from(result['leaky']!.data as Float32Array)).toEqual([5.5, -2.5, -1.125, -3.75]);
  });

  test('serializes a ModelProto with opset 17, IR version 8 and the declared shapes', () => {
    const graph = new GraphBuilder();
    graph.input({ name: 'x', dims: ['batch', 3] });
    graph.input({ name: 'labels', dims: ['batch'], type: 'int64' });
    graph.op({ opType: 'Identity', inputs: ['x'], output: 'y' });
    graph.output({ name: 'y', dims: ['batch', 3] });
    const model = onnx.ModelProto.decode(graph.toBytes());
    expect(Number(model.irVersion)).toBe(8);
    expect(model.opsetImport.map((opset) => [opset.domain, Number(opset.version)])).toEqual([['', 17]]);
    const inputs = model.graph?.input ?? [];
    expect(inputs.map((input) => input.name)).toEqual(['x', 'labels']);
    expect(inputs[0]?.type?.tensorType?.shape?.dim?.map((dim) => dim.dimParam || Number(dim.dimValue))).toEqual(['batch', 3]);
    expect(inputs[1]?.type?.tensorType?.elemType).toBe(onnx.TensorProto.DataType.INT64);
  });

  test('gives fresh unique names and shares equal unnamed constants', () => {
    const graph = new GraphBuilder();
    const x = graph.input({ name: 'x', dims: [2] });
    const a = graph.op({ opType: 'Neg', inputs: [x] });
    const b = graph.op({ opType: 'Neg', inputs: [x] });
    expect(a).not.toBe(b);
    expect(graph.constant({ value: 1 })).toBe(graph.constant({ value: 1 }));
    expect(graph.constant({ value: 1 })).not.toBe(graph.constant({ value: [1] }));
    expect(graph.constant({ value: 1 })).not.toBe(graph.constant({ value: 1, type: 'int64' }));
    const [first, second] = graph.node({ opType: 'Split', inputs: [x], outputs: 2, attributes: { axis: { int: 0 } } });
    expect(new Set([first, second, a, b]).size).toBe(4);
  });

  const rejects = (action: () => unknown, option: string): void => {
    let caught: unknown;
    try {
      action();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidOptionError);
    expect((caught as InvalidOptionError).option).toBe(option);
  };

  test('rejects bad input with InvalidOptionError naming the option', () => {
    const graph = new GraphBuilder();
    graph.input({ name: 'x', dims: ['batch', 2] });
    rejects(() => graph.input({ name: 'x', dims: [1] }), 'name');
    rejects(() => graph.input({ name: '', dims: [1] }), 'name');
    rejects(() => graph.input({ name: 'z', dims: [1.5] }), 'dims[0]');
    rejects(() => graph.input({ name: 'z', dims: [-1] }), 'dims[0]');
    rejects(() => graph.input({ name: 'z', dims: [1], type: 'float16' as never }), 'type');
    rejects(() => graph.node({ opType: 'Relu', inputs: ['missing'] }), 'inputs[0]');
    rejects(() => graph.node({ opType: '', inputs: ['x'] }), 'opType');
    rejects(() => graph.node({ opType: 'Relu', inputs: ['x'], outputs: ['x'] }), 'outputs[0]');
    rejects(() => graph.node({ opType: 'Relu', inputs: ['x'], outputs: 0 }), 'outputs');
    rejects(() => graph.node({ opType: 'Softmax', inputs: ['x'], attributes: { axis: { int: 0.5 } } }), 'attributes.axis');
    rejects(() => graph.node({ opType: 'Softmax', inputs: ['x'], attributes: { axis: -1 as never } }), 'attributes.axis');
    rejects(() => graph.initializer({ data: new Float32Array(3), dims: [2, 2] }), 'data');
    rejects(() => graph.initializer({ data: new Float32Array(2), dims: ['batch' as never] }), 'dims[0]');
    rejects(() => graph.constant({ value: [1, Number.NaN] }), 'value[1]');
    rejects(() => graph.constant({ value: 0.5, type: 'int64' }), 'value');
    rejects(() => graph.output({ name: 'nothing' }), 'name');
    rejects(() => graph.output({ name: 'y', source: 'nothing' }), 'source');
    rejects(() => graph.toBytes(), 'outputs');
    rejects(() => new GraphBuilder({ opsetVersion: 21 }), 'opsetVersion');
  });
});
