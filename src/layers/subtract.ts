import { defineSubtractLayer } from '../runtime/subtract-layer.js';
import * as K from '../runtime/keras-config.js';
import { elementwiseMergeLayer } from './common/merge.js';
import { EXACTLY_TWO } from './define.js';

/** keras.layers.Subtract: `inputs[0] - inputs[1]`, elementwise, with broadcasting. */
export default elementwiseMergeLayer({
  type: 'Subtract',
  description: 'Subtracts its second input from its first, elementwise (exactly two inputs, same shape or broadcastable).',
  arity: EXACTLY_TWO,
  // tfjs has no Subtract layer: a small Layer class of ours (src/runtime/subtract-layer.ts).
  build: (tf, ctx) => new (defineSubtractLayer(tf))(K.baseConfig(ctx)),
});
