import Softmax from '../../src/layers/softmax.js';
import { runLayerCases } from './harness.js';

runLayerCases(Softmax, {
  valid: [
    { params: {}, inputs: [[null, 10]], output: [null, 10], count: 0,
      tfjs: (tf) => tf.layers.softmax({ axis: -1 }) },
    { params: { axis: 2 }, inputs: [[null, 5, 10]], output: [null, 5, 10], count: 0,
      tfjs: (tf) => tf.layers.softmax({ axis: 2 }) },
    { title: 'several axes', params: { axis: [1, 2] }, inputs: [[null, 4, 4, 3]], output: [null, 4, 4, 3], count: 0,
      tfjs: (tf) => tf.layers.softmax({ axis: [1, 2] }) },
    { title: 'one-element list on the last axis', params: { axis: [-1] }, inputs: [[null, null, 8]], output: [null, null, 8], count: 0 },
  ],
  badParams: [
    { params: { axis: 1.5 }, path: 'axis' },
    { params: { axis: [] }, path: 'axis' },
    { params: { axis: -1, dim: 1 } },
  ],
  badShapes: [
    { title: 'a single non-last axis (tfjs cannot)', params: { axis: 1 }, inputs: [[null, 5, 10]], code: 'shape/incompatible', message: /only over the last axis \(2\).*\(None, 5, 10\)/ },
    { title: 'axis out of range', params: { axis: 3 }, inputs: [[null, 5, 10]], code: 'shape/incompatible', message: /out of range/ },
    { title: 'the batch axis', params: { axis: [0, 1] }, inputs: [[null, 5]], code: 'shape/incompatible', message: /batch axis/ },
    { title: 'repeated axis', params: { axis: [1, -2] }, inputs: [[null, 5, 3]], code: 'shape/incompatible' },
    { title: 'batch only', params: {}, inputs: [[null]], code: 'shape/rank' },
  ],
});
