import Conv2DTranspose from '../../src/layers/conv2d-transpose.js';
import { runLayerCases } from './harness.js';

/** kh * kw * filters * channels + filters. */
const count = (kh: number, kw: number, c: number, f: number, bias = true) => kh * kw * c * f + (bias ? f : 0);

runLayerCases(Conv2DTranspose, {
  valid: [
    { title: "valid: size * stride + max(kernel - stride, 0)", params: { filters: 3, kernel_size: 3, strides: 2 },
      inputs: [[null, 5, 4, 2]], output: [null, 11, 9, 3], count: count(3, 3, 2, 3), weights: [['kernel', [3, 3, 3, 2]], ['bias', [3]]],
      tfjs: (tf) => tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2 }) },
    { title: 'same: size * stride', params: { filters: 3, kernel_size: 3, strides: 2, padding: 'same' },
      inputs: [[null, 5, 4, 2]], output: [null, 10, 8, 3], count: count(3, 3, 2, 3),
      tfjs: (tf) => tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' }) },
    { title: 'valid with a kernel smaller than the stride', params: { filters: 3, kernel_size: 2, strides: 3 },
      inputs: [[null, 5, 4, 2]], output: [null, 15, 12, 3], count: count(2, 2, 2, 3),
      tfjs: (tf) => tf.layers.conv2dTranspose({ filters: 3, kernelSize: 2, strides: 3 }) },
    { title: 'stride 1 valid grows by kernel - 1', params: { filters: 5, kernel_size: [3, 1] },
      inputs: [[null, 6, 6, 4]], output: [null, 8, 6, 5], count: count(3, 1, 4, 5),
      tfjs: (tf) => tf.layers.conv2dTranspose({ filters: 5, kernelSize: [3, 1] }) },
    { title: 'channels_first', params: { filters: 3, kernel_size: 3, strides: [2, 1], data_format: 'channels_first' },
      inputs: [[null, 2, 5, 4]], output: [null, 3, 11, 6], count: count(3, 3, 2, 3),
      tfjs: (tf) => tf.layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: [2, 1], dataFormat: 'channelsFirst' }) },
    { title: 'unknown rows flow through, no bias', params: { filters: 4, kernel_size: 2, strides: 2, use_bias: false },
      inputs: [[null, null, 7, 2]], output: [null, null, 14, 4], count: count(2, 2, 2, 4, false), weights: [['kernel', [2, 2, 4, 2]]],
      tfjs: (tf) => tf.layers.conv2dTranspose({ filters: 4, kernelSize: 2, strides: 2, useBias: false }) },
    { title: 'the accepted forms of output_padding and dilation_rate', params: { filters: 2, kernel_size: 3, output_padding: null, dilation_rate: [1, 1] },
      inputs: [[null, 4, 4, 1]], output: [null, 6, 6, 2], count: count(3, 3, 1, 2) },
    { title: 'all the Keras arguments', params: {
      filters: 2, kernel_size: 3, strides: 1, padding: 'same', output_padding: null, data_format: 'channels_last', dilation_rate: 1,
      activation: 'sigmoid', use_bias: true, kernel_initializer: 'lecun_uniform', bias_initializer: 'ones', kernel_regularizer: 'l1',
      bias_regularizer: 'l2', activity_regularizer: null, kernel_constraint: 'non_neg', bias_constraint: { type: 'max_norm' },
    }, inputs: [[null, 4, 4, 1]], output: [null, 4, 4, 2], count: count(3, 3, 1, 2) },
  ],
  badParams: [
    { title: 'filters missing', params: { kernel_size: 3 }, path: 'filters' },
    { params: { filters: 2, kernel_size: [3] }, path: 'kernel_size' },
    { title: 'output_padding (tfjs has none)', params: { filters: 2, kernel_size: 3, strides: 2, output_padding: 1 }, path: 'output_padding' },
    { title: 'dilation (tfjs ignores it)', params: { filters: 2, kernel_size: 3, dilation_rate: 2 }, path: 'dilation_rate' },
    { params: { filters: 2, kernel_size: 3, dilation_rate: [1, 2] }, path: 'dilation_rate' },
    { params: { filters: 2, kernel_size: 3, padding: 'full' }, path: 'padding' },
    { params: { filters: 2, kernel_size: 3, groups: 1 } },
  ],
  badShapes: [
    { title: 'a 3D input', params: { filters: 2, kernel_size: 3 }, inputs: [[null, 8, 3]], code: 'shape/rank', message: /4D input/ },
    { title: 'unknown channels', params: { filters: 2, kernel_size: 3 }, inputs: [[null, 8, 8, null]], code: 'shape/unknown-dim' },
  ],
});
