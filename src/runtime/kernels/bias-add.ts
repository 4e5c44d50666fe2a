import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelFunc } from './batch-mat-mul.js';
import { addRows } from './simd/simd-kernels.js';
import { wasmBackend, type Tf } from './patches.js';

/**
 * Add on wasm of a tensor and a vector over its last axis (a layer's bias: Conv2D and Dense add
 * theirs apart from the product while training) in wasm SIMD (simd/simd-kernels.ts): tfjs 4.22's
 * broadcasting Add took 1.9 ms for the reference CNN's first bias. Either operand order; any other
 * Add goes to the backend's own kernel.
 */
export function biasAdd(tf: Tf, original: KernelFunc): KernelFunc {
  return (args) => {
    const a = args.inputs.a as TensorInfo;
    const b = args.inputs.b as TensorInfo;
    const wasm = wasmBackend(tf);
    const fused = !wasm ? undefined : b.shape.length === 1 ? addRows(wasm, a, b) : a.shape.length === 1 ? addRows(wasm, b, a) : undefined;
    return fused ?? original(args);
  };
}
