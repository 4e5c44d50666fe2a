import { z } from '../zod-configured.js';
import { requireKnown, requireMinRank } from './common/checks.js';
import { constraint } from './common/constraints.js';
import { initializer } from './common/initializers.js';
import { regularizer } from './common/regularizers.js';
import { defineLayer } from './define.js';

/**
 * The tutorial's first custom layer (its `MyLayer`): `dot(x, kernel)` over the last axis, with a
 * trainable kernel [features, output_dim], no bias and no activation. Named KernelDot because
 * MyLayer is the name the docs give a user's own plugin.
 */
export default defineLayer({
  type: 'KernelDot',
  category: 'custom',
  rowwise: true,
  description: "The tutorial's first custom layer: dot(input, kernel) over the last axis, with a trainable kernel and no bias.",
  params: () => z.strictObject({
    output_dim: z.int().positive().describe('Size of the output\'s last axis (the kernel\'s columns).'),
    kernel_initializer: initializer('random_uniform', "the kernel (the tutorial's 'uniform' is Keras's random_uniform in [-0.05, 0.05])"),
    kernel_regularizer: regularizer('the kernel'),
    kernel_constraint: constraint('the kernel'),
  }),
  inferShape([x], p) {
    requireMinRank(x, 2, '(batch, ..., features)');
    return [...x.slice(0, -1), p.output_dim];
  },
  weights([x], p) {
    const features = requireKnown(x[x.length - 1], 'the last dimension (features)', x);
    return [{
      name: 'kernel',
      shape: [features, p.output_dim],
      trainable: true,
      initializer: p.kernel_initializer,
      regularizer: p.kernel_regularizer,
      constraint: p.kernel_constraint,
    }];
  },
  call(tf, [x], w, p) {
    // Keras's K.dot of an nD input and a matrix: the last axis against the kernel's rows.
    const features = x.shape[x.rank - 1];
    const product = tf.matMul(tf.reshape(x, [-1, features]), w.kernel);
    return tf.reshape(product, [...x.shape.slice(0, -1), p.output_dim]);
  },
});
