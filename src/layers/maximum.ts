import * as K from '../runtime/keras-config.js';
import { elementwiseMergeLayer } from './common/merge.js';

/** keras.layers.Maximum: `max(inputs[0], inputs[1], ...)`, elementwise, with broadcasting. */
export default elementwiseMergeLayer({
  type: 'Maximum',
  description: 'Takes the elementwise maximum of its inputs (two or more, same shape or broadcastable).',
  build: (tf, ctx) => tf.layers.maximum(K.baseConfig(ctx)),
});
