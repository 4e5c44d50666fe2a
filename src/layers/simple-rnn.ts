import { z } from '../zod-configured.js';
import { activation } from './common/activations.js';
import { recurrentOutputShape, recurrentWeightParams, recurrentWeights, sequenceParams, units } from './common/recurrent.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';
import { recurrentConfig } from './common/recurrent-config.js';

/** keras.layers.SimpleRNN: `h_t = activation(x_t . kernel + h_{t-1} . recurrent_kernel + bias)`. */
export default defineLayer({
  type: 'SimpleRNN',
  category: 'recurrent',
  // The cells draw their own dropout masks, per thread: rows split across threads would not get the same ones.
  rowwise: (p) => p.dropout === 0 && p.recurrent_dropout === 0,
  description:
    'Fully-connected recurrent layer: h_t = activation(x_t kernel + h_(t-1) recurrent_kernel + bias); one output (no return_state: a layerspec layer has one output).',
  params: () => z.strictObject({
    units,
    activation: activation('tanh'),
    ...recurrentWeightParams,
    ...sequenceParams,
  }),
  inferShape: (inputs, p) => recurrentOutputShape(inputs, p),
  weights: (inputs, p) => recurrentWeights(inputs, p, 1),
  build(tf, p, ctx) {
    return tf.layers.simpleRNN({ ...K.baseConfig(ctx), ...recurrentConfig(tf, p) });
  },
});
