import Subtract from '../../src/layers/subtract.js';
import { runLayerCases } from './harness.js';

// tfjs 4.22 has no Subtract layer: the shapes are Keras's (the same elementwise rule as Add).
runLayerCases(Subtract, {
  valid: [
    { params: {}, inputs: [[null, 16], [null, 16]], output: [null, 16], count: 0, weights: [] },
    { title: 'a size 1 broadcasts', params: {}, inputs: [[null, 4, 3], [null, 4, 1]], output: [null, 4, 3], count: 0 },
    { title: 'a lower-rank input is aligned on the last axis', params: {}, inputs: [[null, 7, 3], [null, 3]], output: [null, 7, 3] },
  ],
  badParams: [
    { title: 'takes no parameters', params: { axis: 1 } },
  ],
  badShapes: [
    { params: {}, inputs: [[null, 16], [null, 8]], code: 'shape/mismatch', message: /\(None, 16\), \(None, 8\)/ },
  ],
});
