import { buildPooling, pooledShape, pooling1DParams } from './common/pooling.js';
import { defineLayer } from './define.js';

/** keras.layers.AveragePooling1D: the average over each pool_size window of the steps, moved by strides. */
export default defineLayer({
  type: 'AveragePooling1D',
  category: 'pooling',
  rowwise: true,
  description: 'Average pooling over the steps: the average of each pool_size window, moved by strides (default pool_size).',
  params: pooling1DParams,
  inferShape([x], p) {
    return pooledShape(x, p, 1);
  },
  build: (tf, p, ctx) => buildPooling(tf, p, ctx, 1, 'average'),
});
