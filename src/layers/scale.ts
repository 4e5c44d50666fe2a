import { z } from '../zod-configured.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, normalizeAxis, type Shape } from '../shape/shape.js';
import { initializer } from './common/initializers.js';
import { defineLayer } from './define.js';

/** The size of the input along `axis`, which must exist, not be the batch, and be known. */
function axisSize(x: Shape, axis: number): number {
  const resolved = normalizeAxis(axis, x.length);
  if (resolved === undefined || resolved === 0) {
    throw new ShapeError(
      `has axis ${axis}, but its input ${formatShape(x)} ` +
        (resolved === 0 ? 'has the batch on axis 0, which cannot be scaled' : `has no such axis (it has ${x.length} axes, batch included)`),
      {
        code: 'shape/incompatible',
        param: 'axis',
        hint: `use axis -1 (the last axis: the features, or channels_last) or 1 (channels_first)${x.length > 2 ? `; this input has axes 1 to ${x.length - 1}` : ''}`,
      },
    );
  }
  const size = x[resolved];
  if (size === null) {
    throw new ShapeError(`needs the size of axis ${axis} to be known to create gamma and beta, but the input shape is ${formatShape(x)}`, {
      code: 'shape/unknown-dim',
      hint: 'give that axis a fixed size in the model input, or choose another axis',
    });
  }
  return size;
}

/** Initial values, when given, hold one gamma and one beta per element of the scaled axis. */
function checkInitialWeights(x: Shape, axis: number, weights: [number[], number[]] | null): void {
  if (weights === null) return;
  const size = axisSize(x, axis);
  const [gamma, beta] = weights;
  if (gamma.length !== size || beta.length !== size) {
    throw new ShapeError(
      `has weights with ${gamma.length} gamma and ${beta.length} beta values, but its input ${formatShape(x)} has size ${size} along axis ${axis}`,
      { code: 'shape/incompatible', param: 'weights', hint: `give ${size} values in each list: [[gamma...], [beta...]]` },
    );
  }
}

/** The tutorial's Scale: `out = x * gamma + beta`, gamma and beta broadcast along `axis`. */
export default defineLayer({
  type: 'Scale',
  category: 'custom',
  rowwise: true,
  description: 'Learned elementwise affine map along one axis: x * gamma + beta, one gamma and one beta per element of `axis`.',
  params: () => z.strictObject({
    axis: z.int().default(-1).describe('The axis along which gamma and beta vary (-1: the last; counted with the batch as axis 0, which is not allowed).'),
    momentum: z
      .number()
      .min(0)
      .max(1)
      .default(0.9)
      .describe("Kept for compatibility with the tutorial's Scale, which stores it but never uses it; it has no effect."),
    gamma_init: initializer('ones', 'gamma, the scale (the tutorial\'s "one"), used when `weights` is not given'),
    beta_init: initializer('zeros', 'beta, the offset (the tutorial\'s "zero"), used when `weights` is not given'),
    weights: z
      .tuple([z.array(z.number()).min(1).describe('Initial gamma values.'), z.array(z.number()).min(1).describe('Initial beta values.')])
      .nullable()
      .default(null)
      .describe('Initial values [gamma_list, beta_list], each as long as the input along `axis`; they override gamma_init and beta_init.'),
  }),
  inferShape([x], p) {
    axisSize(x, p.axis);
    checkInitialWeights(x, p.axis, p.weights);
    return [...x];
  },
  weights([x], p) {
    const size = axisSize(x, p.axis);
    checkInitialWeights(x, p.axis, p.weights);
    // Initial values given in the file are the initializer: the list itself.
    return [
      { name: 'gamma', shape: [size], trainable: true, initializer: p.weights ? p.weights[0] : p.gamma_init },
      { name: 'beta', shape: [size], trainable: true, initializer: p.weights ? p.weights[1] : p.beta_init },
    ];
  },
  call(tf, [x], w, p) {
    // gamma and beta as [1, ..., size, ..., 1] so they broadcast along `axis` only.
    const axis = p.axis < 0 ? x.rank + p.axis : p.axis;
    const shape = x.shape.map((d, i) => (i === axis ? d : 1));
    return tf.add(tf.mul(x, tf.reshape(w.gamma, shape)), tf.reshape(w.beta, shape));
  },
});
