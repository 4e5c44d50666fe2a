import Scale from '../../src/layers/scale.js';
import { runLayerCases, staticLayer } from './harness.js';
import { expect, it } from 'vitest';

runLayerCases(Scale, {
  valid: [
    { title: 'the last axis', params: {}, inputs: [[null, 10]], output: [null, 10], count: 20, weights: [['gamma', [10]], ['beta', [10]]] },
    { title: 'channels_last images', params: { axis: -1 }, inputs: [[null, 8, 8, 16]], output: [null, 8, 8, 16], count: 32 },
    { title: 'channels_first images', params: { axis: 1 }, inputs: [[null, 3, 8, 8]], output: [null, 3, 8, 8], count: 6,
      weights: [['gamma', [3]], ['beta', [3]]] },
    { title: 'unknown sizes on other axes', params: { axis: 2 }, inputs: [[null, null, 4]], output: [null, null, 4], count: 8 },
    { title: 'initial weights', params: { weights: [[1, 2, 3], [0, 0.5, 1]] }, inputs: [[null, 3]], output: [null, 3], count: 6 },
    { title: 'the tutorial arguments', params: { axis: -2, momentum: 0.99, gamma_init: { type: 'constant', value: 2 }, beta_init: 'ones' },
      inputs: [[null, 5, 2]], output: [null, 5, 2], count: 10 },
  ],
  badParams: [
    { params: { axis: 1.5 }, path: 'axis' },
    { params: { momentum: 2 }, path: 'momentum' },
    { params: { gamma_init: 'one' }, path: 'gamma_init' },
    { params: { beta_init: 'zero' }, path: 'beta_init' },
    { title: 'weights must be two lists', params: { weights: [[1, 2, 3]] }, path: 'weights' },
    { title: 'weights must be numbers', params: { weights: [[1, 'a'], [0, 0]] }, path: 'weights.0.1' },
    { title: 'Keras 2 names are not the tutorial\'s', params: { gamma_initializer: 'ones' } },
  ],
  badShapes: [
    { title: 'the batch axis', params: { axis: 0 }, inputs: [[null, 4]], code: 'shape/incompatible', message: /batch/ },
    { title: 'axis out of range', params: { axis: 3 }, inputs: [[null, 4, 4]], code: 'shape/incompatible', message: /has axis 3, but its input \(None, 4, 4\)/ },
    { title: 'axis -2 of a 2D input is the batch', params: { axis: -2 }, inputs: [[null, 4]], code: 'shape/incompatible', message: /batch/ },
    { title: 'unknown size along axis', params: { axis: 1 }, inputs: [[null, null, 4]], code: 'shape/unknown-dim' },
    { title: 'weights shorter than the axis', params: { weights: [[1, 2, 3], [0, 0, 0]] }, inputs: [[null, 5]], code: 'shape/incompatible',
      message: /3 gamma and 3 beta values, but its input \(None, 5\) has size 5 along axis -1/ },
    { title: 'gamma and beta of different lengths', params: { weights: [[1, 2], [0, 0, 0]] }, inputs: [[null, 2]], code: 'shape/incompatible',
      message: /2 gamma and 3 beta/ },
  ],
});

it('Scale: the weights error points at `weights`', () => {
  try {
    staticLayer(Scale, { weights: [[1], [0]] }, [[null, 4]]);
    expect.unreachable();
  } catch (error) {
    expect((error as { param?: string[] }).param).toEqual(['weights']);
  }
});

it('Scale: initial weights become the initializers', () => {
  const { weights } = staticLayer(Scale, { weights: [[1, 2], [3, 4]] }, [[null, 2]]);
  expect(weights.map((w) => w.initializer)).toEqual([[1, 2], [3, 4]]);
  const defaults = staticLayer(Scale, {}, [[null, 2]]).weights;
  expect(defaults.map((w) => w.initializer)).toEqual(['ones', 'zeros']);
});
