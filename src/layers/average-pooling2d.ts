import { pooledShape, pooling2DParams } from './common/pooling.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.AveragePooling2D: the average over each pool_size window of the rows and cols, moved by strides. */
export default defineLayer({
  type: 'AveragePooling2D',
  category: 'pooling',
  description: 'Average pooling over the rows and cols: the average of each pool_size window, moved by strides (default pool_size).',
  params: pooling2DParams,
  inferShape([x], p) {
    return pooledShape(x, p, 2);
  },
  build(tf, p, ctx) {
    const poolSize = K.tuple(p.pool_size, 2);
    const strides = p.strides === null ? poolSize : K.tuple(p.strides, 2);
    return tf.layers.averagePooling2d({ ...K.baseConfig(ctx), poolSize: poolSize as [number, number], strides: strides as [number, number], padding: p.padding as 'valid' | 'same', dataFormat: K.dataFormat(p.data_format) });
  },
});
