import LeakyReLU from '../../src/layers/leaky-relu.js';
import { runLayerCases } from './harness.js';

runLayerCases(LeakyReLU, {
  valid: [
    { params: {}, inputs: [[null, 32]], output: [null, 32], count: 0,
      tfjs: (tf) => tf.layers.leakyReLU() },
    { title: 'Keras 2 alpha', params: { alpha: 0.1 }, inputs: [[null, 8, 8, 3]], output: [null, 8, 8, 3], count: 0,
      tfjs: (tf) => tf.layers.leakyReLU({ alpha: 0.1 }) },
    { title: 'Keras 3 negative_slope', params: { negative_slope: 0.2 }, inputs: [[null, null, 4]], output: [null, null, 4], count: 0,
      tfjs: (tf) => tf.layers.leakyReLU({ alpha: 0.2 }) },
  ],
  badParams: [
    { params: { alpha: -0.1 }, path: 'alpha' },
    { params: { negative_slope: 'small' }, path: 'negative_slope' },
    { params: { slope: 0.1 } },
  ],
  badShapes: [
    { title: 'both names', params: { alpha: 0.1, negative_slope: 0.1 }, inputs: [[null, 4]], code: 'schema/invalid', message: /both alpha and negative_slope/ },
  ],
});
