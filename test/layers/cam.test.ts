import { describe, expect, it } from 'vitest';
import CAM from '../../src/layers/cam.js';
import { runLayerCases, staticLayer } from './harness.js';

runLayerCases(CAM, {
  valid: [
    { title: '64 channels: gamma only', params: {}, inputs: [[null, 16, 16, 64]], output: [null, 16, 16, 64], count: 1, weights: [['gamma', [1]]] },
    { title: 'any number of channels', params: {}, inputs: [[null, 5, 7, 3]], output: [null, 5, 7, 3], count: 1 },
    { title: 'unknown height, width and channels', params: {}, inputs: [[null, null, null, null]], output: [null, null, null, null], count: 1 },
    { params: { gamma_initializer: 'ones', gamma_regularizer: { l1: 0.01 }, gamma_constraint: 'non_neg' },
      inputs: [[null, 8, 8, 32]], output: [null, 8, 8, 32], count: 1 },
  ],
  badParams: [
    { params: { gamma_initializer: 'one' }, path: 'gamma_initializer' },
    { params: { gamma_regularizer: 0.01 }, path: 'gamma_regularizer' },
    { title: 'CAM has no kernel', params: { kernel_initializer: 'he_normal' } },
  ],
  badShapes: [
    { title: 'a 3D input', params: {}, inputs: [[null, 16, 64]], code: 'shape/rank', message: /4D input/ },
    { title: 'a 2D input', params: {}, inputs: [[null, 64]], code: 'shape/rank' },
  ],
});

describe('CAM weight specs', () => {
  it('carry gamma\'s initializer, regularizer and constraint (the generic layer creates them so)', () => {
    const { weights } = staticLayer(CAM, { gamma_initializer: 'ones', gamma_regularizer: { l1: 0.01 }, gamma_constraint: 'non_neg' }, [[null, 4, 4, 3]]);
    expect(weights).toEqual([{ name: 'gamma', shape: [1], trainable: true, initializer: 'ones', regularizer: { l1: 0.01 }, constraint: 'non_neg' }]);
  });
});
