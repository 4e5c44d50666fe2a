import Masking from '../../src/layers/masking.js';
import { runLayerCases } from './harness.js';

runLayerCases(Masking, {
  valid: [
    { params: {}, inputs: [[null, 10, 8]], output: [null, 10, 8], count: 0,
      tfjs: (tf) => tf.layers.masking() },
    { params: { mask_value: -1 }, inputs: [[null, null, 8]], output: [null, null, 8], count: 0,
      tfjs: (tf) => tf.layers.masking({ maskValue: -1 }) },
    { params: { mask_value: 0.5 }, inputs: [[null, 8]], output: [null, 8], count: 0,
      tfjs: (tf) => tf.layers.masking({ maskValue: 0.5 }) },
  ],
  badParams: [
    { params: { mask_value: 'pad' }, path: 'mask_value' },
    { params: { value: 0 } },
  ],
  badShapes: [
    { title: 'no feature axis', params: {}, inputs: [[null]], code: 'shape/rank' },
  ],
});
