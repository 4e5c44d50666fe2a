import * as K from '../runtime/keras-config.js';
import { elementwiseMergeLayer } from './common/merge.js';

/** keras.layers.Average: `(inputs[0] + ... + inputs[n-1]) / n`, elementwise, with broadcasting. */
export default elementwiseMergeLayer({
  type: 'Average',
  description: 'Averages its inputs elementwise (two or more, same shape or broadcastable), e.g. an ensemble.',
  build: (tf, ctx) => tf.layers.average(K.baseConfig(ctx)),
});
