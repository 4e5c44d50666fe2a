import Embedding from '../../src/layers/embedding.js';
import { runLayerCases } from './harness.js';

runLayerCases(Embedding, {
  valid: [
    { params: { input_dim: 1000, output_dim: 64 }, inputs: [[null, 10]], output: [null, 10, 64], count: 64000, weights: [['embeddings', [1000, 64]]],
      tfjs: (tf) => tf.layers.embedding({ inputDim: 1000, outputDim: 64 }) },
    { title: 'variable length', params: { input_dim: 50, output_dim: 8, mask_zero: true }, inputs: [[null, null]], output: [null, null, 8], count: 400,
      tfjs: (tf) => tf.layers.embedding({ inputDim: 50, outputDim: 8, maskZero: true }) },
    { title: 'one index per sample', params: { input_dim: 10, output_dim: 4 }, inputs: [[null]], output: [null, 4], count: 40,
      tfjs: (tf) => tf.layers.embedding({ inputDim: 10, outputDim: 4 }) },
    { title: 'higher-rank input', params: { input_dim: 10, output_dim: 4 }, inputs: [[null, 7, 3]], output: [null, 7, 3, 4], count: 40,
      tfjs: (tf) => tf.layers.embedding({ inputDim: 10, outputDim: 4 }) },
    { title: 'input_length matches', params: { input_dim: 10, output_dim: 4, input_length: 7 }, inputs: [[null, 7]], output: [null, 7, 4], count: 40,
      tfjs: (tf) => tf.layers.embedding({ inputDim: 10, outputDim: 4, inputLength: 7 }) },
    { title: 'input_length fills an unknown length', params: { input_dim: 10, output_dim: 4, input_length: 7 }, inputs: [[null, null]], output: [null, 7, 4], count: 40 },
    { title: 'input_length per axis', params: { input_dim: 10, output_dim: 4, input_length: [null, 2] }, inputs: [[null, 7, 2]], output: [null, 7, 2, 4], count: 40,
      tfjs: (tf) => tf.layers.embedding({ inputDim: 10, outputDim: 4, inputLength: [null as unknown as number, 2] }) },
    { params: { input_dim: 5, output_dim: 3, embeddings_initializer: { type: 'random_normal', stddev: 0.1 }, embeddings_regularizer: 'l2', embeddings_constraint: 'unit_norm' },
      inputs: [[null, 4]], output: [null, 4, 3], count: 15 },
  ],
  badParams: [
    { title: 'input_dim missing', params: { output_dim: 4 }, path: 'input_dim' },
    { title: 'output_dim missing', params: { input_dim: 4 }, path: 'output_dim' },
    { params: { input_dim: 0, output_dim: 4 }, path: 'input_dim' },
    { params: { input_dim: 10, output_dim: 4.5 }, path: 'output_dim' },
    { params: { input_dim: 10, output_dim: 4, mask_zero: 'yes' }, path: 'mask_zero' },
    { params: { input_dim: 10, output_dim: 4, input_length: 0 }, path: 'input_length' },
    { params: { input_dim: 10, output_dim: 4, embeddings_initializer: 'uniformm' }, path: 'embeddings_initializer' },
    { title: 'Keras 3 sparse is not supported', params: { input_dim: 10, output_dim: 4, sparse: true } },
  ],
  badShapes: [
    { title: 'input_length differs', params: { input_dim: 10, output_dim: 4, input_length: 6 }, inputs: [[null, 7]], code: 'shape/incompatible',
      message: /input_length \(6,\).*\(None, 7\) \(axis 1: 6 vs 7\)/ },
    { title: 'input_length for fewer axes', params: { input_dim: 10, output_dim: 4, input_length: 6 }, inputs: [[null, 6, 2]], code: 'shape/rank',
      message: /\(None, 6, 2\) has 2 axes after the batch/ },
  ],
});
