import { z } from '../zod-configured.js';
import { requireMinRank } from './common/checks.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.ReLU: `min(max(x, 0), max_value)`, element-wise. */
export default defineLayer({
  type: 'ReLU',
  category: 'activation',
  rowwise: true,
  description: 'Rectified linear unit: max(x, 0), optionally capped at max_value; the shape is unchanged.',
  params: () => z.strictObject({
    max_value: z.number().min(0).nullable().default(null).describe('Upper bound of the output (null: no bound). 6 gives ReLU6.'),
    negative_slope: z
      .literal(0)
      .default(0)
      .describe('Slope below the threshold. tfjs\'s ReLU supports only 0; use LeakyReLU for a non-zero slope.'),
    threshold: z
      .literal(0)
      .default(0)
      .describe('Value below which the output is 0 (or sloped). tfjs\'s ReLU supports only 0.'),
  }),
  inferShape([x]) {
    requireMinRank(x, 1, '(batch, ...)');
    return [...x];
  },
  build(tf, p, ctx) {
    return tf.layers.reLU({ ...K.baseConfig(ctx), maxValue: p.max_value ?? undefined });
  },
});
