import Activation from '../../src/layers/activation.js';
import { runLayerCases } from './harness.js';

runLayerCases(Activation, {
  valid: [
    { params: { activation: 'relu' }, inputs: [[null, 32]], output: [null, 32], count: 0,
      tfjs: (tf) => tf.layers.activation({ activation: 'relu' }) },
    { params: { activation: 'softmax' }, inputs: [[null, 5, 10]], output: [null, 5, 10], count: 0,
      tfjs: (tf) => tf.layers.activation({ activation: 'softmax' }) },
    { title: 'unknown dims flow through', params: { activation: 'tanh' }, inputs: [[null, null, 8, 3]], output: [null, null, 8, 3], count: 0,
      tfjs: (tf) => tf.layers.activation({ activation: 'tanh' }) },
    { title: 'null is the identity', params: { activation: null }, inputs: [[null, 4]], output: [null, 4], count: 0 },
    { params: { activation: 'gelu' }, inputs: [[null, 4]], output: [null, 4], count: 0 },
  ],
  badParams: [
    { title: 'activation missing', params: {}, path: 'activation' },
    { params: { activation: 'relux' }, path: 'activation' },
    { params: { activation: 3 }, path: 'activation' },
    { params: { activation: 'relu', alpha: 1 } },
  ],
  badShapes: [],
});
