import { globallyPooledShape, globalPooling2DParams } from './common/pooling.js';
import { defineLayer } from './define.js';

/** keras.layers.GlobalMaxPooling2D: the maximum over all the rows and cols, one value per channel. */
export default defineLayer({
  type: 'GlobalMaxPooling2D',
  category: 'pooling',
  description: 'Global max pooling: the maximum over all the rows and cols, giving (batch, channels).',
  params: globalPooling2DParams,
  inferShape([x], p) {
    return globallyPooledShape(x, p, 2);
  },
});
