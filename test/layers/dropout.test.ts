import Dropout from '../../src/layers/dropout.js';
import { runLayerCases } from './harness.js';

runLayerCases(Dropout, {
  valid: [
    { params: { rate: 0.5 }, inputs: [[null, 32]], output: [null, 32], count: 0,
      tfjs: (tf) => tf.layers.dropout({ rate: 0.5 }) },
    { params: { rate: 0, seed: 42 }, inputs: [[null, 8, 8, 3]], output: [null, 8, 8, 3], count: 0,
      tfjs: (tf) => tf.layers.dropout({ rate: 0, seed: 42 }) },
    { title: 'same mask at every timestep', params: { rate: 0.2, noise_shape: [null, 1, null] }, inputs: [[null, 10, 4]], output: [null, 10, 4], count: 0,
      tfjs: (tf) => tf.layers.dropout({ rate: 0.2, noiseShape: [null as unknown as number, 1, 4] }) },
    { title: 'noise_shape with the sizes themselves', params: { rate: 0.2, noise_shape: [null, 10, 4] }, inputs: [[null, 10, 4]], output: [null, 10, 4], count: 0 },
    { title: 'unknown length against a fixed noise size', params: { rate: 0.2, noise_shape: [null, 7, 1] }, inputs: [[null, null, 4]], output: [null, null, 4], count: 0 },
  ],
  badParams: [
    { title: 'rate missing', params: {}, path: 'rate' },
    { params: { rate: 1 }, path: 'rate' },
    { params: { rate: -0.1 }, path: 'rate' },
    { params: { rate: '0.5' }, path: 'rate' },
    { params: { rate: 0.5, seed: 1.5 }, path: 'seed' },
    { params: { rate: 0.5, noise_shape: [null, 0] }, path: 'noise_shape.1' },
    { params: { rate: 0.5, noise_shape: 3 }, path: 'noise_shape' },
    { params: { rate: 0.5, noiseShape: [null, 1] } },
  ],
  badShapes: [
    { title: 'noise_shape of the wrong rank', params: { rate: 0.5, noise_shape: [1, 4] }, inputs: [[null, 10, 4]], code: 'shape/rank', message: /noise_shape \(1, 4\) of rank 2.*\(None, 10, 4\) has rank 3/ },
    { title: 'noise_shape that does not broadcast', params: { rate: 0.5, noise_shape: [null, 2, 4] }, inputs: [[null, 10, 4]], code: 'shape/incompatible', message: /axis 1: 2 vs 10/ },
  ],
});
