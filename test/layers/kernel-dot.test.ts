import KernelDot from '../../src/layers/kernel-dot.js';
import { runLayerCases } from './harness.js';

// tfjs has no such layer; a Dense without bias has the same output shape and kernel, so it checks both.
runLayerCases(KernelDot, {
  valid: [
    { title: 'the tutorial: (batch, features) -> (batch, output_dim)', params: { output_dim: 32 }, inputs: [[null, 784]], output: [null, 32],
      count: 784 * 32, weights: [['kernel', [784, 32]]], tfjs: (tf) => tf.layers.dense({ units: 32, useBias: false }) },
    { title: 'applies to the last axis of a 3D input', params: { output_dim: 4 }, inputs: [[null, 5, 8]], output: [null, 5, 4], count: 32,
      tfjs: (tf) => tf.layers.dense({ units: 4, useBias: false }) },
    { title: 'unknown sequence length', params: { output_dim: 3 }, inputs: [[null, null, 6]], output: [null, null, 3], count: 18 },
    { params: { output_dim: 2, kernel_initializer: { type: 'random_uniform', minval: -1, maxval: 1 }, kernel_regularizer: 'l1', kernel_constraint: 'unit_norm' },
      inputs: [[null, 3]], output: [null, 2], count: 6 },
  ],
  badParams: [
    { title: 'output_dim missing', params: {}, path: 'output_dim' },
    { params: { output_dim: 0 }, path: 'output_dim' },
    { params: { output_dim: 1.5 }, path: 'output_dim' },
    { title: "Keras 1's 'uniform' is spelled random_uniform", params: { output_dim: 2, kernel_initializer: 'uniform' }, path: 'kernel_initializer' },
    { title: 'no bias in the tutorial layer', params: { output_dim: 2, use_bias: true } },
    { title: 'no activation in the tutorial layer', params: { output_dim: 2, activation: 'relu' } },
  ],
  badShapes: [
    { title: 'a 1D input (batch only)', params: { output_dim: 2 }, inputs: [[null]], code: 'shape/rank' },
    { title: 'unknown feature dimension', params: { output_dim: 2 }, inputs: [[null, null]], code: 'shape/unknown-dim' },
  ],
});
