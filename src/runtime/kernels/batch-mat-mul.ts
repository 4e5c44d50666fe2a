import type { KernelArgs, Tensor, Tf } from './patches.js';

/** A backend's own kernel function, kept to be called by the kernel that wraps it. */
export type KernelFunc = (args: KernelArgs & { backend?: unknown }) => unknown;

/**
 * BatchMatMul with transposeA/transposeB on wasm: a plain product of operands laid out
 * explicitly. tfjs 4.22's wasm kernel runs a transposed operand ~6x slower (the reference CNN's
 * Dense gradients x^T·dy and dy·W^T: ~15 ms each); every Dense layer's backward pass has both.
 *
 * The plain product is XNNPACK's: it packs its right operand on every call with a new tensor,
 * so what a product costs beyond its arithmetic is the elements transposed and packed. Of the two
 * ways to lay it out, the cheaper is taken:
 *   - as asked, C = op(a)·op(b): op(a) and op(b) transposed where flagged, op(b) packed;
 *   - swapped, C = (op(b)^T·op(a)^T)^T: a transposed operand is already its own transpose there,
 *     so dy·W^T needs no copy of W (the Dense kernel, 2304x128 in the reference CNN), only
 *     dy^T (32x128) packed and the product (32x2304) transposed back: 2.5 → ~1 ms a step.
 * Each element of C is the same sum of products either way.
 */
export function batchMatMulExplicitTranspose(tf: Tf, original: KernelFunc): KernelFunc {
  return (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original(args);
    return tf.tidy(() => {
      const a = args.inputs.a as Tensor;
      const b = args.inputs.b as Tensor;
      const [m, k] = transposeA ? a.shape.slice(-2).reverse() : a.shape.slice(-2);
      const n = transposeB ? b.shape[b.rank - 2] : b.shape[b.rank - 1];
      const asAsked = (transposeA ? m * k : 0) + (transposeB ? 2 * k * n : k * n);
      const swapped = (transposeB ? 0 : k * n) + (transposeA ? m * k : 2 * m * k) + m * n;
      if (swapped < asAsked) {
        return swapLastAxes(tf, tf.matMul(transposeB ? b : swapLastAxes(tf, b), transposeA ? a : swapLastAxes(tf, a)));
      }
      return tf.matMul(transposeA ? swapLastAxes(tf, a) : a, transposeB ? swapLastAxes(tf, b) : b);
    });
  };
}

function swapLastAxes(tf: Tf, t: Tensor): Tensor {
  const perm = t.shape.map((_, i) => i);
  perm.splice(-2, 2, perm.length - 1, perm.length - 2);
  return tf.transpose(t, perm);
}
