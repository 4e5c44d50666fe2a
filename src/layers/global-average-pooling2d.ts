import { globallyPooledShape, globalPooling2DParams } from './common/pooling.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.GlobalAveragePooling2D: the average over all the rows and cols, one value per channel. */
export default defineLayer({
  type: 'GlobalAveragePooling2D',
  category: 'pooling',
  rowwise: true,
  description: 'Global average pooling: the average over all the rows and cols, giving (batch, channels).',
  params: globalPooling2DParams,
  inferShape([x], p) {
    return globallyPooledShape(x, p, 2);
  },
  build(tf, p, ctx) {
    return tf.layers.globalAveragePooling2d({ ...K.baseConfig(ctx), dataFormat: K.dataFormat(p.data_format) });
  },
});
