import * as K from '../runtime/keras-config.js';
import { elementwiseMergeLayer } from './common/merge.js';

/** keras.layers.Add: `inputs[0] + inputs[1] + ...`, elementwise, with broadcasting. */
export default elementwiseMergeLayer({
  type: 'Add',
  description: 'Adds its inputs elementwise (two or more, same shape or broadcastable), e.g. a residual connection.',
  build: (tf, ctx) => tf.layers.add(K.baseConfig(ctx)),
});
