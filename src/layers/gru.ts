import { z } from '../zod-configured.js';
import { activation } from './common/activations.js';
import {
  recurrentActivation,
  recurrentOutputShape,
  recurrentWeightParams,
  recurrentWeights,
  sequenceParams,
  units,
} from './common/recurrent.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';
import { recurrentConfig } from './common/recurrent-config.js';

/**
 * keras.layers.GRU (reset gate before the matrix product): z, r = recurrent_activation(...),
 * `h~ = activation(x_t W + (r * h_(t-1)) U + b)`, `h_t = z * h_(t-1) + (1 - z) * h~`.
 */
export default defineLayer({
  type: 'GRU',
  category: 'recurrent',
  // The cells draw their own dropout masks, per thread: rows split across threads would not get the same ones.
  rowwise: (p) => p.dropout === 0 && p.recurrent_dropout === 0,
  description:
    'Gated Recurrent Unit (Cho et al. 2014) over (batch, timesteps, features), in its reset_after: false form (the one tfjs runs); one output (no return_state: a layerspec layer has one output).',
  params: () => z.strictObject({
    units,
    activation: activation('tanh'),
    recurrent_activation: recurrentActivation,
    ...recurrentWeightParams,
    ...sequenceParams,
    reset_after: z
      .literal(false)
      .default(false)
      .describe(
        "Apply the reset gate after the matrix product. Must be false: tfjs's GRU implements only the original form. " +
          "Keras 2.3+'s default is true, whose bias has shape (2, 3*units): its weights do not load into this layer.",
      ),
  }),
  inferShape: (inputs, p) => recurrentOutputShape(inputs, p),
  weights: (inputs, p) => recurrentWeights(inputs, p, 3),
  build(tf, p, ctx) {
    return tf.layers.gru({ ...K.baseConfig(ctx), ...recurrentConfig(tf, p), recurrentActivation: K.activation(p.recurrent_activation) });
  },
});
