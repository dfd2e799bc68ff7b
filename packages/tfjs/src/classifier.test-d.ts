import type * as tf from '@tensorflow/tfjs';
import { describe, expectTypeOf, test } from 'vitest';
import { classifier, type Classifier } from './index.js';

declare const build: () => tf.LayersModel;
declare const x: tf.Tensor2D;

describe('classifier types', () => {
  test('predict answers in the label type given; integer labels by default', () => {
    const byName = classifier<'setosa' | 'versicolor' | 'virginica'>({ model: build });
    expectTypeOf(byName).toEqualTypeOf<Classifier<'setosa' | 'versicolor' | 'virginica'>>();
    expectTypeOf(byName.predict(x)).resolves.toEqualTypeOf<('setosa' | 'versicolor' | 'virginica')[]>();
    expectTypeOf(byName.classes).toEqualTypeOf<readonly ('setosa' | 'versicolor' | 'virginica')[]>();
    // @ts-expect-error labels outside the label type
    void byName.fit(x, ['rose']);
    const byIndex = classifier({ model: build, epochs: 200, batchSize: 5, verbose: 1 });
    expectTypeOf(byIndex.predict([[5.1, 3.5, 1.4, 0.2]])).resolves.toEqualTypeOf<number[]>();
    expectTypeOf(byIndex.predictProba(x)).resolves.toEqualTypeOf<number[][]>();
    expectTypeOf(byIndex.score(x, [0, 1])).resolves.toEqualTypeOf<number>();
    // @ts-expect-error the model is a factory, as KerasClassifier's build_fn
    classifier({ model: {} as tf.LayersModel });
  });
});
