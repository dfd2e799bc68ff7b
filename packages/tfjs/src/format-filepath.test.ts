import type { CheckpointRequest } from '@anneal/core';
import { describe, expect, test } from 'vitest';
import { formatFilepath } from './format-filepath.js';

const request = (overrides: Partial<CheckpointRequest> = {}): CheckpointRequest => ({
  source: 'modelCheckpoint',
  epoch: 6,
  batch: null,
  filepath: null,
  saveWeightsOnly: false,
  monitor: 'val_acc',
  value: 0.93,
  logs: { val_acc: 0.93125, loss: 0.000012 },
  ...overrides,
});

describe('formatFilepath fills Keras-style checkpoint paths', () => {
  test.each([
    ['weights.{epoch:02d}', 'weights.07'],
    ['iris-{epoch}-{val_acc:.2f}', 'iris-7-0.93'],
    ['loss-{loss:.2e}', 'loss-1.20e-05'],
    ['plain', 'plain'],
    ['{epoch:5d}', '    7'],
  ])('%s → %s', (template, expected) => {
    expect(formatFilepath(template, request())).toBe(expected);
  });
  test('{batch} is 1-based, as Keras writes it', () => {
    expect(formatFilepath('e{epoch}-b{batch:03d}', request({ batch: 4 }))).toBe('e7-b005');
  });
  test('an unknown key or format spec is an error naming the template', () => {
    expect(() => formatFilepath('{val_accuracy}', request())).toThrow(/names \{val_accuracy\}/);
    expect(() => formatFilepath('{epoch:x}', request())).toThrow(/format spec ':x'/);
  });
});
