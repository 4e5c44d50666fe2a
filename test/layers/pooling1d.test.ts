import AveragePooling1D from '../../src/layers/average-pooling1d.js';
import MaxPooling1D from '../../src/layers/max-pooling1d.js';
import { runLayerCases } from './harness.js';

// MaxPooling1D and AveragePooling1D share their arguments and shape rule (Keras tests them together too).
const types = [
  { def: MaxPooling1D, tfjsLayer: 'maxPooling1d' },
  { def: AveragePooling1D, tfjsLayer: 'averagePooling1d' },
] as const;

for (const { def, tfjsLayer } of types) {
  runLayerCases(def, {
    valid: [
      { title: 'default: windows of 2, strides = pool_size', params: {}, inputs: [[null, 10, 4]], output: [null, 5, 4], count: 0, weights: [],
        tfjs: (tf) => tf.layers[tfjsLayer]({}) },
      { title: 'docstring: pool 2, strides 1 on (1, 5, 1) -> (1, 4, 1)', params: { pool_size: 2, strides: 1, padding: 'valid' },
        inputs: [[null, 5, 1]], output: [null, 4, 1], count: 0, tfjs: (tf) => tf.layers[tfjsLayer]({ poolSize: 2, strides: 1 }) },
      { title: 'docstring: same padding keeps the length at stride 1', params: { pool_size: 2, strides: 1, padding: 'same' },
        inputs: [[null, 5, 1]], output: [null, 5, 1], count: 0, tfjs: (tf) => tf.layers[tfjsLayer]({ poolSize: 2, strides: 1, padding: 'same' }) },
      { title: 'same with strides: ceil(n / s)', params: { pool_size: 3, strides: 2, padding: 'same' },
        inputs: [[null, 7, 2]], output: [null, 4, 2], count: 0, tfjs: (tf) => tf.layers[tfjsLayer]({ poolSize: 3, strides: 2, padding: 'same' }) },
      { title: 'list forms', params: { pool_size: [3], strides: [3], data_format: 'channels_last' },
        inputs: [[null, 10, 2]], output: [null, 3, 2], count: 0, tfjs: (tf) => tf.layers[tfjsLayer]({ poolSize: [3], strides: [3] }) },
      { title: 'variable-length sequence', params: { pool_size: 4 },
        inputs: [[null, null, 8]], output: [null, null, 8], count: 0, tfjs: (tf) => tf.layers[tfjsLayer]({ poolSize: 4 }) },
    ],
    badParams: [
      { params: { pool_size: 0 }, path: 'pool_size' },
      { params: { pool_size: [2, 2] }, path: 'pool_size' },
      { params: { strides: -1 }, path: 'strides' },
      { params: { padding: 'causal' }, path: 'padding' },
      { title: 'channels_first (tfjs 1D pooling has no data_format)', params: { data_format: 'channels_first' }, path: 'data_format' },
      { title: 'unknown key', params: { pool_length: 2 } },
    ],
    badShapes: [
      { title: 'an image input', params: {}, inputs: [[null, 8, 8, 3]], code: 'shape/rank', message: /expects a 3D input \(batch, steps, channels\)/ },
      { title: 'window longer than the sequence', params: { pool_size: 4 }, inputs: [[null, 3, 2]], code: 'shape/non-positive',
        message: /has pool_size \(4,\) larger than its input's 3 steps/ },
    ],
  });
}
