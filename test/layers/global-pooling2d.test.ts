import GlobalAveragePooling2D from '../../src/layers/global-average-pooling2d.js';
import GlobalMaxPooling2D from '../../src/layers/global-max-pooling2d.js';
import { runLayerCases } from './harness.js';

// The global max and average poolings share their arguments and shape rule.
const types = [
  { def: GlobalMaxPooling2D, tfjsLayer: 'globalMaxPooling2d' },
  { def: GlobalAveragePooling2D, tfjsLayer: 'globalAveragePooling2d' },
] as const;

for (const { def, tfjsLayer } of types) {
  runLayerCases(def, {
    valid: [
      { title: 'channels_last -> (batch, channels)', params: {}, inputs: [[null, 7, 7, 64]], output: [null, 64], count: 0, weights: [],
        tfjs: (tf) => tf.layers[tfjsLayer]({}) },
      { title: 'channels_first, unknown cols', params: { data_format: 'channels_first' }, inputs: [[null, 3, 5, null]], output: [null, 3], count: 0,
        tfjs: (tf) => tf.layers[tfjsLayer]({ dataFormat: 'channelsFirst' }) },
      { title: 'any image size', params: { keepdims: false }, inputs: [[null, null, null, 16]], output: [null, 16], count: 0,
        tfjs: (tf) => tf.layers[tfjsLayer]({}) },
      { title: 'unknown channels stay unknown', params: {}, inputs: [[null, 4, 4, null]], output: [null, null], count: 0 },
    ],
    badParams: [
      { title: 'keepdims (tfjs has none)', params: { keepdims: true }, path: 'keepdims' },
      { params: { data_format: 'NHWC' }, path: 'data_format' },
      { title: 'unknown key', params: { axis: 1 } },
    ],
    badShapes: [
      { title: 'a sequence input', params: {}, inputs: [[null, 10, 3]], code: 'shape/rank', message: /expects a 4D input \(batch, rows, cols, channels\)/ },
      { title: 'a 5D input', params: { data_format: 'channels_first' }, inputs: [[null, 3, 4, 4, 4]], code: 'shape/rank', message: /\(batch, channels, rows, cols\)/ },
    ],
  });
}
