import * as K from '../runtime/keras-config.js';
import { elementwiseMergeLayer } from './common/merge.js';

/** keras.layers.Multiply: `inputs[0] * inputs[1] * ...`, elementwise, with broadcasting. */
export default elementwiseMergeLayer({
  type: 'Multiply',
  description: 'Multiplies its inputs elementwise (two or more, same shape or broadcastable), e.g. a gate.',
  build: (tf, ctx) => tf.layers.multiply(K.baseConfig(ctx)),
});
