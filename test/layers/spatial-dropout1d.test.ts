import SpatialDropout1D from '../../src/layers/spatial-dropout1d.js';
import { runLayerCases } from './harness.js';

runLayerCases(SpatialDropout1D, {
  valid: [
    { params: { rate: 0.3 }, inputs: [[null, 20, 16]], output: [null, 20, 16], count: 0,
      tfjs: (tf) => tf.layers.spatialDropout1d({ rate: 0.3 }) },
    { title: 'variable length', params: { rate: 0.1, seed: 7 }, inputs: [[null, null, 16]], output: [null, null, 16], count: 0,
      tfjs: (tf) => tf.layers.spatialDropout1d({ rate: 0.1, seed: 7 }) },
  ],
  badParams: [
    { title: 'rate missing', params: {}, path: 'rate' },
    { params: { rate: 1.5 }, path: 'rate' },
    { title: 'no noise_shape: the mask shape is fixed', params: { rate: 0.5, noise_shape: [null, 1, null] } },
  ],
  badShapes: [
    { title: '2D input', params: { rate: 0.5 }, inputs: [[null, 16]], code: 'shape/rank', message: /expects a 3D input \(batch, steps, channels\), but got 2D input \(None, 16\)/ },
    { title: '4D input', params: { rate: 0.5 }, inputs: [[null, 8, 8, 3]], code: 'shape/rank' },
  ],
});
