import { describe, expectTypeOf, test } from 'vitest';
import { classifier, type Classifier, type History, type TrainerOptions } from './index.js';

declare const build: () => TrainerOptions;

describe('classifier types', () => {
  test('predict answers in the label type given; integer labels by default', () => {
    const byName = classifier<string>({ model: build, epochs: 10 });
    expectTypeOf(byName).toEqualTypeOf<Classifier<string>>();
    expectTypeOf(byName.predict([[1, 2, 3, 4]])).resolves.toEqualTypeOf<string[]>();
    expectTypeOf(byName.fit([[1, 2, 3, 4]], ['setosa'])).resolves.toEqualTypeOf<History>();
    // @ts-expect-error string labels for a string classifier
    void byName.fit([[1, 2, 3, 4]], [0]);
    const byIndex = classifier({ model: build });
    expectTypeOf(byIndex.predict([[1, 2, 3, 4]])).resolves.toEqualTypeOf<number[]>();
    expectTypeOf(byIndex.classes).toEqualTypeOf<readonly number[]>();
  });
});
