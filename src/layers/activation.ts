import { z } from '../zod-configured.js';
import { activationName } from './common/activations.js';
import { requireMinRank } from './common/checks.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.Activation: `activation(input)`, element-wise; the shape is unchanged. */
export default defineLayer({
  type: 'Activation',
  category: 'core',
  rowwise: true,
  description: 'Applies an activation function to its input; the shape is unchanged.',
  params: () => z.strictObject({
    activation: activationName
      .nullable()
      .describe('Activation function to apply (Keras name; null or "linear" for the identity).'),
  }),
  inferShape([x]) {
    requireMinRank(x, 1, '(batch, ...)');
    return [...x];
  },
  build(tf, p, ctx) {
    return tf.layers.activation({ ...K.baseConfig(ctx), activation: K.activation(p.activation) });
  },
});
