import { z } from '../zod-configured.js';
import { tuple } from '../shape/conv.js';
import { dataFormat, intOrTuple } from './common/conv-params.js';
import { featureMap, readFeatureMap } from './common/conv-shape.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.UpSampling2D: repeats (nearest) or interpolates (bilinear) the rows and cols by `size`. */
export default defineLayer({
  type: 'UpSampling2D',
  category: 'reshaping',
  rowwise: true,
  description: 'Upsamples an image: rows * size[0], cols * size[1], by nearest-neighbour repetition or bilinear interpolation.',
  params: () => z.strictObject({
    size: intOrTuple(2, 'Upsampling factors for the rows and cols: an integer or [rows, cols].', 2),
    data_format: dataFormat,
    interpolation: z
      .enum(['nearest', 'bilinear'])
      .default('nearest')
      .describe('Interpolation: "nearest" or "bilinear" (tfjs has none of Keras\'s other methods, such as bicubic).'),
  }),
  inferShape([x], p) {
    const map = readFeatureMap(x, 2, p.data_format);
    const size = tuple(p.size, 2);
    const spatial = map.spatial.map((d, i) => (d === null ? null : d * size[i]));
    return featureMap({ ...map, spatial }, p.data_format);
  },
  build(tf, p, ctx) {
    return tf.layers.upSampling2d({ ...K.baseConfig(ctx), size: K.tuple(p.size, 2), dataFormat: K.dataFormat(p.data_format), interpolation: p.interpolation });
  },
});
