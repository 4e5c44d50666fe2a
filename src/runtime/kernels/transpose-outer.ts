import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelFunc } from './batch-mat-mul.js';
import { swapOuter } from './simd/simd-kernels.js';
import { wasmBackend, type Tf } from './patches.js';

/**
 * Transpose on wasm when it moves the leading axis inward and keeps the innermost axes together
 * (perm [1, ..., k, 0, k+1, ...], as the filter gradient's `transpose(dy, [1, 2, 0, 3])`): a copy
 * of whole rows in wasm SIMD (simd/simd-kernels.ts). tfjs 4.22's wasm kernel took 1.7 ms for the
 * reference CNN's first dy. Any other transpose goes to the backend's own kernel.
 */
export function transposeOuter(tf: Tf, original: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    const { perm } = args.attrs as { perm: number[] };
    const middle = perm.indexOf(0);
    const moves = middle > 0 && perm.every((axis, i) => (i < middle ? axis === i + 1 : i === middle ? axis === 0 : axis === i));
    const wasm = wasmBackend(tf);
    return (moves && wasm ? swapOuter(wasm, x, middle) : undefined) ?? original(args);
  };
}
