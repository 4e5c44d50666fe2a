import Cropping2D from '../../src/layers/cropping2d.js';
import { runLayerCases } from './harness.js';

runLayerCases(Cropping2D, {
  valid: [
    { title: 'docstring: ((2, 2), (4, 4)) on (2, 28, 28, 3) -> (2, 24, 20, 3)', params: { cropping: [[2, 2], [4, 4]] },
      inputs: [[null, 28, 28, 3]], output: [null, 24, 20, 3], count: 0, weights: [],
      tfjs: (tf) => tf.layers.cropping2D({ cropping: [[2, 2], [4, 4]] }) },
    { title: 'asymmetric', params: { cropping: [[1, 2], [0, 3]] }, inputs: [[null, 4, 6, 2]], output: [null, 1, 3, 2], count: 0,
      tfjs: (tf) => tf.layers.cropping2D({ cropping: [[1, 2], [0, 3]] }) },
    { title: '[rows, cols], channels_first', params: { cropping: [1, 2], data_format: 'channels_first' }, inputs: [[null, 2, 4, 6]],
      output: [null, 2, 2, 2], count: 0, tfjs: (tf) => tf.layers.cropping2D({ cropping: [1, 2], dataFormat: 'channelsFirst' }) },
    { title: 'an integer', params: { cropping: 1 }, inputs: [[null, 28, 28, 3]], output: [null, 26, 26, 3], count: 0,
      tfjs: (tf) => tf.layers.cropping2D({ cropping: 1 }) },
    { title: 'default: no cropping', params: {}, inputs: [[null, 5, 5, 1]], output: [null, 5, 5, 1], count: 0,
      tfjs: (tf) => tf.layers.cropping2D({ cropping: 0 }) },
    // No tfjs check here: tfjs computes None - 2 as -2; Keras (and layerspec) keep None.
    { title: 'unknown rows stay unknown', runtimeError: /unknown rows or cols .* cannot run in TensorFlow\.js/, params: { cropping: 1 }, inputs: [[null, null, 6, 2]], output: [null, null, 4, 2], count: 0 },
  ],
  badParams: [
    { params: { cropping: -1 }, path: 'cropping' },
    { params: { cropping: [1, 2, 3] }, path: 'cropping' },
    { params: { cropping: [[1, 2], [3, 4, 5]] }, path: 'cropping' },
    { params: { cropping: 'valid' }, path: 'cropping' },
    { title: 'unknown key', params: { crop: 1 } },
  ],
  badShapes: [
    { title: 'a sequence input', params: {}, inputs: [[null, 10, 3]], code: 'shape/rank', message: /4D input/ },
    { title: 'cropping everything', params: { cropping: 2 }, inputs: [[null, 4, 6, 2]], code: 'shape/non-positive',
      message: /crops 2 \(top\) \+ 2 \(bottom\) from its input's 4 rows x 6 cols \(input \(None, 4, 6, 2\)\), which would leave 0 rows x 2 cols/ },
    { title: 'cropping more than the cols, channels_first', params: { cropping: [[0, 0], [3, 4]], data_format: 'channels_first' },
      inputs: [[null, 8, 4, 6]], code: 'shape/non-positive', message: /crops 3 \(left\) \+ 4 \(right\) .* leave 4 rows x -1 cols/ },
  ],
});
