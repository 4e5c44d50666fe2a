import type { KernelArgs, Tensor, Tf } from './patches.js';

/** A backend's own kernel function, kept to be called by the kernel that wraps it. */
export type KernelFunc = (args: KernelArgs & { backend?: unknown }) => unknown;

/**
 * BatchMatMul with transposeA/transposeB on wasm: the operand transposed explicitly, then the
 * backend's plain product. tfjs 4.22's wasm kernel runs a transposed operand ~6x slower (the
 * reference CNN's Dense gradients x^T·dy and dy·W^T: ~15 ms each, 2-3 ms this way); every Dense
 * layer's backward pass has both.
 */
export function batchMatMulExplicitTranspose(tf: Tf, original: KernelFunc): KernelFunc {
  return (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original(args);
    return tf.tidy(() => {
      const a = args.inputs.a as Tensor;
      const b = args.inputs.b as Tensor;
      return tf.matMul(transposeA ? swapLastAxes(tf, a) : a, transposeB ? swapLastAxes(tf, b) : b);
    });
  };
}

function swapLastAxes(tf: Tf, t: Tensor): Tensor {
  const perm = t.shape.map((_, i) => i);
  perm.splice(-2, 2, perm.length - 1, perm.length - 2);
  return tf.transpose(t, perm);
}
