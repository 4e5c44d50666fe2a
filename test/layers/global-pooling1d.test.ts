import GlobalAveragePooling1D from '../../src/layers/global-average-pooling1d.js';
import GlobalMaxPooling1D from '../../src/layers/global-max-pooling1d.js';
import { runLayerCases } from './harness.js';

// The global max and average poolings share their arguments and shape rule.
const types = [
  { def: GlobalMaxPooling1D, tfjsLayer: 'globalMaxPooling1d' },
  { def: GlobalAveragePooling1D, tfjsLayer: 'globalAveragePooling1d' },
] as const;

for (const { def, tfjsLayer } of types) {
  runLayerCases(def, {
    valid: [
      { title: '(batch, steps, channels) -> (batch, channels)', params: {}, inputs: [[null, 10, 8]], output: [null, 8], count: 0, weights: [],
        tfjs: (tf) => tf.layers[tfjsLayer]({}) },
      { title: 'variable-length sequence', params: { data_format: 'channels_last', keepdims: false }, inputs: [[null, null, 32]], output: [null, 32], count: 0,
        tfjs: (tf) => tf.layers[tfjsLayer]({}) },
    ],
    badParams: [
      { title: 'keepdims (tfjs has none)', params: { keepdims: true }, path: 'keepdims' },
      { title: 'channels_first (tfjs has no data_format here)', params: { data_format: 'channels_first' }, path: 'data_format' },
      { title: 'unknown key', params: { axis: 1 } },
    ],
    badShapes: [
      { title: 'an image input', params: {}, inputs: [[null, 8, 8, 3]], code: 'shape/rank', message: /expects a 3D input \(batch, steps, channels\), but got 4D input \(None, 8, 8, 3\)/ },
      { title: 'a 2D input', params: {}, inputs: [[null, 8]], code: 'shape/rank' },
    ],
  });
}
