import { z } from '../zod-configured.js';
import { dataFormat } from './common/conv-params.js';
import { featureMap, readFeatureMap } from './common/conv-shape.js';
import { edgeAmounts, edgePairs } from './common/edges.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.ZeroPadding2D: adds rows and cols of zeros at the top, bottom, left and right of an image. */
export default defineLayer({
  type: 'ZeroPadding2D',
  category: 'reshaping',
  rowwise: true,
  description: 'Adds rows and columns of zeros at the top, bottom, left and right of an image.',
  params: () => z.strictObject({
    padding: edgeAmounts('of zeros to add', 1),
    data_format: dataFormat,
  }),
  inferShape([x], p) {
    const map = readFeatureMap(x, 2, p.data_format);
    const pairs = edgePairs(p.padding);
    const spatial = map.spatial.map((d, i) => (d === null ? null : d + pairs[i][0] + pairs[i][1]));
    return featureMap({ ...map, spatial }, p.data_format);
  },
  build(tf, p, ctx) {
    return tf.layers.zeroPadding2d({ ...K.baseConfig(ctx), padding: edgePairs(p.padding), dataFormat: K.dataFormat(p.data_format) });
  },
});
