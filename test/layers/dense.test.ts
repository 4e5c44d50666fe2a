import Dense from '../../src/layers/dense.js';
import { runLayerCases } from './harness.js';

runLayerCases(Dense, {
  valid: [
    { params: { units: 10 }, inputs: [[null, 32]], output: [null, 10], count: 330, weights: [['kernel', [32, 10]], ['bias', [10]]],
      tfjs: (tf) => tf.layers.dense({ units: 10 }) },
    { title: 'applies to the last axis of a 3D input', params: { units: 4, use_bias: false }, inputs: [[null, 5, 8]], output: [null, 5, 4], count: 32,
      tfjs: (tf) => tf.layers.dense({ units: 4, useBias: false }) },
    { params: { units: 2, activation: 'relu', kernel_initializer: { type: 'random_normal', stddev: 0.02 }, kernel_regularizer: { l2: 0.01 } },
      inputs: [[null, 3]], output: [null, 2], count: 8 },
  ],
  badParams: [
    { title: 'units missing', params: {}, path: 'units' },
    { params: { units: 0 }, path: 'units' },
    { params: { units: 2.5 }, path: 'units' },
    { params: { units: 2, activation: 'relux' }, path: 'activation' },
    { params: { units: 2, unitz: 3 } },
  ],
  badShapes: [
    { title: 'a 1D input (batch only)', params: { units: 2 }, inputs: [[null]], code: 'shape/rank' },
    { title: 'unknown feature dimension', params: { units: 2 }, inputs: [[null, null]], code: 'shape/unknown-dim' },
  ],
});
