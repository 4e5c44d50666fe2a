import { describe, expect, it } from 'vitest';
import PAM from '../../src/layers/pam.js';
import { runLayerCases, staticLayer } from './harness.js';

/** gamma + b, c (1x1, C -> C/8, no bias) + d (1x1, C -> C). */
const count = (c: number) => 1 + 2 * c * (c / 8) + c * c;

runLayerCases(PAM, {
  valid: [
    { title: '64 channels', params: {}, inputs: [[null, 16, 16, 64]], output: [null, 16, 16, 64], count: count(64),
      weights: [['gamma', [1]], ['b_kernel', [1, 1, 64, 8]], ['c_kernel', [1, 1, 64, 8]], ['d_kernel', [1, 1, 64, 64]]] },
    { title: 'the smallest: 8 channels', params: {}, inputs: [[null, 4, 4, 8]], output: [null, 4, 4, 8], count: 1 + 2 * 8 + 64,
      weights: [['gamma', [1]], ['b_kernel', [1, 1, 8, 1]], ['c_kernel', [1, 1, 8, 1]], ['d_kernel', [1, 1, 8, 8]]] },
    { title: '24 channels, non-square', params: {}, inputs: [[null, 5, 7, 24]], output: [null, 5, 7, 24], count: count(24) },
    { title: '512 channels', params: {}, inputs: [[null, 8, 8, 512]], output: [null, 8, 8, 512], count: 1 + 2 * 512 * 64 + 512 * 512 },
    { title: 'unknown height and width (the softmax size is known at run time)', params: {}, inputs: [[null, null, null, 32]],
      output: [null, null, null, 32], count: count(32) },
    { params: { gamma_initializer: { type: 'constant', value: 0.1 }, gamma_regularizer: 'l2', gamma_constraint: 'non_neg',
      kernel_initializer: 'glorot_uniform', kernel_regularizer: { l2: 0.001 }, kernel_constraint: { type: 'max_norm', max_value: 2 } },
      inputs: [[null, 6, 6, 16]], output: [null, 6, 6, 16], count: count(16) },
  ],
  badParams: [
    { params: { gamma_initializer: 'zero' }, path: 'gamma_initializer' },
    { params: { kernel_regularizer: 'l3' }, path: 'kernel_regularizer' },
    { params: { gamma_constraint: 'positive' }, path: 'gamma_constraint' },
    { title: 'PAM has no filters', params: { filters: 8 } },
    { title: 'channels_last only', params: { data_format: 'channels_first' } },
  ],
  badShapes: [
    { title: 'a 3D input', params: {}, inputs: [[null, 16, 64]], code: 'shape/rank', message: /4D input \(batch, height, width, channels\)/ },
    { title: 'a 5D input', params: {}, inputs: [[null, 4, 4, 4, 64]], code: 'shape/rank' },
    { title: '60 channels', params: {}, inputs: [[null, 16, 16, 60]], code: 'shape/incompatible', message: /multiple of 8 .* 60 channels/ },
    { title: 'fewer than 8 channels', params: {}, inputs: [[null, 16, 16, 4]], code: 'shape/incompatible', message: /at least 8/ },
    { title: 'unknown channels', params: {}, inputs: [[null, 16, 16, null]], code: 'shape/unknown-dim', message: /channels/ },
  ],
});

describe('PAM weight specs', () => {
  it('carry the kernel and gamma initializers, regularizers and constraints given (the generic layer creates them so)', () => {
    const params = {
      gamma_initializer: 'ones', gamma_regularizer: 'l1', gamma_constraint: 'non_neg',
      kernel_initializer: 'glorot_uniform', kernel_regularizer: { l2: 0.001 }, kernel_constraint: { type: 'max_norm', max_value: 2 },
    };
    const { weights } = staticLayer(PAM, params, [[null, 4, 4, 16]]);
    expect(weights.map((w) => [w.name, w.initializer, w.regularizer, w.constraint])).toEqual([
      ['gamma', 'ones', 'l1', 'non_neg'],
      ...['b_kernel', 'c_kernel', 'd_kernel'].map((name) => [name, 'glorot_uniform', { l2: 0.001 }, { type: 'max_norm', max_value: 2, axis: 0 }]),
    ]);
  });

  it('default to none', () => {
    const { weights } = staticLayer(PAM, {}, [[null, 4, 4, 8]]);
    expect(weights.map((w) => [w.regularizer, w.constraint])).toEqual(weights.map(() => [null, null]));
  });
});
