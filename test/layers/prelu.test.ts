import PReLU from '../../src/layers/prelu.js';
import { runLayerCases } from './harness.js';

runLayerCases(PReLU, {
  valid: [
    { params: {}, inputs: [[null, 32]], output: [null, 32], count: 32, weights: [['alpha', [32]]],
      tfjs: (tf) => tf.layers.prelu() },
    { title: 'one alpha per element of an image', params: {}, inputs: [[null, 4, 5, 3]], output: [null, 4, 5, 3], count: 60, weights: [['alpha', [4, 5, 3]]],
      tfjs: (tf) => tf.layers.prelu() },
    { title: 'one alpha per channel', params: { shared_axes: [1, 2] }, inputs: [[null, 4, 5, 3]], output: [null, 4, 5, 3], count: 3, weights: [['alpha', [1, 1, 3]]],
      tfjs: (tf) => tf.layers.prelu({ sharedAxes: [1, 2] }) },
    { title: 'shared unknown axis', params: { shared_axes: 1, alpha_initializer: { type: 'constant', value: 0.25 } }, inputs: [[null, null, 5]], output: [null, null, 5], count: 5,
      weights: [['alpha', [1, 5]]], tfjs: (tf) => tf.layers.prelu({ sharedAxes: 1 }) },
    { title: 'batch-only input', params: {}, inputs: [[null]], output: [null], count: 1, weights: [['alpha', []]],
      tfjs: (tf) => tf.layers.prelu() },
    { params: { alpha_regularizer: { l2: 0.01 }, alpha_constraint: 'non_neg' }, inputs: [[null, 6]], output: [null, 6], count: 6 },
  ],
  badParams: [
    { params: { shared_axes: 0 }, path: 'shared_axes' },
    { params: { shared_axes: [] }, path: 'shared_axes' },
    { params: { alpha_initializer: 'zero' }, path: 'alpha_initializer' },
    { params: { alpha: 0.25 } },
  ],
  badShapes: [
    { title: 'shared axis beyond the input', params: { shared_axes: [3] }, inputs: [[null, 4, 5]], code: 'shape/incompatible', message: /shared_axes \(3,\).*\(None, 4, 5\) has only 2 axes/ },
    { title: 'unknown axis not shared', params: {}, inputs: [[null, null, 5]], code: 'shape/unknown-dim', message: /axis 1 .*\(None, None, 5\)/ },
  ],
});
