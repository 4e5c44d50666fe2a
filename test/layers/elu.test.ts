import ELU from '../../src/layers/elu.js';
import { runLayerCases } from './harness.js';

runLayerCases(ELU, {
  valid: [
    { params: {}, inputs: [[null, 32]], output: [null, 32], count: 0,
      tfjs: (tf) => tf.layers.elu() },
    { params: { alpha: 1.0 }, inputs: [[null, null, 8, 8, 3]], output: [null, null, 8, 8, 3], count: 0,
      tfjs: (tf) => tf.layers.elu({ alpha: 1 }) },
  ],
  badParams: [
    { title: 'tfjs supports only alpha 1', params: { alpha: 0.5 }, path: 'alpha' },
    { params: { alpha: 'one' }, path: 'alpha' },
    { params: { theta: 1 } },
  ],
  badShapes: [],
});
