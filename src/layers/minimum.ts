import * as K from '../runtime/keras-config.js';
import { elementwiseMergeLayer } from './common/merge.js';

/** keras.layers.Minimum: `min(inputs[0], inputs[1], ...)`, elementwise, with broadcasting. */
export default elementwiseMergeLayer({
  type: 'Minimum',
  description: 'Takes the elementwise minimum of its inputs (two or more, same shape or broadcastable).',
  build: (tf, ctx) => tf.layers.minimum(K.baseConfig(ctx)),
});
