import ReLU from '../../src/layers/relu.js';
import { runLayerCases } from './harness.js';

runLayerCases(ReLU, {
  valid: [
    { params: {}, inputs: [[null, 32]], output: [null, 32], count: 0,
      tfjs: (tf) => tf.layers.reLU() },
    { title: 'ReLU6', params: { max_value: 6 }, inputs: [[null, 8, 8, 16]], output: [null, 8, 8, 16], count: 0,
      tfjs: (tf) => tf.layers.reLU({ maxValue: 6 }) },
    { title: 'Keras defaults written out', params: { max_value: null, negative_slope: 0, threshold: 0 }, inputs: [[null, null, 4]], output: [null, null, 4], count: 0,
      tfjs: (tf) => tf.layers.reLU() },
  ],
  badParams: [
    { params: { max_value: -1 }, path: 'max_value' },
    { title: 'tfjs has no negative_slope', params: { negative_slope: 0.1 }, path: 'negative_slope' },
    { title: 'tfjs has no threshold', params: { threshold: 0.5 }, path: 'threshold' },
    { params: { alpha: 0.1 } },
  ],
  badShapes: [],
});
