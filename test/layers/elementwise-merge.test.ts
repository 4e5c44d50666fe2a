import Average from '../../src/layers/average.js';
import Maximum from '../../src/layers/maximum.js';
import Minimum from '../../src/layers/minimum.js';
import Multiply from '../../src/layers/multiply.js';
import { runLayerCases } from './harness.js';

// Maximum, Minimum, Multiply and Average merge their inputs element-wise with broadcasting: one shape rule.
const types = [
  { def: Maximum, tfjsLayer: 'maximum' },
  { def: Minimum, tfjsLayer: 'minimum' },
  { def: Multiply, tfjsLayer: 'multiply' },
  { def: Average, tfjsLayer: 'average' },
] as const;

for (const { def, tfjsLayer } of types) {
  runLayerCases(def, {
    valid: [
      { params: {}, inputs: [[null, 4, 5], [null, 4, 5]], output: [null, 4, 5], count: 0, weights: [],
        tfjs: (tf) => tf.layers[tfjsLayer]() },
      { title: 'three inputs with broadcasting', params: {}, inputs: [[null, 4, 5], [null, 1, 5], [null, 5]], output: [null, 4, 5], count: 0,
        tfjs: (tf) => tf.layers[tfjsLayer]() },
      { title: 'unknown length', params: {}, inputs: [[null, null, 5], [null, 7, 5]], output: [null, null, 5],
        tfjs: (tf) => tf.layers[tfjsLayer]() },
    ],
    badParams: [
      { title: 'takes no parameters', params: { mode: 'sum' } },
    ],
    badShapes: [
      { params: {}, inputs: [[null, 4, 5], [null, 4, 6]], code: 'shape/mismatch', message: /\(None, 4, 5\), \(None, 4, 6\)/ },
    ],
  });
}
