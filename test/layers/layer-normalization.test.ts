import LayerNormalization from '../../src/layers/layer-normalization.js';
import { runLayerCases } from './harness.js';

runLayerCases(LayerNormalization, {
  valid: [
    { params: {}, inputs: [[null, 10, 64]], output: [null, 10, 64], count: 128, weights: [['gamma', [64]], ['beta', [64]]],
      tfjs: (tf) => tf.layers.layerNormalization() },
    { title: 'several axes', params: { axis: [1, 2] }, inputs: [[null, 3, 5]], output: [null, 3, 5], count: 30, weights: [['gamma', [3, 5]], ['beta', [3, 5]]],
      tfjs: (tf) => tf.layers.layerNormalization({ axis: [1, 2] }) },
    { title: 'axes in the given order (as tfjs)', params: { axis: [-1, 1] }, inputs: [[null, 3, 5]], output: [null, 3, 5], count: 30,
      weights: [['gamma', [5, 3]], ['beta', [5, 3]]], tfjs: (tf) => tf.layers.layerNormalization({ axis: [-1, 1] }) },
    { title: 'unknown length, features known', params: { epsilon: 1e-6 }, inputs: [[null, null, 8]], output: [null, null, 8], count: 16,
      tfjs: (tf) => tf.layers.layerNormalization({ epsilon: 1e-6 }) },
    { title: 'no center', params: { center: false }, inputs: [[null, 8]], output: [null, 8], count: 8, weights: [['gamma', [8]]],
      tfjs: (tf) => tf.layers.layerNormalization({ center: false }) },
    { title: 'neither', params: { center: false, scale: false }, inputs: [[null, 8]], output: [null, 8], count: 0,
      tfjs: (tf) => tf.layers.layerNormalization({ center: false, scale: false }) },
  ],
  badParams: [
    { params: { axis: [] }, path: 'axis' },
    { params: { axis: 1.5 }, path: 'axis' },
    { params: { epsilon: -1 }, path: 'epsilon' },
    { title: 'constraints are not supported by tfjs', params: { gamma_constraint: 'non_neg' }, path: 'gamma_constraint' },
    { params: { rms_scaling: true } },
  ],
  badShapes: [
    { title: 'axis out of range', params: { axis: 2 }, inputs: [[null, 8]], code: 'shape/incompatible', message: /axis 2/ },
    { title: 'the batch axis', params: { axis: [0, 1] }, inputs: [[null, 8]], code: 'shape/incompatible', message: /batch axis/ },
    { title: 'an axis twice', params: { axis: [1, -1] }, inputs: [[null, 8]], code: 'shape/incompatible', message: /twice/ },
    { title: 'unknown size on a normalized axis', params: { axis: [1, 2] }, inputs: [[null, null, 8]], code: 'shape/unknown-dim' },
  ],
});
