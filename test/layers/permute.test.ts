import Permute from '../../src/layers/permute.js';
import { runLayerCases } from './harness.js';

runLayerCases(Permute, {
  valid: [
    { params: { dims: [2, 1] }, inputs: [[null, 10, 64]], output: [null, 64, 10], count: 0,
      tfjs: (tf) => tf.layers.permute({ dims: [2, 1] }) },
    { params: { dims: [3, 1, 2] }, inputs: [[null, 32, 24, 3]], output: [null, 3, 32, 24], count: 0,
      tfjs: (tf) => tf.layers.permute({ dims: [3, 1, 2] }) },
    { title: 'identity', params: { dims: [1] }, inputs: [[null, 5]], output: [null, 5], count: 0,
      tfjs: (tf) => tf.layers.permute({ dims: [1] }) },
    { title: 'unknown dims move with their axis', params: { dims: [2, 1] }, inputs: [[null, null, 8]], output: [null, 8, null], count: 0,
      tfjs: (tf) => tf.layers.permute({ dims: [2, 1] }) },
  ],
  badParams: [
    { title: 'dims missing', params: {}, path: 'dims' },
    { title: '0-based', params: { dims: [0, 1] }, path: 'dims.0' },
    { title: 'not a permutation', params: { dims: [1, 3] }, path: 'dims' },
    { title: 'repeated axis', params: { dims: [2, 2] }, path: 'dims' },
    { params: { dims: [] }, path: 'dims' },
    { params: { dims: 2 }, path: 'dims' },
  ],
  badShapes: [
    { title: 'dims for a rank-3 input on a rank-4 input', params: { dims: [2, 1] }, inputs: [[null, 4, 5, 6]], code: 'shape/rank',
      message: /expects a 3D input .*dims \(2, 1\).*got 4D input \(None, 4, 5, 6\)/ },
    { title: 'too few axes', params: { dims: [3, 1, 2] }, inputs: [[null, 4]], code: 'shape/rank' },
  ],
});
