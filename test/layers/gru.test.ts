import GRU from '../../src/layers/gru.js';
import { runLayerCases } from './harness.js';

runLayerCases(GRU, {
  valid: [
    { params: { units: 8 }, inputs: [[null, 7, 5]], output: [null, 8], count: 336,
      weights: [['kernel', [5, 24]], ['recurrent_kernel', [8, 24]], ['bias', [24]]],
      tfjs: (tf) => tf.layers.gru({ units: 8, recurrentActivation: 'sigmoid' }) },
    { title: 'return_sequences, unknown length', params: { units: 16, return_sequences: true, reset_after: false }, inputs: [[null, null, 4]], output: [null, null, 16], count: 1008,
      tfjs: (tf) => tf.layers.gru({ units: 16, returnSequences: true }) },
    { title: 'no bias', params: { units: 4, use_bias: false, go_backwards: true }, inputs: [[null, 3, 2]], output: [null, 4], count: 72,
      tfjs: (tf) => tf.layers.gru({ units: 4, useBias: false, goBackwards: true }) },
  ],
  badParams: [
    { title: "Keras 2.3+'s reset_after: true", params: { units: 8, reset_after: true }, path: 'reset_after' },
    { params: { units: -1 }, path: 'units' },
    { params: { units: 8, unit_forget_bias: true } },
    { params: { units: 8, stateful: true }, path: 'stateful' },
  ],
  badShapes: [
    { params: { units: 8 }, inputs: [[null, 7]], code: 'shape/rank' },
    { params: { units: 8 }, inputs: [[null, 7, null]], code: 'shape/unknown-dim' },
  ],
});
