import UpSampling2D from '../../src/layers/up-sampling2d.js';
import { runLayerCases } from './harness.js';

runLayerCases(UpSampling2D, {
  valid: [
    { title: 'default: size 2, nearest', params: {}, inputs: [[null, 4, 6, 2]], output: [null, 8, 12, 2], count: 0, weights: [],
      tfjs: (tf) => tf.layers.upSampling2d({}) },
    { title: '[rows, cols], bilinear, channels_first', params: { size: [2, 3], interpolation: 'bilinear', data_format: 'channels_first' },
      inputs: [[null, 4, 6, 2]], output: [null, 4, 12, 6], count: 0,
      tfjs: (tf) => tf.layers.upSampling2d({ size: [2, 3], interpolation: 'bilinear', dataFormat: 'channelsFirst' }) },
    { title: 'an integer size; unknown rows stay unknown', params: { size: 3, interpolation: 'nearest' }, inputs: [[null, null, 5, 1]],
      output: [null, null, 15, 1], count: 0, tfjs: (tf) => tf.layers.upSampling2d({ size: [3, 3] }) },
  ],
  badParams: [
    { params: { size: 0 }, path: 'size' },
    { params: { size: [2, 2, 2] }, path: 'size' },
    { title: 'bicubic (tfjs has only nearest and bilinear)', params: { interpolation: 'bicubic' }, path: 'interpolation' },
    { params: { data_format: 'channels' }, path: 'data_format' },
    { title: 'unknown key', params: { scale: 2 } },
  ],
  badShapes: [
    { title: 'a sequence input', params: {}, inputs: [[null, 10, 3]], code: 'shape/rank', message: /4D input/ },
  ],
});
