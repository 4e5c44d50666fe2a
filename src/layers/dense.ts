import { z } from 'zod';
import { activation } from './common/activations.js';
import { requireKnown, requireMinRank } from './common/checks.js';
import { constraint } from './common/constraints.js';
import { useBias } from './common/conv-params.js';
import { initializer } from './common/initializers.js';
import { regularizer } from './common/regularizers.js';
import { defineLayer } from './define.js';

/** keras.layers.Dense: `activation(dot(input, kernel) + bias)` over the last axis. */
export default defineLayer({
  type: 'Dense',
  category: 'core',
  description: 'Densely-connected layer: activation(dot(input, kernel) + bias) over the last axis.',
  params: z.strictObject({
    units: z.int().positive().describe('Dimensionality of the output space.'),
    activation: activation(null),
    use_bias: useBias,
    kernel_initializer: initializer('glorot_uniform', 'the kernel'),
    bias_initializer: initializer('zeros', 'the bias'),
    kernel_regularizer: regularizer('the kernel'),
    bias_regularizer: regularizer('the bias'),
    activity_regularizer: regularizer('the output'),
    kernel_constraint: constraint('the kernel'),
    bias_constraint: constraint('the bias'),
  }),
  inferShape([x], p) {
    requireMinRank(x, 2, '(batch, ..., features)');
    return [...x.slice(0, -1), p.units];
  },
  weights([x], p) {
    const features = requireKnown(x[x.length - 1], 'the last dimension (features)', x);
    return [
      { name: 'kernel', shape: [features, p.units], trainable: true, initializer: p.kernel_initializer },
      ...(p.use_bias ? [{ name: 'bias', shape: [p.units], trainable: true, initializer: p.bias_initializer }] : []),
    ];
  },
});
