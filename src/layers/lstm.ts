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
 * keras.layers.LSTM: gates i, f, o = recurrent_activation(x_t W + h_(t-1) U + b), candidate
 * g = activation(...), `c_t = f * c_(t-1) + i * g`, `h_t = o * activation(c_t)`.
 */
export default defineLayer({
  type: 'LSTM',
  category: 'recurrent',
  // The cells draw their own dropout masks, per thread: rows split across threads would not get the same ones.
  rowwise: (p) => p.dropout === 0 && p.recurrent_dropout === 0,
  description:
    'Long Short-Term Memory layer (Hochreiter 1997) over (batch, timesteps, features); one output (no return_state: a layerspec layer has one output).',
  params: () => z.strictObject({
    units,
    activation: activation('tanh'),
    recurrent_activation: recurrentActivation,
    ...recurrentWeightParams,
    unit_forget_bias: z
      .boolean()
      .default(true)
      .describe('Initialize the forget-gate bias to 1 (the other gates use bias_initializer), as Jozefowicz et al. (2015) recommend.'),
    ...sequenceParams,
  }),
  inferShape: (inputs, p) => recurrentOutputShape(inputs, p),
  weights: (inputs, p) => recurrentWeights(inputs, p, 4),
  build(tf, p, ctx) {
    return tf.layers.lstm({ ...K.baseConfig(ctx), ...recurrentConfig(tf, p), recurrentActivation: K.activation(p.recurrent_activation), unitForgetBias: p.unit_forget_bias });
  },
});
