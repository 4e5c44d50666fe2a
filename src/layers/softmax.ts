import { z } from '../zod-configured.js';
import { requireMinRank } from './common/checks.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, normalizeAxis } from '../shape/shape.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.Softmax: `exp(x) / sum(exp(x), axis)`; the shape is unchanged. */
export default defineLayer({
  type: 'Softmax',
  category: 'activation',
  rowwise: true,
  description: 'Softmax along `axis`: exp(x) / sum(exp(x), axis); the shape is unchanged.',
  params: () => z.strictObject({
    axis: z
      .union([z.int(), z.array(z.int()).min(1)])
      .default(-1)
      .describe(
        'Axis (batch = 0, negative counts from the end) or several axes to normalize over. A single axis must be the ' +
          'last one: tfjs computes a one-axis softmax only there (Permute first, or list several axes).',
      ),
  }),
  inferShape([x], p) {
    requireMinRank(x, 2, '(batch, ..., features)');
    const given = typeof p.axis === 'number' ? [p.axis] : p.axis;
    const axes = given.map((axis) => {
      const a = normalizeAxis(axis, x.length);
      if (a === undefined) {
        throw new ShapeError(`has axis ${axis}, which is out of range for its ${x.length}D input ${formatShape(x)}`, {
          code: 'shape/incompatible',
          param: 'axis',
          hint: `use an axis from 1 to ${x.length - 1} (or -1 for the last)`,
        });
      }
      if (a === 0) {
        throw new ShapeError(`has axis ${axis}, the batch axis: it would normalize across samples`, {
          code: 'shape/incompatible',
          param: 'axis',
          hint: 'axes count the batch as 0; the first feature axis is 1',
        });
      }
      return a;
    });
    if (new Set(axes).size !== axes.length) {
      throw new ShapeError(`lists the same axis twice in axis ${formatShape(given)} for its input ${formatShape(x)}`, {
        code: 'shape/incompatible',
        param: 'axis',
      });
    }
    if (axes.length === 1 && axes[0] !== x.length - 1) {
      throw new ShapeError(
        `has axis ${given[0]}, but tfjs computes a single-axis softmax only over the last axis (${x.length - 1}) of its input ${formatShape(x)}`,
        { code: 'shape/incompatible', param: 'axis', hint: 'use axis -1, or move the axis last with Permute' },
      );
    }
    return [...x];
  },
  build(tf, p, ctx) {
    return tf.layers.softmax({ ...K.baseConfig(ctx), axis: p.axis });
  },
});
