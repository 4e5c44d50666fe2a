import DepthwiseConv2D from '../../src/layers/depthwise-conv2d.js';
import { runLayerCases } from './harness.js';

/** kh*kw*C*dm + bias C*dm. */
const count = (kh: number, kw: number, c: number, dm: number, bias = true) => kh * kw * c * dm + (bias ? c * dm : 0);

runLayerCases(DepthwiseConv2D, {
  valid: [
    { title: '3x3 on 8x8x3 keeps the channels', params: { kernel_size: 3 },
      inputs: [[null, 8, 8, 3]], output: [null, 6, 6, 3], count: count(3, 3, 3, 1),
      weights: [['depthwise_kernel', [3, 3, 3, 1]], ['bias', [3]]],
      tfjs: (tf) => tf.layers.depthwiseConv2d({ kernelSize: 3 }) },
    { title: 'depth_multiplier, channels_first: channels * depth_multiplier outputs', params: { kernel_size: 3, depth_multiplier: 2, data_format: 'channels_first' },
      inputs: [[null, 2, 9, 8]], output: [null, 4, 7, 6], count: count(3, 3, 2, 2),
      weights: [['depthwise_kernel', [3, 3, 2, 2]], ['bias', [4]]],
      tfjs: (tf) => tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, dataFormat: 'channelsFirst' }) },
    { title: 'same padding with strides', params: { kernel_size: 3, strides: 2, padding: 'same' },
      inputs: [[null, 7, 7, 4]], output: [null, 4, 4, 4], count: count(3, 3, 4, 1),
      tfjs: (tf) => tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same' }) },
    { title: 'no bias, rectangular kernel', params: { kernel_size: [2, 3], depth_multiplier: 3, use_bias: false },
      inputs: [[null, 5, 5, 2]], output: [null, 4, 3, 6], count: count(2, 3, 2, 3, false), weights: [['depthwise_kernel', [2, 3, 2, 3]]],
      tfjs: (tf) => tf.layers.depthwiseConv2d({ kernelSize: [2, 3], depthMultiplier: 3, useBias: false }) },
    { title: 'unknown rows and cols flow through', params: { kernel_size: 3, strides: [1, 2] },
      inputs: [[null, null, null, 5]], output: [null, null, null, 5], count: count(3, 3, 5, 1),
      tfjs: (tf) => tf.layers.depthwiseConv2d({ kernelSize: 3, strides: [1, 2] }) },
    { title: 'all the Keras arguments', params: {
      kernel_size: 2, strides: 1, padding: 'valid', depth_multiplier: 1, data_format: 'channels_last', dilation_rate: [1, 1],
      activation: 'elu', use_bias: true, depthwise_initializer: 'glorot_normal', bias_initializer: 'zeros', depthwise_regularizer: 'l1',
      bias_regularizer: null, activity_regularizer: null, depthwise_constraint: 'max_norm', bias_constraint: null,
    }, inputs: [[null, 3, 3, 2]], output: [null, 2, 2, 2], count: count(2, 2, 2, 1) },
  ],
  badParams: [
    { title: 'kernel_size missing', params: {}, path: 'kernel_size' },
    { title: 'filters is not a DepthwiseConv2D argument', params: { kernel_size: 3, filters: 8 } },
    { params: { kernel_size: 3, depth_multiplier: 0 }, path: 'depth_multiplier' },
    { title: 'dilation (tfjs ignores it)', params: { kernel_size: 3, dilation_rate: 2 }, path: 'dilation_rate' },
    { params: { kernel_size: 3, kernel_initializer: 'zeros' } },
  ],
  badShapes: [
    { title: 'a 3D input', params: { kernel_size: 3 }, inputs: [[null, 8, 3]], code: 'shape/rank', message: /4D input/ },
    { title: 'kernel larger than the input', params: { kernel_size: 4 }, inputs: [[null, 3, 8, 3]], code: 'shape/non-positive',
      message: /kernel_size \(4, 4\) larger than its input's 3 rows x 8 cols/ },
    { title: 'unknown channels', params: { kernel_size: 3 }, inputs: [[null, 8, 8, null]], code: 'shape/unknown-dim' },
  ],
});
