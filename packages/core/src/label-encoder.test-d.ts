import { describe, expectTypeOf, test } from 'vitest';
import { fromKerasOptimizerConfig, labelEncoder, type ConfiguredSchedule, type KerasOptimizer, type LabelEncoder } from './index.js';

describe('labelEncoder and fromKerasOptimizerConfig types', () => {
  test('the encoder keeps the label type', () => {
    const rows: string[] = ['a', 'b'];
    const strings = labelEncoder({ labels: rows });
    expectTypeOf(strings).toEqualTypeOf<LabelEncoder<string>>();
    expectTypeOf(strings.decode([0])).toEqualTypeOf<string[]>();
    expectTypeOf(strings.classes).toEqualTypeOf<readonly string[]>();
    // Literal labels stay literal, so an unseen literal is a type error.
    const literal = labelEncoder({ labels: ['setosa', 'versicolor'] });
    expectTypeOf(literal.decodeProbabilities([[1, 0]])).toEqualTypeOf<('setosa' | 'versicolor')[]>();
    // @ts-expect-error 'virginica' was not among the labels
    literal.encode(['virginica']);
    expectTypeOf(labelEncoder<number>({ labels: [0, 1, 2] }).decodeProbabilities([[1, 0, 0]])).toEqualTypeOf<number[]>();
    // @ts-expect-error labels are strings or numbers
    labelEncoder({ labels: [true] });
    // @ts-expect-error an encoder of strings encodes strings
    strings.encode([1]);
  });
  test('the optimizer narrows by class name', () => {
    const optimizer = fromKerasOptimizerConfig({ config: { class_name: 'SGD', config: {} } });
    expectTypeOf(optimizer).toEqualTypeOf<KerasOptimizer>();
    expectTypeOf(optimizer.learningRate).toEqualTypeOf<number | ConfiguredSchedule>();
    if (optimizer.className === 'Adam') expectTypeOf(optimizer.beta1).toEqualTypeOf<number>();
    if (optimizer.className === 'SGD') expectTypeOf(optimizer.nesterov).toEqualTypeOf<boolean>();
  });
});
