import { pooledShape, pooling1DParams } from './common/pooling.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.AveragePooling1D: the average over each pool_size window of the steps, moved by strides. */
export default defineLayer({
  type: 'AveragePooling1D',
  category: 'pooling',
  description: 'Average pooling over the steps: the average of each pool_size window, moved by strides (default pool_size).',
  params: pooling1DParams,
  inferShape([x], p) {
    return pooledShape(x, p, 1);
  },
  build(tf, p, ctx) {
    const poolSize = K.tuple(p.pool_size, 1);
    const strides = p.strides === null ? poolSize : K.tuple(p.strides, 1);
    return tf.layers.averagePooling1d({ ...K.baseConfig(ctx), poolSize: poolSize as [number], strides: strides as [number], padding: p.padding as 'valid' | 'same' });
  },
});
