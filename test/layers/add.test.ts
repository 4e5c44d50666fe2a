import Add from '../../src/layers/add.js';
import { runLayerCases } from './harness.js';

runLayerCases(Add, {
  valid: [
    { params: {}, inputs: [[null, 16, 16, 64], [null, 16, 16, 64]], output: [null, 16, 16, 64], count: 0, weights: [],
      tfjs: (tf) => tf.layers.add() },
    { title: 'three inputs', params: {}, inputs: [[null, 8], [null, 8], [null, 8]], output: [null, 8], count: 0,
      tfjs: (tf) => tf.layers.add() },
    { title: 'a size 1 broadcasts', params: {}, inputs: [[null, 1, 3], [null, 4, 3]], output: [null, 4, 3], count: 0,
      tfjs: (tf) => tf.layers.add() },
    { title: 'a lower-rank input is aligned on the last axis', params: {}, inputs: [[null, 3], [null, 4, 3]], output: [null, 4, 3],
      tfjs: (tf) => tf.layers.add() },
    { title: 'None on either side gives None', params: {}, inputs: [[null, null, 3], [null, 4, 1]], output: [null, null, 3],
      tfjs: (tf) => tf.layers.add() },
    { title: 'variable-length sequences', params: {}, inputs: [[null, null, 8], [null, null, 8]], output: [null, null, 8],
      tfjs: (tf) => tf.layers.add() },
  ],
  badParams: [
    { title: 'takes no parameters', params: { axis: 1 } },
  ],
  badShapes: [
    { title: 'a residual whose channels differ', params: {}, inputs: [[null, 16, 16, 32], [null, 16, 16, 64]], code: 'shape/mismatch',
      message: /axis -1 has size 32 in one input and 64 in another; input shapes: \(None, 16, 16, 32\), \(None, 16, 16, 64\)/ },
    { title: 'the third input differs', params: {}, inputs: [[null, 5, 3], [null, 5, 3], [null, 6, 3]], code: 'shape/mismatch',
      message: /\(None, 5, 3\), \(None, 5, 3\), \(None, 6, 3\)/ },
  ],
});
