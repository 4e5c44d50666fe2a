import { expect, it } from 'vitest';
import TimeDistributed from '../../src/layers/time-distributed.js';
import { ShapeError } from '../../src/shape/shape-error.js';
import { runLayerCases, staticLayer } from './harness.js';

runLayerCases(TimeDistributed, {
  valid: [
    { title: 'Dense on every step', params: { layer: { type: 'Dense', units: 8 } }, inputs: [[null, 10, 5]], output: [null, 10, 8], count: 48,
      weights: [['kernel', [5, 8]], ['bias', [8]]],
      tfjs: (tf) => tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 8 }) }) },
    { title: 'unknown number of steps', params: { layer: { type: 'Dense', units: 3, use_bias: false } }, inputs: [[null, null, 4]], output: [null, null, 3], count: 12,
      tfjs: (tf) => tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 3, useBias: false }) }) },
    { title: 'Flatten each frame', params: { layer: { type: 'Flatten' } }, inputs: [[null, 6, 4, 4, 3]], output: [null, 6, 48], count: 0,
      tfjs: (tf) => tf.layers.timeDistributed({ layer: tf.layers.flatten() }) },
    { title: 'an LSTM over each sub-sequence', params: { layer: { type: 'LSTM', units: 4 } }, inputs: [[null, 3, 7, 2]], output: [null, 3, 4], count: 112,
      tfjs: (tf) => tf.layers.timeDistributed({ layer: tf.layers.lstm({ units: 4 }) }) },
    { title: 'BatchNormalization (non-trainable statistics pass through)', params: { layer: { type: 'BatchNormalization' } }, inputs: [[null, 5, 6]], output: [null, 5, 6], count: 24, trainable: 12,
      tfjs: (tf) => tf.layers.timeDistributed({ layer: tf.layers.batchNormalization() }) },
    { title: 'nested wrapper', params: { layer: { type: 'TimeDistributed', layer: { type: 'Dense', units: 2 } } }, inputs: [[null, 3, 4, 5]], output: [null, 3, 4, 2], count: 12 },
  ],
  badParams: [
    { title: 'layer missing', params: {}, path: 'layer' },
    { params: { layer: { type: 'Dense', units: 2 }, units: 2 } },
  ],
  badShapes: [
    { title: 'a 2D input has no time axis', params: { layer: { type: 'Dense', units: 2 } }, inputs: [[null, 5]], code: 'shape/rank' },
    { title: 'a merge layer', params: { layer: { type: 'Add' } }, inputs: [[null, 5, 3]], code: 'shape/incompatible', message: /takes one input/ },
    { title: 'the wrapped layer rejects the step shape', params: { layer: { type: 'LSTM', units: 2 } }, inputs: [[null, 5, 3]], code: 'shape/rank',
      message: /^wraps LSTM, which expects a 3D input .* it sees each time step of the input \(None, 5, 3\), shaped \(None, 3\)$/ },
    { title: 'unknown step features', params: { layer: { type: 'Dense', units: 2 } }, inputs: [[null, 5, null]], code: 'shape/unknown-dim' },
    { title: 'the wrapped layer has no input or name', params: { layer: { type: 'Dense', units: 2, name: 'd' } }, inputs: [[null, 5, 3]], code: 'schema/unknown-key' },
  ],
});

it("moves a wrapped layer's parameter under `layer`", () => {
  let error: unknown;
  try {
    staticLayer(TimeDistributed, { layer: { type: 'Embedding', input_dim: 10, output_dim: 4, input_length: 6 } }, [[null, 3, 7]]);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ShapeError);
  expect((error as ShapeError).param).toEqual(['layer', 'input_length']);
});
