import SeparableConv2D from '../../src/layers/separable-conv2d.js';
import { runLayerCases } from './harness.js';

/** depthwise kh*kw*C*dm + pointwise C*dm*filters + bias filters. */
const count = (kh: number, kw: number, c: number, dm: number, f: number, bias = true) => kh * kw * c * dm + c * dm * f + (bias ? f : 0);

runLayerCases(SeparableConv2D, {
  valid: [
    { title: '16 filters of 3x3 on 8x8x3', params: { filters: 16, kernel_size: 3 },
      inputs: [[null, 8, 8, 3]], output: [null, 6, 6, 16], count: count(3, 3, 3, 1, 16),
      weights: [['depthwise_kernel', [3, 3, 3, 1]], ['pointwise_kernel', [1, 1, 3, 16]], ['bias', [16]]],
      tfjs: (tf) => tf.layers.separableConv2d({ filters: 16, kernelSize: 3 }) },
    { title: 'depth_multiplier, same padding, strides', params: { filters: 8, kernel_size: 3, depth_multiplier: 2, padding: 'same', strides: 2 },
      inputs: [[null, 9, 9, 4]], output: [null, 5, 5, 8], count: count(3, 3, 4, 2, 8),
      weights: [['depthwise_kernel', [3, 3, 4, 2]], ['pointwise_kernel', [1, 1, 8, 8]], ['bias', [8]]],
      tfjs: (tf) => tf.layers.separableConv2d({ filters: 8, kernelSize: 3, depthMultiplier: 2, padding: 'same', strides: 2 }) },
    { title: 'dilation', params: { filters: 4, kernel_size: 3, dilation_rate: 2 },
      inputs: [[null, 9, 10, 2]], output: [null, 5, 6, 4], count: count(3, 3, 2, 1, 4),
      tfjs: (tf) => tf.layers.separableConv2d({ filters: 4, kernelSize: 3, dilationRate: 2 }) },
    { title: 'channels_first without bias', params: { filters: 4, kernel_size: [3, 2], data_format: 'channels_first', use_bias: false },
      inputs: [[null, 2, 8, 7]], output: [null, 4, 6, 6], count: count(3, 2, 2, 1, 4, false),
      weights: [['depthwise_kernel', [3, 2, 2, 1]], ['pointwise_kernel', [1, 1, 2, 4]]],
      tfjs: (tf) => tf.layers.separableConv2d({ filters: 4, kernelSize: [3, 2], dataFormat: 'channelsFirst', useBias: false }) },
    { title: 'unknown rows and cols flow through', params: { filters: 6, kernel_size: 3, depth_multiplier: 3 },
      inputs: [[null, null, null, 3]], output: [null, null, null, 6], count: count(3, 3, 3, 3, 6),
      tfjs: (tf) => tf.layers.separableConv2d({ filters: 6, kernelSize: 3, depthMultiplier: 3 }) },
    { title: 'all the Keras arguments', params: {
      filters: 2, kernel_size: 2, strides: 1, padding: 'valid', data_format: 'channels_last', dilation_rate: 1, depth_multiplier: 1,
      activation: 'relu6', use_bias: true, depthwise_initializer: 'he_uniform', pointwise_initializer: { type: 'orthogonal' },
      bias_initializer: 'zeros', depthwise_regularizer: 'l2', pointwise_regularizer: { l2: 0.001 }, bias_regularizer: null,
      activity_regularizer: null, depthwise_constraint: 'non_neg', pointwise_constraint: 'unit_norm', bias_constraint: null,
    }, inputs: [[null, 3, 3, 2]], output: [null, 2, 2, 2], count: count(2, 2, 2, 1, 2) },
  ],
  badParams: [
    { title: 'filters missing', params: { kernel_size: 3 }, path: 'filters' },
    { params: { filters: 4, kernel_size: 3, depth_multiplier: 0 }, path: 'depth_multiplier' },
    { title: 'kernel_initializer is not a SeparableConv2D argument', params: { filters: 4, kernel_size: 3, kernel_initializer: 'zeros' } },
    { params: { filters: 4, kernel_size: 3, pointwise_initializer: 'pointwise' }, path: 'pointwise_initializer' },
    { params: { filters: 4, kernel_size: 3, padding: 'causal' }, path: 'padding' },
  ],
  badShapes: [
    { title: 'a 3D input', params: { filters: 4, kernel_size: 3 }, inputs: [[null, 8, 3]], code: 'shape/rank', message: /4D input/ },
    { title: 'channels_first with a bias (tfjs adds it on the wrong axis)', params: { filters: 4, kernel_size: 3, data_format: 'channels_first' },
      inputs: [[null, 2, 8, 8]], code: 'schema/invalid', message: /channels_first/ },
    { title: 'kernel larger than the input', params: { filters: 4, kernel_size: [2, 6] }, inputs: [[null, 8, 5, 3]], code: 'shape/non-positive',
      message: /kernel_size \(2, 6\) larger than its input's 8 rows x 5 cols/ },
    { title: 'strides and dilation together', params: { filters: 4, kernel_size: 3, strides: 2, dilation_rate: 2 }, inputs: [[null, 20, 20, 3]],
      code: 'schema/invalid' },
    { title: 'unknown channels', params: { filters: 4, kernel_size: 3 }, inputs: [[null, 8, 8, null]], code: 'shape/unknown-dim' },
  ],
});
