import Concatenate from '../../src/layers/concatenate.js';
import { runLayerCases } from './harness.js';

runLayerCases(Concatenate, {
  valid: [
    { params: {}, inputs: [[null, 32, 32, 16], [null, 32, 32, 8]], output: [null, 32, 32, 24], count: 0, weights: [],
      tfjs: (tf) => tf.layers.concatenate() },
    { title: 'three inputs on axis 1', params: { axis: 1 }, inputs: [[null, 2, 3], [null, 4, 3], [null, 1, 3]], output: [null, 7, 3],
      tfjs: (tf) => tf.layers.concatenate({ axis: 1 }) },
    { title: 'negative axis', params: { axis: -2 }, inputs: [[null, 2, 3], [null, 4, 3]], output: [null, 6, 3],
      tfjs: (tf) => tf.layers.concatenate({ axis: -2 }) },
    { title: 'an unknown length on the axis gives None', params: { axis: 1 }, inputs: [[null, null, 3], [null, 4, 3]], output: [null, null, 3],
      tfjs: (tf) => tf.layers.concatenate({ axis: 1 }) },
    { title: 'None matches None on the other axes', params: {}, inputs: [[null, null, 3], [null, null, 5]], output: [null, null, 8],
      tfjs: (tf) => tf.layers.concatenate() },
    { title: 'flat features', params: {}, inputs: [[null, 100], [null, 32]], output: [null, 132],
      tfjs: (tf) => tf.layers.concatenate() },
  ],
  badParams: [
    { params: { axis: 1.5 }, path: 'axis' },
    { params: { axis: 'last' }, path: 'axis' },
    { params: { axes: 1 } },
  ],
  badShapes: [
    { title: 'one branch was pooled', params: {}, inputs: [[null, 32, 32, 16], [null, 32, 32, 16], [null, 16, 16, 3]], code: 'shape/mismatch',
      message: /axis 1 differs: \(None, 32, 32, 16\), \(None, 32, 32, 16\), \(None, 16, 16, 3\)/ },
    { title: 'tfjs: None does not match a known size', params: {}, inputs: [[null, null, 3], [null, 5, 4]], code: 'shape/mismatch' },
    { title: 'different ranks', params: {}, inputs: [[null, 3], [null, 4, 3]], code: 'shape/mismatch', message: /same rank/ },
    { title: 'axis out of range', params: { axis: 3 }, inputs: [[null, 2, 3], [null, 2, 3]], code: 'shape/incompatible', message: /axis 3/ },
  ],
});
