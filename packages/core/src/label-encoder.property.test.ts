import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { labelEncoder, UnknownOptionError } from './index.js';

const labelSets = fc.oneof(
  fc.array(fc.string(), { minLength: 1, maxLength: 30 }),
  // -0 and 0 are one class, as in numpy.unique; draw 0 only.
  fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => (value === 0 ? 0 : value)), { minLength: 1, maxLength: 30 }),
  fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 30 }),
) as fc.Arbitrary<(string | number)[]>;

describe('labelEncoder invariants', () => {
  test.prop([labelSets])('decode(encode(labels)) gives the labels back, for any label set', (labels) => {
    const encoder = labelEncoder({ labels });
    expect(encoder.decode(encoder.encode(labels))).toEqual(labels);
  });
  test.prop([labelSets])('classes are distinct, strictly increasing and hold every label', (labels) => {
    const { classes } = labelEncoder({ labels });
    for (let index = 1; index < classes.length; index++) expect((classes[index - 1] as number) < (classes[index] as number)).toBe(true);
    for (const label of labels) expect(classes).toContainEqual(label);
    expect(classes.length).toBe(new Set(labels).size);
  });
  test.prop([labelSets])('the one-hot rows of the encoded labels decode to the labels', (labels) => {
    const encoder = labelEncoder({ labels });
    const width = encoder.classes.length;
    // A single class has no single-column (binary) form, so every width is a one-hot width here.
    const rows = encoder.encode(labels).map((index) => Array.from({ length: width }, (_, column) => (column === index ? 1 : 0)));
    expect(encoder.decodeProbabilities(rows)).toEqual(labels);
  });
  test.prop([fc.string({ minLength: 1, maxLength: 12 }).filter((key) => key !== 'labels' && key !== '__proto__')])(
    'any key but labels is refused by name',
    (key) => {
      expect(() => labelEncoder({ labels: [1], [key]: 1 } as never)).toThrow(expect.objectContaining({ option: key, constructor: UnknownOptionError }));
    },
  );
});
