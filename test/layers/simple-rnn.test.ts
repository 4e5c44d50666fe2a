import SimpleRNN from '../../src/layers/simple-rnn.js';
import { runLayerCases } from './harness.js';

runLayerCases(SimpleRNN, {
  valid: [
    { params: { units: 4 }, inputs: [[null, 10, 3]], output: [null, 4], count: 32,
      weights: [['kernel', [3, 4]], ['recurrent_kernel', [4, 4]], ['bias', [4]]],
      tfjs: (tf) => tf.layers.simpleRNN({ units: 4 }) },
    { title: 'sequences of unknown length', params: { units: 16, return_sequences: true }, inputs: [[null, null, 8]], output: [null, null, 16], count: 400,
      tfjs: (tf) => tf.layers.simpleRNN({ units: 16, returnSequences: true }) },
    { title: 'no bias, backwards, relu', params: { units: 4, use_bias: false, go_backwards: true, activation: 'relu' }, inputs: [[null, 5, 2]], output: [null, 4], count: 24,
      weights: [['kernel', [2, 4]], ['recurrent_kernel', [4, 4]]],
      tfjs: (tf) => tf.layers.simpleRNN({ units: 4, useBias: false, goBackwards: true, activation: 'relu' }) },
    { params: { units: 2, dropout: 0.2, recurrent_dropout: 0.1, unroll: true, kernel_regularizer: 'l2', recurrent_constraint: 'max_norm' },
      inputs: [[null, 5, 2]], output: [null, 2], count: 10 },
  ],
  badParams: [
    { title: 'units missing', params: {}, path: 'units' },
    { params: { units: 0 }, path: 'units' },
    { params: { units: 4, dropout: 1 }, path: 'dropout' },
    { params: { units: 4, recurrent_dropout: -0.1 }, path: 'recurrent_dropout' },
    { title: 'stateful needs a fixed batch size', params: { units: 4, stateful: true }, path: 'stateful' },
    { title: 'no activity regularizer in tfjs', params: { units: 4, activity_regularizer: 'l2' }, path: 'activity_regularizer' },
    { title: 'one output: no return_state', params: { units: 4, return_state: true } },
    { title: 'SimpleRNN has no recurrent_activation', params: { units: 4, recurrent_activation: 'sigmoid' } },
  ],
  badShapes: [
    { title: 'a 2D input', params: { units: 4 }, inputs: [[null, 30]], code: 'shape/rank', message: /expects a 3D input \(batch, timesteps, features\), but got 2D input \(None, 30\)/ },
    { title: 'a 4D input', params: { units: 4 }, inputs: [[null, 30, 2, 2]], code: 'shape/rank' },
    { title: 'unknown features', params: { units: 4 }, inputs: [[null, 30, null]], code: 'shape/unknown-dim' },
  ],
});
