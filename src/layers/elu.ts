import { z } from '../zod-configured.js';
import { requireMinRank } from './common/checks.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.ELU: `x if x > 0 else alpha * (exp(x) - 1)`, element-wise. */
export default defineLayer({
  type: 'ELU',
  category: 'activation',
  rowwise: true,
  description: 'Exponential linear unit: x for x > 0, alpha * (exp(x) - 1) otherwise; the shape is unchanged.',
  params: () => z.strictObject({
    alpha: z
      .literal(1)
      .default(1)
      .describe('Scale of the negative part. tfjs\'s ELU layer supports only the default 1.0.'),
  }),
  inferShape([x]) {
    requireMinRank(x, 1, '(batch, ...)');
    return [...x];
  },
  build(tf, p, ctx) {
    return tf.layers.elu({ ...K.baseConfig(ctx), alpha: p.alpha });
  },
});
