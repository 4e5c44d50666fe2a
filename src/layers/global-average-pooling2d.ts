import { globallyPooledShape, globalPooling2DParams } from './common/pooling.js';
import { defineLayer } from './define.js';

/** keras.layers.GlobalAveragePooling2D: the average over all the rows and cols, one value per channel. */
export default defineLayer({
  type: 'GlobalAveragePooling2D',
  category: 'pooling',
  description: 'Global average pooling: the average over all the rows and cols, giving (batch, channels).',
  params: globalPooling2DParams,
  inferShape([x], p) {
    return globallyPooledShape(x, p, 2);
  },
});
