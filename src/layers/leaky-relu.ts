import { z } from '../zod-configured.js';
import { requireMinRank } from './common/checks.js';
import { ShapeError } from '../shape/shape-error.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** Slope used when neither name is given: 0.3, in Keras 2, Keras 3 and tfjs alike. */
export const DEFAULT_LEAKY_SLOPE = 0.3;

/** keras.layers.LeakyReLU: `x if x >= 0 else alpha * x`, element-wise. */
export default defineLayer({
  type: 'LeakyReLU',
  category: 'activation',
  rowwise: true,
  description: 'Leaky rectified linear unit: x for x >= 0, alpha * x otherwise (alpha defaults to 0.3); the shape is unchanged.',
  params: () => z.strictObject({
    alpha: z
      .number()
      .min(0)
      .optional()
      .describe(`Slope for x < 0 (Keras 2 and tfjs name; default ${DEFAULT_LEAKY_SLOPE}). Give alpha or negative_slope, not both.`),
    negative_slope: z
      .number()
      .min(0)
      .optional()
      .describe(`Keras 3 name of alpha: slope for x < 0 (default ${DEFAULT_LEAKY_SLOPE}). Give alpha or negative_slope, not both.`),
  }),
  inferShape([x], p) {
    if (p.alpha !== undefined && p.negative_slope !== undefined) {
      throw new ShapeError('has both alpha and negative_slope, two names for the same slope', {
        code: 'schema/invalid',
        param: 'negative_slope',
        hint: 'keep one: alpha (Keras 2) or negative_slope (Keras 3)',
      });
    }
    requireMinRank(x, 1, '(batch, ...)');
    return [...x];
  },
  build(tf, p, ctx) {
    return tf.layers.leakyReLU({ ...K.baseConfig(ctx), alpha: p.alpha ?? p.negative_slope ?? DEFAULT_LEAKY_SLOPE });
  },
});
