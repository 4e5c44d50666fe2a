import { expect, it } from 'vitest';
import LSTM from '../../src/layers/lstm.js';
import { runLayerCases, staticLayer } from './harness.js';

runLayerCases(LSTM, {
  valid: [
    { params: { units: 32 }, inputs: [[null, 100, 64]], output: [null, 32], count: 12416,
      weights: [['kernel', [64, 128]], ['recurrent_kernel', [32, 128]], ['bias', [128]]],
      tfjs: (tf) => tf.layers.lstm({ units: 32, recurrentActivation: 'sigmoid', unitForgetBias: true }) },
    { title: 'stacked: return_sequences', params: { units: 64, return_sequences: true }, inputs: [[null, 30, 1]], output: [null, 30, 64], count: 16896,
      tfjs: (tf) => tf.layers.lstm({ units: 64, returnSequences: true }) },
    { title: 'unknown length', params: { units: 8, go_backwards: true }, inputs: [[null, null, 5]], output: [null, 8], count: 448,
      tfjs: (tf) => tf.layers.lstm({ units: 8, goBackwards: true }) },
    { title: 'no bias', params: { units: 3, use_bias: false, unit_forget_bias: false }, inputs: [[null, 4, 2]], output: [null, 3], count: 60,
      tfjs: (tf) => tf.layers.lstm({ units: 3, useBias: false }) },
    { params: { units: 2, activation: 'relu', recurrent_activation: 'hard_sigmoid', dropout: 0.5, bias_initializer: 'ones', bias_constraint: 'non_neg' },
      inputs: [[null, 3, 1]], output: [null, 2], count: 32,
      tfjs: (tf) => tf.layers.lstm({ units: 2, activation: 'relu', recurrentActivation: 'hardSigmoid', dropout: 0.5 }) },
  ],
  badParams: [
    { params: { units: 2.5 }, path: 'units' },
    { params: { units: 4, recurrent_activation: 'hard_sigmoidd' }, path: 'recurrent_activation' },
    { params: { units: 4, unit_forget_bias: 1 }, path: 'unit_forget_bias' },
    { params: { units: 4, return_sequences: 'true' }, path: 'return_sequences' },
    { params: { units: 4, return_state: true } },
    { params: { units: 4, reset_after: false } },
  ],
  badShapes: [
    { title: 'a 2D input (no return_sequences before)', params: { units: 32 }, inputs: [[null, 64]], code: 'shape/rank', message: /3D/ },
  ],
});

it("LSTM keeps Keras's defaults (sigmoid gates, unit_forget_bias, glorot_uniform)", () => {
  const { weights } = staticLayer(LSTM, { units: 2 }, [[null, 3, 1]]);
  expect(weights.map((w) => w.initializer)).toEqual(['glorot_uniform', 'orthogonal', 'zeros']);
});
