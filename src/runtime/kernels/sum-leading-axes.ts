import type { KernelFunc } from './batch-mat-mul.js';
import { loopBuffers, wasmBackend, type KernelArgs, type Tensor, type Tf } from './patches.js';
import { sumRows } from './simd/simd-kernels.js';

/**
 * Sum over leading axes (a bias gradient: dy [N, H, W, C] summed to [C]) of float32 on wasm: one
 * pass in plain JavaScript, row after row. tfjs 4.22's wasm kernel transposes the reduced axes last
 * first (8 ms for the reference CNN's first bias gradient, ~1 ms this way). Any other sum goes to
 * the backend's own kernel.
 */
export function sumLeadingAxes(tf: Tf, original: KernelFunc): KernelFunc {
  return (args: KernelArgs) => {
    const x = args.inputs.x as Tensor;
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < x.rank && axes.every((a, i) => a === i);
    if (!leading || x.dtype !== 'float32') return original(args);
    const kept = x.shape.slice(axes.length);
    const width = kept.reduce((a, b) => a * b, 1);
    const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
    // In wasm SIMD when the width allows (simd/simd-kernels.ts), the same sums.
    const wasm = wasmBackend(tf);
    const simd = wasm && sumRows(wasm, x, width, outShape);
    if (simd) return simd;
    const buffers = loopBuffers(tf, [x], outShape);
    const [values] = buffers.inputs;
    // Accumulated in float64, per output column, in row order.
    const acc = new Float64Array(width);
    for (let start = 0; start < values.length; start += width) {
      for (let j = 0; j < width; j++) acc[j] += values[start + j];
    }
    buffers.out.set(acc);
    return buffers.result();
  };
}
