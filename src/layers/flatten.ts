import { z } from '../zod-configured.js';
import { dataFormat } from './common/conv-params.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, product } from '../shape/shape.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.Flatten: (batch, d1, ..., dn) -> (batch, d1*...*dn). */
export default defineLayer({
  type: 'Flatten',
  category: 'reshaping',
  rowwise: true,
  description: 'Flattens every axis but the batch into one: (batch, d1, ..., dn) -> (batch, d1*...*dn).',
  params: () => z.strictObject({
    data_format: dataFormat.describe(
      'Axis order of the input: channels_first inputs are moved to channels_last before flattening, so the ' +
        'element order matches a channels_last model. The output shape is the same either way.',
    ),
  }),
  inferShape([x]) {
    // tfjs requires rank >= 3 (Keras also accepts an already flat (batch, features) input).
    if (x.length < 3) {
      throw new ShapeError(
        `expects an input of rank 3 or more (batch, d1, d2, ...), but got ${x.length}D input ${formatShape(x)}`,
        {
          code: 'shape/rank',
          hint: x.length === 2 ? 'the input is already flat; remove the Flatten layer (tfjs rejects a 2D input here)' : undefined,
        },
      );
    }
    const size = product(x.slice(1));
    if (size === null) {
      throw new ShapeError(
        `needs every non-batch dimension to be known, but the input shape is ${formatShape(x)}`,
        { code: 'shape/unknown-dim', hint: 'give the model input a fixed size, or use a global pooling layer to remove the variable axis' },
      );
    }
    return [x[0], size];
  },
  build(tf, p, ctx) {
    return tf.layers.flatten({ ...K.baseConfig(ctx), dataFormat: K.dataFormat(p.data_format) });
  },
});
