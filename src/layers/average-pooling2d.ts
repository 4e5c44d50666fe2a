import { buildPooling, pooledShape, pooling2DParams } from './common/pooling.js';
import { defineLayer } from './define.js';

/** keras.layers.AveragePooling2D: the average over each pool_size window of the rows and cols, moved by strides. */
export default defineLayer({
  type: 'AveragePooling2D',
  category: 'pooling',
  rowwise: true,
  description: 'Average pooling over the rows and cols: the average of each pool_size window, moved by strides (default pool_size).',
  params: pooling2DParams,
  inferShape([x], p) {
    return pooledShape(x, p, 2);
  },
  build: (tf, p, ctx) => buildPooling(tf, p, ctx, 2, 'average'),
});
