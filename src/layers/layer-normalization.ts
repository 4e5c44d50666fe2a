import { z } from '../zod-configured.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, normalizeAxis, type Shape } from '../shape/shape.js';
import { initializer } from './common/initializers.js';
import { regularizer } from './common/regularizers.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** Resolves the normalized axes, in the order given (tfjs's order for the gamma/beta shape). */
function normalizedAxes(x: Shape, axis: number | number[]): number[] {
  const given = typeof axis === 'number' ? [axis] : axis;
  const resolved = given.map((a) => normalizeAxis(a, x.length));
  const bad = resolved.findIndex((a, i) => a === undefined || a === 0 || resolved.indexOf(a) !== i);
  if (bad !== -1) {
    const why = resolved[bad] === undefined ? 'which it does not have' : resolved[bad] === 0 ? 'which is the batch axis' : 'which is listed twice';
    throw new ShapeError(`normalizes over axis ${given[bad]} of its input ${formatShape(x)}, ${why}`, {
      code: 'shape/incompatible',
      param: 'axis',
      hint: `use distinct axes from 1 to ${x.length - 1} (or negative, from the end); -1 is the last`,
    });
  }
  return resolved as number[];
}

/** keras.layers.LayerNormalization: per sample, `gamma * (x - mean) / sqrt(var + epsilon) + beta` over `axis`. */
export default defineLayer({
  type: 'LayerNormalization',
  category: 'normalization',
  rowwise: true,
  description: 'Normalizes each sample by its own mean and variance over `axis` (the same in training and inference), then scales by gamma and shifts by beta.',
  params: () => z.strictObject({
    axis: z
      .union([z.int(), z.array(z.int()).min(1)])
      .default(-1)
      .describe('Axis or axes to normalize over (-1: the last); gamma and beta have the sizes of these axes.'),
    epsilon: z.number().positive().default(0.001).describe('Small float added to the variance to avoid dividing by zero.'),
    center: z.boolean().default(true).describe('Whether to add the offset beta.'),
    scale: z.boolean().default(true).describe('Whether to multiply by gamma.'),
    beta_initializer: initializer('zeros', 'beta'),
    gamma_initializer: initializer('ones', 'gamma'),
    beta_regularizer: regularizer('beta'),
    gamma_regularizer: regularizer('gamma'),
    beta_constraint: z.null().default(null).describe("Keras's constraint on beta. Not supported: tfjs's LayerNormalization takes no constraints; leave it out."),
    gamma_constraint: z.null().default(null).describe("Keras's constraint on gamma. Not supported: tfjs's LayerNormalization takes no constraints; leave it out."),
  }),
  inferShape([x], p) {
    normalizedAxes(x, p.axis);
    return x;
  },
  weights([x], p) {
    const shape = normalizedAxes(x, p.axis).map((axis) => {
      const size = x[axis];
      if (size === null) {
        throw new ShapeError(`needs the size of axis ${axis} to create gamma and beta, but the input shape is ${formatShape(x)}`, {
          code: 'shape/unknown-dim',
          hint: 'normalize over axes of fixed size only (usually the last, the features)',
        });
      }
      return size;
    });
    return [
      ...(p.scale ? [{ name: 'gamma', shape, trainable: true, initializer: p.gamma_initializer }] : []),
      ...(p.center ? [{ name: 'beta', shape: [...shape], trainable: true, initializer: p.beta_initializer }] : []),
    ];
  },
  build(tf, p, ctx) {
    return tf.layers.layerNormalization({
      ...K.baseConfig(ctx), axis: p.axis, epsilon: p.epsilon, center: p.center, scale: p.scale,
      betaInitializer: K.initializer(tf, p.beta_initializer), gammaInitializer: K.initializer(tf, p.gamma_initializer),
      betaRegularizer: K.regularizer(tf, p.beta_regularizer), gammaRegularizer: K.regularizer(tf, p.gamma_regularizer),
    });
  },
});
