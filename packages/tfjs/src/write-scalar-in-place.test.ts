import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, test } from 'vitest';
import { writeScalarInPlace } from './write-scalar-in-place.js';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`writeScalarInPlace on the ${backend} backend`, () => {
    beforeAll(async () => {
      expect(await tf.setBackend(backend)).toBe(true);
      await tf.ready();
    });

    test('rewrites a float32 scalar that nothing else shares, as float32 rounds it', () => {
      const scalar = tf.keep(tf.scalar(-0.5));
      try {
        const value = -0.1 / 3;
        expect(writeScalarInPlace(scalar, value)).toBe(true);
        expect(scalar.dataSync()[0]).toBe(Math.fround(value));
        // And kernels see the new value, not a cached copy.
        expect(tf.tidy(() => tf.mul(scalar, tf.scalar(3)).dataSync()[0])).toBeCloseTo(value * 3, 7);
      } finally {
        scalar.dispose();
      }
    });

    test('leaves a shared buffer alone: a reshape of the scalar keeps its value', () => {
      const scalar = tf.scalar(2);
      // Reshape shares the data id (reference count 2) on both backends; clone copies on wasm but shares on cpu.
      const shared = tf.reshape(scalar, [1]);
      const clone = tf.clone(scalar);
      try {
        expect(writeScalarInPlace(scalar, 7)).toBe(false);
        expect(shared.dataSync()[0]).toBe(2);
        expect(scalar.dataSync()[0]).toBe(2);
        shared.dispose();
        // Whether or not the clone shares the buffer, writing never changes it.
        writeScalarInPlace(scalar, 7);
        expect(clone.dataSync()[0]).toBe(2);
      } finally {
        clone.dispose();
        shared.dispose();
        scalar.dispose();
      }
    });

    test('refuses what is not a live float32 scalar', () => {
      const vector = tf.tensor1d([1]);
      const integer = tf.scalar(1, 'int32');
      const disposed = tf.scalar(1);
      disposed.dispose();
      try {
        expect(writeScalarInPlace(vector, 3)).toBe(false);
        expect(writeScalarInPlace(integer, 3)).toBe(false);
        expect(writeScalarInPlace(disposed, 3)).toBe(false);
        expect(vector.dataSync()[0]).toBe(1);
        expect(integer.dataSync()[0]).toBe(1);
      } finally {
        vector.dispose();
        integer.dispose();
      }
    });
  });
}
