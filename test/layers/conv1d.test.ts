import Conv1D from '../../src/layers/conv1d.js';
import { runLayerCases } from './harness.js';

/** kernel_size * channels * filters + filters. */
const count = (k: number, c: number, f: number, bias = true) => k * c * f + (bias ? f : 0);

runLayerCases(Conv1D, {
  valid: [
    { title: 'docstring: 32 filters of 3 on (4, 10, 128) -> (4, 8, 32)', params: { filters: 32, kernel_size: 3, activation: 'relu' },
      inputs: [[null, 10, 128]], output: [null, 8, 32], count: count(3, 128, 32), weights: [['kernel', [3, 128, 32]], ['bias', [32]]],
      tfjs: (tf) => tf.layers.conv1d({ filters: 32, kernelSize: 3, activation: 'relu' }) },
    { title: 'same padding with strides: ceil(steps / stride)', params: { filters: 6, kernel_size: 3, strides: 2, padding: 'same' },
      inputs: [[null, 9, 3]], output: [null, 5, 6], count: count(3, 3, 6),
      tfjs: (tf) => tf.layers.conv1d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same' }) },
    { title: 'valid padding with strides: floor((n - k) / s) + 1', params: { filters: 2, kernel_size: 2, strides: 3 },
      inputs: [[null, 10, 1]], output: [null, 3, 2], count: count(2, 1, 2),
      tfjs: (tf) => tf.layers.conv1d({ filters: 2, kernelSize: 2, strides: 3 }) },
    { title: 'dilation: the window spans k + (k - 1)(d - 1) steps', params: { filters: 4, kernel_size: 3, dilation_rate: 2 },
      inputs: [[null, 10, 2]], output: [null, 6, 4], count: count(3, 2, 4),
      tfjs: (tf) => tf.layers.conv1d({ filters: 4, kernelSize: 3, dilationRate: 2 }) },
    { title: 'variable-length sequence', params: { filters: 16, kernel_size: 5 },
      inputs: [[null, null, 8]], output: [null, null, 16], count: count(5, 8, 16),
      tfjs: (tf) => tf.layers.conv1d({ filters: 16, kernelSize: 5 }) },
    { title: 'list forms, no bias', params: { filters: 5, kernel_size: [4], strides: [1], dilation_rate: [1], use_bias: false },
      inputs: [[null, 7, 3]], output: [null, 4, 5], count: count(4, 3, 5, false), weights: [['kernel', [4, 3, 5]]],
      tfjs: (tf) => tf.layers.conv1d({ filters: 5, kernelSize: [4], useBias: false }) },
    { title: 'same padding, kernel longer than the input', params: { filters: 2, kernel_size: 7, padding: 'same' },
      inputs: [[null, 3, 2]], output: [null, 3, 2], count: count(7, 2, 2),
      tfjs: (tf) => tf.layers.conv1d({ filters: 2, kernelSize: 7, padding: 'same' }) },
    { title: 'all the Keras arguments but activity_regularizer (which tfjs cannot run)', params: {
      filters: 2, kernel_size: 2, strides: 1, padding: 'valid', data_format: 'channels_last', dilation_rate: 1, groups: 1,
      activation: 'tanh', use_bias: true, kernel_initializer: 'he_normal', bias_initializer: { type: 'constant', value: 0.1 },
      kernel_regularizer: 'l2', bias_regularizer: { l1: 0.01 }, activity_regularizer: null, kernel_constraint: 'unit_norm', bias_constraint: 'non_neg',
    }, inputs: [[null, 4, 3]], output: [null, 3, 2], count: count(2, 3, 2) },
  ],
  badParams: [
    { title: 'activity_regularizer (TensorFlow.js 4.22 cannot run one)', params: { filters: 2, kernel_size: 2, activity_regularizer: 'l1' }, path: 'activity_regularizer' },
    { title: 'filters missing', params: { kernel_size: 3 }, path: 'filters' },
    { title: 'kernel_size missing', params: { filters: 3 }, path: 'kernel_size' },
    { params: { filters: 3, kernel_size: 0 }, path: 'kernel_size' },
    { params: { filters: 3, kernel_size: [3, 3] }, path: 'kernel_size' },
    { params: { filters: 3, kernel_size: 3, strides: 0 }, path: 'strides' },
    { params: { filters: 3, kernel_size: 3, dilation_rate: 1.5 }, path: 'dilation_rate' },
    { title: 'causal padding (tfjs does not implement it)', params: { filters: 3, kernel_size: 3, padding: 'causal' }, path: 'padding' },
    { title: 'channels_first (tfjs gets its layout wrong)', params: { filters: 3, kernel_size: 3, data_format: 'channels_first' }, path: 'data_format' },
    { title: 'groups (tfjs has no grouped convolution)', params: { filters: 4, kernel_size: 3, groups: 2 }, path: 'groups' },
    { params: { filters: 3, kernel_size: 3, activation: 'leaky_relu' }, path: 'activation' },
    { title: 'unknown key', params: { filters: 3, kernel_size: 3, kernel: 3 } },
  ],
  badShapes: [
    { title: 'an image (4D) input', params: { filters: 3, kernel_size: 3 }, inputs: [[null, 8, 8, 3]], code: 'shape/rank',
      message: /expects a 3D input \(batch, steps, channels\), but got 4D input \(None, 8, 8, 3\)/ },
    { title: 'kernel longer than the sequence', params: { filters: 3, kernel_size: 5 }, inputs: [[null, 4, 2]], code: 'shape/non-positive',
      message: /has kernel_size \(5,\) larger than its input's 4 steps \(input \(None, 4, 2\)\), so with padding 'valid' its output would be 0 steps/ },
    { title: 'dilated kernel longer than the sequence', params: { filters: 3, kernel_size: 3, dilation_rate: 3 }, inputs: [[null, 6, 2]],
      code: 'shape/non-positive', message: /dilation_rate \(3,\), spanning 7/ },
    { title: 'strides and dilation together', params: { filters: 3, kernel_size: 3, strides: 2, dilation_rate: 2 }, inputs: [[null, 20, 2]],
      code: 'schema/invalid', message: /strides \(2,\) and dilation_rate \(2,\)/ },
    { title: 'unknown channels', params: { filters: 3, kernel_size: 3 }, inputs: [[null, 8, null]], code: 'shape/unknown-dim', message: /input channels/ },
  ],
});
