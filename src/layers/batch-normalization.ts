import { z } from '../zod-configured.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, normalizeAxis, type Shape } from '../shape/shape.js';
import { constraint } from './common/constraints.js';
import { initializer } from './common/initializers.js';
import { regularizer } from './common/regularizers.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** Resolves the features axis and its (known) size. */
function featureAxis(x: Shape, axis: number): number {
  const resolved = normalizeAxis(axis, x.length);
  if (resolved === undefined || resolved === 0) {
    throw new ShapeError(
      `has axis ${axis}, but its input ${formatShape(x)} ` +
        (resolved === 0 ? 'has the batch on axis 0, which cannot be the features axis' : `has no such axis (it has ${x.length} axes, batch included)`),
      {
        code: 'shape/incompatible',
        param: 'axis',
        hint: `use axis -1 (the last axis: the features, or channels_last) or 1 (channels_first)${x.length > 2 ? `; this input has axes 1 to ${x.length - 1}` : ''}`,
      },
    );
  }
  return resolved;
}

/** keras.layers.BatchNormalization: `gamma * (x - mean) / sqrt(var + epsilon) + beta` per feature of `axis`. */
export default defineLayer({
  type: 'BatchNormalization',
  category: 'normalization',
  description:
    'Normalizes each feature of `axis` by the batch mean and variance in training and by their moving averages in inference, then scales by gamma and shifts by beta.',
  params: () => z.strictObject({
    axis: z
      .int()
      .default(-1)
      .describe("The features axis (-1: the last, for channels_last; 1 for channels_first). One axis: tfjs does not take Keras's list of axes."),
    momentum: z.number().min(0).max(1).default(0.99).describe('Momentum of the moving mean and moving variance.'),
    epsilon: z.number().positive().default(0.001).describe('Small float added to the variance to avoid dividing by zero.'),
    center: z
      .boolean()
      .default(true)
      .describe('Whether to add the offset beta. false: tfjs 4.22 runs such a layer but fails to train it (a tfjs bug).'),
    scale: z
      .boolean()
      .default(true)
      .describe('Whether to multiply by gamma (false when the next layer is linear or ReLU). false: tfjs 4.22 runs such a layer but fails to train it (a tfjs bug).'),
    beta_initializer: initializer('zeros', 'beta'),
    gamma_initializer: initializer('ones', 'gamma'),
    moving_mean_initializer: initializer('zeros', 'the moving mean'),
    moving_variance_initializer: initializer('ones', 'the moving variance'),
    beta_regularizer: regularizer('beta'),
    gamma_regularizer: regularizer('gamma'),
    beta_constraint: constraint('beta'),
    gamma_constraint: constraint('gamma'),
  }),
  inferShape([x], p) {
    featureAxis(x, p.axis);
    return x;
  },
  weights([x], p) {
    const axis = featureAxis(x, p.axis);
    const features = x[axis];
    if (features === null) {
      throw new ShapeError(`needs the size of axis ${axis} (the features) to create its weights, but the input shape is ${formatShape(x)}`, {
        code: 'shape/unknown-dim',
        hint: 'give that axis a fixed size in the model input, or choose another axis',
      });
    }
    const shape = [features];
    return [
      ...(p.scale ? [{ name: 'gamma', shape, trainable: true, initializer: p.gamma_initializer }] : []),
      ...(p.center ? [{ name: 'beta', shape: [...shape], trainable: true, initializer: p.beta_initializer }] : []),
      { name: 'moving_mean', shape: [...shape], trainable: false, initializer: p.moving_mean_initializer },
      { name: 'moving_variance', shape: [...shape], trainable: false, initializer: p.moving_variance_initializer },
    ];
  },
  build(tf, p, ctx) {
    return tf.layers.batchNormalization({
      ...K.baseConfig(ctx), axis: p.axis, momentum: p.momentum, epsilon: p.epsilon, center: p.center, scale: p.scale,
      betaInitializer: K.initializer(tf, p.beta_initializer), gammaInitializer: K.initializer(tf, p.gamma_initializer),
      movingMeanInitializer: K.initializer(tf, p.moving_mean_initializer), movingVarianceInitializer: K.initializer(tf, p.moving_variance_initializer),
      betaRegularizer: K.regularizer(tf, p.beta_regularizer), gammaRegularizer: K.regularizer(tf, p.gamma_regularizer),
      betaConstraint: K.constraint(tf, p.beta_constraint), gammaConstraint: K.constraint(tf, p.gamma_constraint),
    });
  },
});
