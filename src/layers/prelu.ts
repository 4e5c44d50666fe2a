import { z } from '../zod-configured.js';
import { requireMinRank } from './common/checks.js';
import { constraint } from './common/constraints.js';
import { initializer } from './common/initializers.js';
import { regularizer } from './common/regularizers.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, type Shape } from '../shape/shape.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

type SharedAxes = number | number[] | null;

/** The shared axes as a list, checked against the input rank (they count from 1, the batch excluded). */
function sharedAxesOf(x: Shape, shared: SharedAxes): number[] {
  const axes = shared === null ? [] : typeof shared === 'number' ? [shared] : shared;
  for (const axis of axes) {
    if (axis > x.length - 1) {
      throw new ShapeError(
        `has shared_axes ${formatShape(axes)}, but its input ${formatShape(x)} has only ${x.length - 1} axes after the batch`,
        { code: 'shape/incompatible', param: 'shared_axes', hint: `shared axes count from 1 (the batch axis excluded) up to ${x.length - 1}` },
      );
    }
  }
  return axes;
}

/** keras.layers.PReLU: `x if x >= 0 else alpha * x`, with a learned `alpha` per element (shared along shared_axes). */
export default defineLayer({
  type: 'PReLU',
  category: 'activation',
  rowwise: true,
  description: 'Parametric ReLU: x for x >= 0, alpha * x otherwise, with alpha learned per input element (shared along shared_axes).',
  params: () => z.strictObject({
    alpha_initializer: initializer('zeros', 'the alpha weights'),
    alpha_regularizer: regularizer('the alpha weights'),
    alpha_constraint: constraint('the alpha weights'),
    shared_axes: z
      .union([z.int().positive(), z.array(z.int().positive()).min(1)])
      .nullable()
      .default(null)
      .describe(
        'Axes (counting from 1, batch excluded) along which alpha is shared, e.g. [1, 2] for one alpha per channel of ' +
          '(batch, height, width, channels) images.',
      ),
  }),
  inferShape([x], p) {
    requireMinRank(x, 1, '(batch, ...)');
    sharedAxesOf(x, p.shared_axes);
    return [...x];
  },
  weights([x], p) {
    const shared = sharedAxesOf(x, p.shared_axes);
    const shape = x.slice(1).map((d, i) => {
      if (shared.includes(i + 1)) return 1;
      if (d === null) {
        throw new ShapeError(
          `needs axis ${i + 1} of its input to be known to create alpha, but the input shape is ${formatShape(x)}`,
          { code: 'shape/unknown-dim', hint: `add ${i + 1} to shared_axes to share alpha along that axis` },
        );
      }
      return d;
    });
    return [{ name: 'alpha', shape, trainable: true, initializer: p.alpha_initializer }];
  },
  build(tf, p, ctx) {
    return tf.layers.prelu({
      ...K.baseConfig(ctx), alphaInitializer: K.initializer(tf, p.alpha_initializer), alphaRegularizer: K.regularizer(tf, p.alpha_regularizer),
      alphaConstraint: K.constraint(tf, p.alpha_constraint), sharedAxes: p.shared_axes ?? undefined,
    });
  },
});
