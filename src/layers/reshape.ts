import { z } from '../zod-configured.js';
import { requireMinRank } from './common/checks.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, product } from '../shape/shape.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.Reshape: (batch, ...) -> (batch, *target_shape), same number of values per sample. */
export default defineLayer({
  type: 'Reshape',
  category: 'reshaping',
  rowwise: true,
  description: 'Reshapes each sample to `target_shape` (batch axis untouched); the number of values must stay the same.',
  params: () => z.strictObject({
    target_shape: z
      .array(z.union([z.int().positive(), z.literal(-1)]))
      .refine((dims) => dims.filter((d) => d === -1).length <= 1, 'at most one dimension can be -1 (inferred)')
      .describe('Output shape of one sample, without the batch axis. One dimension may be -1: it is inferred from the input size.'),
  }),
  inferShape([x], p) {
    requireMinRank(x, 1, '(batch, ...)');
    const target = p.target_shape;
    const inputSize = product(x.slice(1));
    const inferred = target.indexOf(-1);
    // With an unknown input dimension nothing can be checked; -1 stays unknown (None), as in Keras and tfjs.
    if (inputSize === null) return [x[0], ...target.map((d) => (d === -1 ? null : d))];
    const knownSize = target.reduce((n, d) => (d === -1 ? n : n * d), 1);
    const shown = `target_shape ${formatShape(target)}`;
    if (inferred < 0) {
      if (knownSize !== inputSize) {
        throw new ShapeError(
          `cannot reshape input ${formatShape(x)} of ${inputSize} values per sample into ${shown} of ${knownSize} values`,
          { code: 'shape/incompatible', param: 'target_shape', hint: `target_shape must hold ${inputSize} values; a -1 dimension is inferred` },
        );
      }
      return [x[0], ...target];
    }
    if (inputSize % knownSize !== 0) {
      throw new ShapeError(
        `cannot reshape input ${formatShape(x)} of ${inputSize} values per sample into ${shown}: ` +
          `${inputSize} is not divisible by the ${knownSize} values of the other dimensions`,
        { code: 'shape/incompatible', param: 'target_shape', hint: `the known dimensions must multiply to a divisor of ${inputSize}` },
      );
    }
    // tfjs's symbolic shape leaves the -1 axis as None; we infer it (as Keras does), and the runtime
    // passes the resolved target shape to tfjs so that both agree.
    return [x[0], ...target.map((d) => (d === -1 ? inputSize / knownSize : d))];
  },
  build(tf, p, ctx) {
    // tfjs reports a -1 axis as None: pass the size the static rule resolved, when it is known.
    const resolved = ctx.outputShape.slice(1);
    const targetShape = resolved.every((d) => d !== null) ? (resolved as number[]) : p.target_shape;
    return tf.layers.reshape({ ...K.baseConfig(ctx), targetShape });
  },
});
