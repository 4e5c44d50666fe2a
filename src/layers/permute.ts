import { z } from '../zod-configured.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape } from '../shape/shape.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** True when `dims` holds each of 1..n exactly once. */
function isPermutation(dims: readonly number[]): boolean {
  const sorted = [...dims].sort((a, b) => a - b);
  return sorted.every((d, i) => d === i + 1);
}

/** keras.layers.Permute: output axis i+1 is input axis dims[i] (the batch axis stays first). */
export default defineLayer({
  type: 'Permute',
  category: 'reshaping',
  rowwise: true,
  description: 'Permutes the non-batch axes of the input by `dims` (1-based), e.g. dims [2, 1] swaps the two axes of a 3D input.',
  params: () => z.strictObject({
    dims: z
      .array(z.int().positive())
      .min(1)
      .refine(isPermutation, 'must hold each of 1, 2, ..., n exactly once (axes count from 1; the batch axis is not included)')
      .describe('Permutation of the non-batch axes, counting from 1: output axis i is input axis dims[i].'),
  }),
  inferShape([x], p) {
    if (x.length !== p.dims.length + 1) {
      throw new ShapeError(
        `expects a ${p.dims.length + 1}D input (dims ${formatShape(p.dims)} permutes ${p.dims.length} axes after the batch), ` +
          `but got ${x.length}D input ${formatShape(x)}`,
        { code: 'shape/rank', param: 'dims', hint: `dims must list each of the input's ${x.length - 1} non-batch axes once` },
      );
    }
    return [x[0], ...p.dims.map((d) => x[d])];
  },
  build(tf, p, ctx) {
    return tf.layers.permute({ ...K.baseConfig(ctx), dims: p.dims });
  },
});
