import BatchNormalization from '../../src/layers/batch-normalization.js';
import { runLayerCases } from './harness.js';

runLayerCases(BatchNormalization, {
  valid: [
    { title: 'channels_last images', params: {}, inputs: [[null, 32, 32, 16]], output: [null, 32, 32, 16], count: 64, trainable: 32,
      weights: [['gamma', [16]], ['beta', [16]], ['moving_mean', [16]], ['moving_variance', [16]]],
      tfjs: (tf) => tf.layers.batchNormalization() },
    { title: 'channels_first images', params: { axis: 1 }, inputs: [[null, 3, 8, 8]], output: [null, 3, 8, 8], count: 12, trainable: 6,
      tfjs: (tf) => tf.layers.batchNormalization({ axis: 1 }) },
    { title: 'dense features', params: { momentum: 0.9, epsilon: 1e-5 }, inputs: [[null, 128]], output: [null, 128], count: 512, trainable: 256,
      tfjs: (tf) => tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }) },
    { title: 'no scale', params: { scale: false }, inputs: [[null, 10, 4]], output: [null, 10, 4], count: 12, trainable: 4,
      weights: [['beta', [4]], ['moving_mean', [4]], ['moving_variance', [4]]],
      tfjs: (tf) => tf.layers.batchNormalization({ scale: false }) },
    { title: 'no center and no scale', params: { center: false, scale: false }, inputs: [[null, 5]], output: [null, 5], count: 10, trainable: 0,
      tfjs: (tf) => tf.layers.batchNormalization({ center: false, scale: false }) },
    { title: 'unknown sequence length', params: {}, inputs: [[null, null, 6]], output: [null, null, 6], count: 24, trainable: 12,
      tfjs: (tf) => tf.layers.batchNormalization() },
    { params: { axis: -2, gamma_initializer: { type: 'constant', value: 0.5 }, beta_regularizer: 'l2', gamma_constraint: 'non_neg' },
      inputs: [[null, 7, 2]], output: [null, 7, 2], count: 28, trainable: 14 },
  ],
  badParams: [
    { title: 'a list of axes (tfjs takes one)', params: { axis: [1, 2] }, path: 'axis' },
    { params: { momentum: 1.5 }, path: 'momentum' },
    { params: { epsilon: 0 }, path: 'epsilon' },
    { params: { center: 'no' }, path: 'center' },
    { params: { beta_initializer: 'zero' }, path: 'beta_initializer' },
    { title: 'Keras renorm is not supported', params: { renorm: true } },
  ],
  badShapes: [
    { title: 'axis out of range', params: { axis: 3 }, inputs: [[null, 128]], code: 'shape/incompatible', message: /has axis 3, but its input \(None, 128\)/ },
    { title: 'the batch axis', params: { axis: 0 }, inputs: [[null, 128]], code: 'shape/incompatible', message: /batch/ },
    { title: 'unknown features', params: {}, inputs: [[null, 4, null]], code: 'shape/unknown-dim' },
  ],
});
