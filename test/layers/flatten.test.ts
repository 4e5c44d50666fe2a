import Flatten from '../../src/layers/flatten.js';
import { runLayerCases } from './harness.js';

runLayerCases(Flatten, {
  valid: [
    { params: {}, inputs: [[null, 28, 28, 1]], output: [null, 784], count: 0,
      tfjs: (tf) => tf.layers.flatten() },
    { params: {}, inputs: [[null, 10, 64]], output: [null, 640], count: 0,
      tfjs: (tf) => tf.layers.flatten() },
    { params: { data_format: 'channels_first' }, inputs: [[null, 3, 32, 32]], output: [null, 3072], count: 0,
      tfjs: (tf) => tf.layers.flatten({ dataFormat: 'channelsFirst' }) },
    { params: { data_format: 'channels_last' }, inputs: [[null, 2, 3, 4, 5]], output: [null, 120], count: 0,
      tfjs: (tf) => tf.layers.flatten({ dataFormat: 'channelsLast' }) },
  ],
  badParams: [
    { params: { data_format: 'channels_middle' }, path: 'data_format' },
    { params: { start_dim: 1 } },
  ],
  badShapes: [
    { title: 'already flat 2D input (tfjs needs rank 3)', params: {}, inputs: [[null, 32]], code: 'shape/rank', message: /rank 3 or more.*\(None, 32\)/ },
    { title: 'batch only', params: {}, inputs: [[null]], code: 'shape/rank' },
    { title: 'variable length', params: {}, inputs: [[null, null, 8]], code: 'shape/unknown-dim', message: /\(None, None, 8\)/ },
  ],
});
