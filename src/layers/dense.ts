import { z } from '../zod-configured.js';
import { requireKnown, requireMinRank } from './common/checks.js';
import { kernelAndBias, kernelBiasParams } from './common/kernel-bias.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.Dense: `activation(dot(input, kernel) + bias)` over the last axis. */
export default defineLayer({
  type: 'Dense',
  category: 'core',
  rowwise: true,
  description: 'Densely-connected layer: activation(dot(input, kernel) + bias) over the last axis.',
  params: () => z.strictObject({
    units: z.int().positive().describe('Dimensionality of the output space.'),
    ...kernelBiasParams(),
  }),
  inferShape([x], p) {
    requireMinRank(x, 2, '(batch, ..., features)');
    return [...x.slice(0, -1), p.units];
  },
  weights([x], p) {
    const features = requireKnown(x[x.length - 1], 'the last dimension (features)', x);
    return kernelAndBias(p, [features, p.units], [p.units]);
  },
  build(tf, p, ctx) {
    return tf.layers.dense({ ...K.baseConfig(ctx), units: p.units, ...K.kernelBiasConfig(tf, p) });
  },
});
