import { z } from '../zod-configured.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape } from '../shape/shape.js';
import { dataFormat } from './common/conv-params.js';
import { describeSpatial, featureMap, readFeatureMap } from './common/conv-shape.js';
import { edgeAmounts, edgePairs } from './common/edges.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

const EDGES = [['top', 'bottom'], ['left', 'right']];

/** keras.layers.Cropping2D: removes rows and cols at the top, bottom, left and right of an image. */
export default defineLayer({
  type: 'Cropping2D',
  category: 'reshaping',
  rowwise: true,
  description: 'Crops an image: removes rows and columns at the top, bottom, left and right.',
  params: () => z.strictObject({
    cropping: edgeAmounts('to remove', 0),
    data_format: dataFormat,
  }),
  inferShape([x], p) {
    const map = readFeatureMap(x, 2, p.data_format);
    const pairs = edgePairs(p.cropping);
    // An unknown size stays unknown, as in Keras (tfjs would compute None - n as a negative number).
    const spatial = map.spatial.map((d, i) => (d === null ? null : d - pairs[i][0] - pairs[i][1]));
    const bad = spatial.findIndex((d) => d !== null && d < 1);
    if (bad >= 0) {
      const [first, second] = EDGES[bad];
      throw new ShapeError(
        `crops ${pairs[bad][0]} (${first}) + ${pairs[bad][1]} (${second}) from its input's ${describeSpatial(map.spatial)} ` +
          `(input ${formatShape(x)}), which would leave ${describeSpatial(spatial)}`,
        { code: 'shape/non-positive', param: 'cropping', hint: 'crop less: at least one row and one col must remain' },
      );
    }
    return featureMap({ ...map, spatial }, p.data_format);
  },
  build(tf, p, ctx) {
    const map = readFeatureMap(ctx.inputShapes[0], 2, p.data_format);
    if (map.spatial.some((d) => d === null)) {
      // tfjs computes None - n as a negative size, which breaks every layer after it.
      throw new Error(`Cropping2D of an input with unknown rows or cols ${formatShape(ctx.inputShapes[0])} cannot run in TensorFlow.js 4.22; give the input a fixed size`);
    }
    return tf.layers.cropping2D({ ...K.baseConfig(ctx), cropping: edgePairs(p.cropping), dataFormat: K.dataFormat(p.data_format) });
  },
});
