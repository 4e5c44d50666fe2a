import Average from '../../src/layers/average.js';
import { runLayerCases } from './harness.js';

runLayerCases(Average, {
  valid: [
    { params: {}, inputs: [[null, 4, 5], [null, 4, 5]], output: [null, 4, 5], count: 0, weights: [],
      tfjs: (tf) => tf.layers.average() },
    { title: 'three inputs with broadcasting', params: {}, inputs: [[null, 4, 5], [null, 1, 5], [null, 5]], output: [null, 4, 5], count: 0,
      tfjs: (tf) => tf.layers.average() },
    { title: 'unknown length', params: {}, inputs: [[null, null, 5], [null, 7, 5]], output: [null, null, 5],
      tfjs: (tf) => tf.layers.average() },
  ],
  badParams: [
    { title: 'takes no parameters', params: { mode: 'sum' } },
  ],
  badShapes: [
    { params: {}, inputs: [[null, 4, 5], [null, 4, 6]], code: 'shape/mismatch', message: /\(None, 4, 5\), \(None, 4, 6\)/ },
  ],
});
