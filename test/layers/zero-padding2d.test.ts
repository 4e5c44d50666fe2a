import ZeroPadding2D from '../../src/layers/zero-padding2d.js';
import { runLayerCases } from './harness.js';

runLayerCases(ZeroPadding2D, {
  valid: [
    { title: 'default: one row and col of zeros at every edge', params: {}, inputs: [[null, 4, 5, 3]], output: [null, 6, 7, 3], count: 0, weights: [],
      tfjs: (tf) => tf.layers.zeroPadding2d({}) },
    { title: 'an integer, channels_first', params: { padding: 2, data_format: 'channels_first' }, inputs: [[null, 3, 4, 5]], output: [null, 3, 8, 9],
      count: 0, tfjs: (tf) => tf.layers.zeroPadding2d({ padding: 2, dataFormat: 'channelsFirst' }) },
    { title: '[rows, cols], symmetric', params: { padding: [1, 2] }, inputs: [[null, 4, 5, 3]], output: [null, 6, 9, 3], count: 0,
      tfjs: (tf) => tf.layers.zeroPadding2d({ padding: [1, 2] }) },
    { title: '[[top, bottom], [left, right]], unknown cols stay unknown', params: { padding: [[1, 2], [0, 3]] },
      inputs: [[null, 4, null, 2]], output: [null, 7, null, 2], count: 0,
      tfjs: (tf) => tf.layers.zeroPadding2d({ padding: [[1, 2], [0, 3]] }) },
    { title: 'zero padding is the identity', params: { padding: 0, data_format: 'channels_last' }, inputs: [[null, 4, 5, 3]], output: [null, 4, 5, 3],
      count: 0, tfjs: (tf) => tf.layers.zeroPadding2d({ padding: 0 }) },
  ],
  badParams: [
    { params: { padding: -1 }, path: 'padding' },
    { params: { padding: 1.5 }, path: 'padding' },
    { params: { padding: [1, 2, 3] }, path: 'padding' },
    { params: { padding: [[1, 2], [3]] }, path: 'padding' },
    { title: "a conv padding mode is not ZeroPadding2D's padding", params: { padding: 'same' }, path: 'padding' },
    { params: { data_format: 'channels' }, path: 'data_format' },
    { title: 'unknown key', params: { pad: 1 } },
  ],
  badShapes: [
    { title: 'a sequence input', params: {}, inputs: [[null, 10, 3]], code: 'shape/rank', message: /expects a 4D input \(batch, rows, cols, channels\), but got 3D input \(None, 10, 3\)/ },
  ],
});
