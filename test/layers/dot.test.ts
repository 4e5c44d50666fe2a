import Dot from '../../src/layers/dot.js';
import { runLayerCases } from './harness.js';

runLayerCases(Dot, {
  valid: [
    { title: 'two vectors', params: { axes: 1 }, inputs: [[null, 64], [null, 64]], output: [null, 1], count: 0, weights: [],
      tfjs: (tf) => tf.layers.dot({ axes: 1 }) },
    { title: 'cosine similarity', params: { axes: -1, normalize: true }, inputs: [[null, 8], [null, 8]], output: [null, 1],
      tfjs: (tf) => tf.layers.dot({ axes: -1, normalize: true }) },
    { title: 'attention scores', params: { axes: [2, 2] }, inputs: [[null, 3, 4], [null, 5, 4]], output: [null, 3, 5],
      tfjs: (tf) => tf.layers.dot({ axes: [2, 2] }) },
    { title: 'matrix product', params: { axes: [2, 1] }, inputs: [[null, 3, 4], [null, 4, 5]], output: [null, 3, 5],
      tfjs: (tf) => tf.layers.dot({ axes: [2, 1] }) },
    { params: { axes: [1, 2] }, inputs: [[null, 3, 4], [null, 5, 3]], output: [null, 4, 5],
      tfjs: (tf) => tf.layers.dot({ axes: [1, 2] }) },
    { title: 'negative axes in a list', params: { axes: [-1, -1] }, inputs: [[null, 3, 4], [null, 5, 4]], output: [null, 3, 5],
      tfjs: (tf) => tf.layers.dot({ axes: [-1, -1] }) },
    { title: 'a vector with a matrix', params: { axes: [1, 2] }, inputs: [[null, 4], [null, 3, 4]], output: [null, 3],
      tfjs: (tf) => tf.layers.dot({ axes: [1, 2] }) },
    { title: 'None matches None', params: { axes: 1 }, inputs: [[null, null], [null, null]], output: [null, 1],
      tfjs: (tf) => tf.layers.dot({ axes: 1 }) },
  ],
  badParams: [
    { title: 'axes missing', params: {}, path: 'axes' },
    { params: { axes: [1, 2, 3] }, path: 'axes' },
    { params: { axes: 1, normalize: 'yes' }, path: 'normalize' },
  ],
  badShapes: [
    { title: 'axes of different sizes', params: { axes: 1 }, inputs: [[null, 64], [null, 32]], code: 'shape/mismatch',
      message: /over axes \[1, 1\], but they have different sizes \(64 vs 32\)/ },
    { title: 'None does not match a known size', params: { axes: 1 }, inputs: [[null, null], [null, 4]], code: 'shape/mismatch' },
    { title: '4D inputs (tfjs does not support them)', params: { axes: 1 }, inputs: [[null, 2, 3, 4], [null, 2, 3, 4]], code: 'shape/rank' },
    { title: 'the batch axis', params: { axes: 0 }, inputs: [[null, 3], [null, 3]], code: 'shape/incompatible', message: /batch axis/ },
    { title: 'axis out of range', params: { axes: [1, 3] }, inputs: [[null, 3], [null, 3]], code: 'shape/incompatible' },
  ],
});
