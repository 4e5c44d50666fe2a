import Reshape from '../../src/layers/reshape.js';
import { runLayerCases } from './harness.js';

runLayerCases(Reshape, {
  valid: [
    { params: { target_shape: [3, 4] }, inputs: [[null, 12]], output: [null, 3, 4], count: 0,
      tfjs: (tf) => tf.layers.reshape({ targetShape: [3, 4] }) },
    { params: { target_shape: [6, 2] }, inputs: [[null, 3, 4]], output: [null, 6, 2], count: 0,
      tfjs: (tf) => tf.layers.reshape({ targetShape: [6, 2] }) },
    // tfjs leaves an inferred -1 as None; the runtime gives it the resolved shape, as done here.
    { title: 'infers -1', params: { target_shape: [-1, 4] }, inputs: [[null, 8, 2]], output: [null, 4, 4], count: 0,
      tfjs: (tf) => tf.layers.reshape({ targetShape: [4, 4] }) },
    { title: 'flattens with -1', params: { target_shape: [-1] }, inputs: [[null, 2, 3, 5]], output: [null, 30], count: 0 },
    { title: 'unknown input dim leaves -1 unknown', params: { target_shape: [-1, 2] }, inputs: [[null, null, 2]], output: [null, null, 2], count: 0,
      tfjs: (tf) => tf.layers.reshape({ targetShape: [-1, 2] }) },
    { title: 'unknown input dim, no check possible', params: { target_shape: [5, 2] }, inputs: [[null, null, 2]], output: [null, 5, 2], count: 0,
      tfjs: (tf) => tf.layers.reshape({ targetShape: [5, 2] }) },
  ],
  badParams: [
    { title: 'target_shape missing', params: {}, path: 'target_shape' },
    { title: 'two -1', params: { target_shape: [-1, -1] }, path: 'target_shape' },
    { params: { target_shape: [0, 4] }, path: 'target_shape.0' },
    { params: { target_shape: [-2, 4] }, path: 'target_shape.0' },
    { params: { target_shape: 12 }, path: 'target_shape' },
    { params: { target_shape: [3, 4], shape: [3, 4] } },
  ],
  badShapes: [
    { title: 'sizes differ', params: { target_shape: [3, 4] }, inputs: [[null, 8, 2]], code: 'shape/incompatible',
      message: 'cannot reshape input (None, 8, 2) of 16 values per sample into target_shape (3, 4) of 12 values' },
    { title: '-1 cannot divide', params: { target_shape: [-1, 5] }, inputs: [[null, 8, 3]], code: 'shape/incompatible',
      message: /input \(None, 8, 3\) of 24 values.*target_shape \(-1, 5\): 24 is not divisible by the 5/ },
  ],
});
