import { z } from '../zod-configured.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, normalizeAxis, type Shape } from '../shape/shape.js';
import { formatShapes } from './common/merge.js';
import { defineLayer, EXACTLY_TWO } from './define.js';
import * as K from '../runtime/keras-config.js';

/** Checks one input's rank and resolves its dot axis (negative counts from the end). */
function dotAxis(input: Shape, axis: number, which: string): number {
  if (input.length < 2 || input.length > 3) {
    throw new ShapeError(
      `expects 2D (batch, n) or 3D (batch, n, m) inputs, but its ${which} input is ${input.length}D ${formatShape(input)}`,
      { code: 'shape/rank', hint: "tfjs's Dot handles 2D and 3D inputs only: Reshape or Flatten the input first" },
    );
  }
  const resolved = normalizeAxis(axis, input.length);
  if (resolved === undefined || resolved === 0) {
    throw new ShapeError(
      `takes the dot product over axis ${axis} of its ${which} input ${formatShape(input)}, ` +
        (resolved === 0 ? 'which is the batch axis' : 'which has no such axis'),
      { code: 'shape/incompatible', param: 'axes', hint: `use an axis from 1 to ${input.length - 1}, or -1 for the last` },
    );
  }
  return resolved;
}

/** keras.layers.Dot: per sample, the sum over `axes` of `a * b` (a matrix product for 3D inputs). */
export default defineLayer({
  type: 'Dot',
  category: 'merging',
  rowwise: true,
  description: 'Dot product of two samples along `axes` (optionally the cosine similarity); 2D or 3D inputs, as tfjs supports.',
  params: () => z.strictObject({
    axes: z
      .union([z.int(), z.array(z.int()).length(2)])
      .describe('Axis of the dot product, or [a, b]: axis a of the first input with axis b of the second; negative counts from the end. Not 0 (the batch).'),
    normalize: z.boolean().default(false).describe('L2-normalize both inputs along the dot axes first, so the output is the cosine similarity.'),
  }),
  arity: EXACTLY_TWO,
  inferShape([a, b], p) {
    const [axisA, axisB] = typeof p.axes === 'number' ? [p.axes, p.axes] : p.axes;
    const i = dotAxis(a, axisA, 'first');
    const j = dotAxis(b, axisB, 'second');
    // Like tfjs (and Keras), the sizes must be equal: None matches only None.
    if (a[i] !== b[j]) {
      throw new ShapeError(
        `takes the dot product over axes [${i}, ${j}], but they have different sizes (${a[i] ?? 'None'} vs ${b[j] ?? 'None'}); input shapes: ${formatShapes([a, b])}`,
        { code: 'shape/mismatch', hint: 'choose axes of the same size, or project one input to that size first (e.g. with Dense)' },
      );
    }
    const output = [...a.slice(0, i), ...a.slice(i + 1), ...b.slice(1, j), ...b.slice(j + 1)];
    return output.length === 1 ? [...output, 1] : output;
  },
  build(tf, p, ctx) {
    // Axes passed resolved (counted from the front), as the static rule reads them.
    const [a, b] = ctx.inputShapes;
    const [axisA, axisB] = typeof p.axes === 'number' ? [p.axes, p.axes] : p.axes;
    const axes: [number, number] = [dotAxis(a, axisA, 'first'), dotAxis(b, axisB, 'second')];
    return tf.layers.dot({ ...K.baseConfig(ctx), axes, normalize: p.normalize });
  },
});
