import Bidirectional from '../../src/layers/bidirectional.js';
import { runLayerCases } from './harness.js';

runLayerCases(Bidirectional, {
  valid: [
    { title: 'LSTM, concat', params: { layer: { type: 'LSTM', units: 32 } }, inputs: [[null, 100, 64]], output: [null, 64], count: 24832,
      weights: [
        ['forward_kernel', [64, 128]], ['forward_recurrent_kernel', [32, 128]], ['forward_bias', [128]],
        ['backward_kernel', [64, 128]], ['backward_recurrent_kernel', [32, 128]], ['backward_bias', [128]],
      ],
      tfjs: (tf) => tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 32 }) }) },
    { title: 'return_sequences, unknown length', params: { layer: { type: 'LSTM', units: 8, return_sequences: true } }, inputs: [[null, null, 5]], output: [null, null, 16], count: 896,
      tfjs: (tf) => tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 8, returnSequences: true }) }) },
    { title: 'GRU, sum', params: { layer: { type: 'GRU', units: 8 }, merge_mode: 'sum' }, inputs: [[null, 7, 5]], output: [null, 8], count: 672,
      tfjs: (tf) => tf.layers.bidirectional({ layer: tf.layers.gru({ units: 8 }), mergeMode: 'sum' }) },
    { title: 'SimpleRNN, ave', params: { layer: { type: 'SimpleRNN', units: 4, return_sequences: true }, merge_mode: 'ave' }, inputs: [[null, 10, 3]], output: [null, 10, 4], count: 64,
      tfjs: (tf) => tf.layers.bidirectional({ layer: tf.layers.simpleRNN({ units: 4, returnSequences: true }), mergeMode: 'ave' }) },
    { title: 'mul, wrapped layer without bias', params: { layer: { type: 'GRU', units: 2, use_bias: false }, merge_mode: 'mul' }, inputs: [[null, 3, 1]], output: [null, 2], count: 36,
      tfjs: (tf) => tf.layers.bidirectional({ layer: tf.layers.gru({ units: 2, useBias: false }), mergeMode: 'mul' }) },
  ],
  badParams: [
    { title: 'layer missing', params: {}, path: 'layer' },
    { title: 'layer is not a mapping', params: { layer: 'LSTM' }, path: 'layer' },
    { title: 'layer without a type', params: { layer: { units: 4 } }, path: 'layer.type' },
    { title: "Keras's merge_mode null (two outputs)", params: { layer: { type: 'LSTM', units: 4 }, merge_mode: null }, path: 'merge_mode' },
    { params: { layer: { type: 'LSTM', units: 4 }, merge_mode: 'average' }, path: 'merge_mode' },
    { title: 'backward_layer is not supported by tfjs', params: { layer: { type: 'LSTM', units: 4 }, backward_layer: { type: 'LSTM', units: 4 } } },
  ],
  badShapes: [
    { title: 'a non-recurrent layer', params: { layer: { type: 'Dense', units: 4 } }, inputs: [[null, 10, 3]], code: 'shape/incompatible', message: /can only wrap a recurrent layer/ },
    { title: 'an unknown layer type', params: { layer: { type: 'LTSM', units: 4 } }, inputs: [[null, 10, 3]], code: 'schema/unknown-layer-type' },
    { title: 'invalid parameters of the wrapped layer', params: { layer: { type: 'LSTM', units: 0 } }, inputs: [[null, 10, 3]], code: 'schema/invalid' },
    { title: 'a 2D input', params: { layer: { type: 'LSTM', units: 4 } }, inputs: [[null, 10]], code: 'shape/rank', message: /3D/ },
  ],
});
