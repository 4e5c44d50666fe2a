import { globallyPooledShape, globalPooling1DParams } from './common/pooling.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.GlobalAveragePooling1D: the average over all the steps, one value per channel. */
export default defineLayer({
  type: 'GlobalAveragePooling1D',
  category: 'pooling',
  rowwise: true,
  description: 'Global average pooling: the average over all the steps, giving (batch, channels).',
  params: globalPooling1DParams,
  inferShape([x], p) {
    return globallyPooledShape(x, p, 1);
  },
  build(tf, p, ctx) {
    return tf.layers.globalAveragePooling1d({ ...K.baseConfig(ctx) });
  },
});
