import { z } from '../zod-configured.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, normalizeAxis, type Dim } from '../shape/shape.js';
import { formatShapes } from './common/merge.js';
import { defineLayer, TWO_OR_MORE } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.Concatenate: joins its inputs along `axis`; every other axis must match. */
export default defineLayer({
  type: 'Concatenate',
  category: 'merging',
  rowwise: true,
  description: 'Concatenates its inputs (two or more) along `axis`; all other axes must have the same sizes.',
  params: () => z.strictObject({
    axis: z.int().default(-1).describe('Axis along which to concatenate; negative counts from the end (-1: the last, e.g. channels).'),
  }),
  arity: TWO_OR_MORE,
  inferShape(inputs, p) {
    const rank = inputs[0].length;
    if (inputs.some((s) => s.length !== rank)) {
      throw new ShapeError(`expects inputs of the same rank, but got ${formatShapes(inputs)}`, {
        code: 'shape/mismatch',
        hint: 'Reshape (or Flatten) the inputs so they have the same number of axes',
      });
    }
    const axis = normalizeAxis(p.axis, rank);
    if (axis === undefined) {
      throw new ShapeError(`has axis ${p.axis}, but its inputs have ${rank} axes (batch included), e.g. ${formatShape(inputs[0])}`, {
        code: 'shape/incompatible',
        param: 'axis',
        hint: `use an axis from 1 to ${rank - 1}, or -1 for the last`,
      });
    }
    const output: Dim[] = [...inputs[0]];
    for (let i = 0; i < rank; i++) {
      if (i === axis) continue;
      const sizes = inputs.map((s) => s[i]);
      // tfjs compares the other axes exactly: an unknown size (None) only matches None.
      if (sizes.some((d) => d !== sizes[0])) {
        const unknown = sizes.includes(null) ? '; an unknown size (None) only matches another None' : '';
        throw new ShapeError(
          `expects inputs that match in every axis except the concatenation axis ${p.axis}, but axis ${i} differs: ${formatShapes(inputs)}`,
          {
            code: 'shape/mismatch',
            hint: `resize the inputs so that only axis ${p.axis} differs (e.g. the same strides, padding and pooling on every branch)${unknown}`,
          },
        );
      }
    }
    const sizes = inputs.map((s) => s[axis]);
    output[axis] = sizes.includes(null) ? null : (sizes as number[]).reduce((a, b) => a + b, 0);
    return output;
  },
  build(tf, p, ctx) {
    // tfjs 4.22's concatenate turns any negative axis into the last one at run time (its symbolic
    // shape is right): pass the axis counted from the front.
    const rank = ctx.inputShapes[0].length;
    return tf.layers.concatenate({ ...K.baseConfig(ctx), axis: p.axis < 0 ? rank + p.axis : p.axis });
  },
});
