import RepeatVector from '../../src/layers/repeat-vector.js';
import { runLayerCases } from './harness.js';

runLayerCases(RepeatVector, {
  valid: [
    { params: { n: 3 }, inputs: [[null, 32]], output: [null, 3, 32], count: 0,
      tfjs: (tf) => tf.layers.repeatVector({ n: 3 }) },
    { title: 'unknown features flow through', params: { n: 5 }, inputs: [[null, null]], output: [null, 5, null], count: 0,
      tfjs: (tf) => tf.layers.repeatVector({ n: 5 }) },
  ],
  badParams: [
    { title: 'n missing', params: {}, path: 'n' },
    { params: { n: 0 }, path: 'n' },
    { params: { n: 2.5 }, path: 'n' },
    { params: { n: 2, times: 2 } },
  ],
  badShapes: [
    { title: '3D input', params: { n: 3 }, inputs: [[null, 4, 8]], code: 'shape/rank', message: /expects a 2D input \(batch, features\), but got 3D input \(None, 4, 8\)/ },
    { title: 'batch only', params: { n: 3 }, inputs: [[null]], code: 'shape/rank' },
  ],
});
