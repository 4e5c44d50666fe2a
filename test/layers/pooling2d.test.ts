import AveragePooling2D from '../../src/layers/average-pooling2d.js';
import MaxPooling2D from '../../src/layers/max-pooling2d.js';
import { runLayerCases } from './harness.js';

// MaxPooling2D and AveragePooling2D share their arguments and shape rule (Keras tests them together too).
const types = [
  { def: MaxPooling2D, tfjsLayer: 'maxPooling2d' },
  { def: AveragePooling2D, tfjsLayer: 'averagePooling2d' },
] as const;

for (const { def, tfjsLayer } of types) {
  runLayerCases(def, {
    valid: [
      { title: 'default: 2x2 windows, strides = pool_size', params: {}, inputs: [[null, 32, 32, 3]], output: [null, 16, 16, 3], count: 0, weights: [],
        tfjs: (tf) => tf.layers[tfjsLayer]({}) },
      { title: 'docstring: pool 2, strides 1 on (1, 3, 3, 1) -> (1, 2, 2, 1)', params: { pool_size: [2, 2], strides: [1, 1], padding: 'valid' },
        inputs: [[null, 3, 3, 1]], output: [null, 2, 2, 1], count: 0,
        tfjs: (tf) => tf.layers[tfjsLayer]({ poolSize: [2, 2], strides: [1, 1], padding: 'valid' }) },
      { title: 'valid with strides: floor((n - p) / s) + 1', params: { pool_size: 3, strides: 2 },
        inputs: [[null, 7, 8, 2]], output: [null, 3, 3, 2], count: 0, tfjs: (tf) => tf.layers[tfjsLayer]({ poolSize: 3, strides: 2 }) },
      { title: 'odd size drops the remainder', params: { pool_size: 2 },
        inputs: [[null, 5, 7, 2]], output: [null, 2, 3, 2], count: 0, tfjs: (tf) => tf.layers[tfjsLayer]({ poolSize: 2 }) },
      { title: 'same: ceil(n / s)', params: { pool_size: 3, strides: 2, padding: 'same' },
        inputs: [[null, 7, 8, 2]], output: [null, 4, 4, 2], count: 0, tfjs: (tf) => tf.layers[tfjsLayer]({ poolSize: 3, strides: 2, padding: 'same' }) },
      { title: 'same with a window larger than the input', params: { pool_size: 5, padding: 'same' },
        inputs: [[null, 4, 6, 2]], output: [null, 1, 2, 2], count: 0, tfjs: (tf) => tf.layers[tfjsLayer]({ poolSize: 5, padding: 'same' }) },
      { title: 'channels_first', params: { pool_size: [3, 2], data_format: 'channels_first' },
        inputs: [[null, 3, 9, 6]], output: [null, 3, 3, 3], count: 0,
        tfjs: (tf) => tf.layers[tfjsLayer]({ poolSize: [3, 2], dataFormat: 'channelsFirst' }) },
      { title: 'unknown rows and channels flow through', params: { strides: null },
        inputs: [[null, null, 6, null]], output: [null, null, 3, null], count: 0, tfjs: (tf) => tf.layers[tfjsLayer]({}) },
    ],
    badParams: [
      { params: { pool_size: 0 }, path: 'pool_size' },
      { params: { pool_size: [2, 2, 2] }, path: 'pool_size' },
      { params: { strides: 1.5 }, path: 'strides' },
      { params: { padding: 'causal' }, path: 'padding' },
      { params: { data_format: 'channels_middle' }, path: 'data_format' },
      { title: 'unknown key', params: { pool: 2 } },
    ],
    badShapes: [
      { title: 'a 3D input', params: {}, inputs: [[null, 10, 3]], code: 'shape/rank', message: /expects a 4D input \(batch, rows, cols, channels\)/ },
      { title: 'window larger than the input', params: { pool_size: 5 }, inputs: [[null, 4, 8, 3]], code: 'shape/non-positive',
        message: /has pool_size \(5, 5\) larger than its input's 4 rows x 8 cols \(input \(None, 4, 8, 3\)\), so with padding 'valid' its output would be 0 rows x 1 col\b/ },
      { title: 'channels_first reads rows from axis 2', params: { pool_size: 3, data_format: 'channels_first' }, inputs: [[null, 8, 2, 8]],
        code: 'shape/non-positive' },
    ],
  });
}
