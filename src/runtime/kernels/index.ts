import { batchMatMulExplicitTranspose, type KernelFunc } from './batch-mat-mul.js';
import { biasAdd } from './bias-add.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { gatherRows } from './gather-rows.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { depthwiseConv2dBackpropFilter } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dBackpropInput } from './depthwise-conv2d-backprop-input.js';
import { identity } from './identity.js';
import { maxPoolGrad } from './max-pool-grad.js';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelArgs, Tensor, Tf } from './patches.js';
import { resizeNearestNeighborGrad } from './resize-nearest-neighbor-grad.js';
import { registerBooleanGradients } from './boolean-gradients.js';
import { installFusedConvReluGradient } from './fused-conv-relu.js';
import { registerReluGradient } from './relu-gradient.js';
import { sumLeadingAxes } from './sum-leading-axes.js';
import { transposeOuter } from './transpose-outer.js';
import { unsortedSegmentSum } from './unsorted-segment-sum.js';

/**
 * Gradient kernels that tfjs 4.22 lacks on wasm (so that Conv2D, DepthwiseConv2D, SeparableConv2D
 * and Embedding models train there), runs slowly, or gets wrong (see PLAN). Each is built from tfjs
 * ops, which run on the same backend as the kernel; bench/kernels.mjs times them.
 */

/** A kernel returns a Tensor built from tfjs ops, or the TensorInfo of an output it wrote itself. */
type Impl = (tf: Tf, args: KernelArgs) => Tensor | TensorInfo;

export const TRAINING_KERNELS: Readonly<Record<string, Impl>> = {
  Conv2DBackpropFilter: conv2dBackpropFilter,
  Conv2DBackpropInput: conv2dBackpropInput,
  DepthwiseConv2dNativeBackpropFilter: depthwiseConv2dBackpropFilter,
  DepthwiseConv2dNativeBackpropInput: depthwiseConv2dBackpropInput,
  Identity: identity,
  MaxPoolGrad: maxPoolGrad,
  ResizeNearestNeighborGrad: resizeNearestNeighborGrad,
  UnsortedSegmentSum: unsortedSegmentSum,
};

/** Kernels that take some calls from the backend's own kernel and pass it the others. */
export const WRAPPING_KERNELS: Readonly<Record<string, (tf: Tf, original: KernelFunc) => KernelFunc>> = {
  Add: biasAdd,
  BatchMatMul: batchMatMulExplicitTranspose,
  GatherV2: gatherRows,
  Sum: sumLeadingAxes,
  Transpose: transposeOuter,
};

/**
 * Per backend: the kernels registered where the backend has none, and those that replace the
 * backend's own (tfjs 4.22; each replacement measured or checked in test/runtime/kernels.test.ts).
 * - wasm Conv2DBackpropInput: 3.3 GFLOP/s; a conv2d of the spread dy runs 7x faster.
 * - wasm Identity: copies the data; sharing it (as wasm's Reshape does) saves ~4 ms a training step.
 * - wasm MaxPoolGrad: sends some gradients to the wrong position (seen with a batch of 2).
 * - wasm BatchMatMul (wrapped): a transposed operand ~6x slower than an explicit transpose.
 * - wasm Sum (wrapped): over leading axes (bias gradients), a transpose first; a loop is ~8x faster.
 * - wasm Add (wrapped): a bias added over the last axis, in SIMD (1.9 → ~0.5 ms, the first Conv2D's).
 * - wasm GatherV2 (wrapped): whole rows (shuffling an epoch, cutting a batch) copied row by row (85 → ~2 ms an epoch).
 * - wasm Transpose (wrapped): the leading axis moved inward, whole rows copied in SIMD (1.7 → ~0.5 ms).
 * - wasm ResizeNearestNeighborGrad: wrong with halfPixelCenters (UpSampling2D does not use it).
 * - cpu Conv2DBackpropFilter: a scalar loop through TensorBuffer.get, ~0.01 GFLOP/s; im2col + matMul
 *   is 12-20x faster (bench/kernels.mjs). Its depthwise siblings stay: ours is slower on cpu, and
 *   the dilations they ignore never reach them (tfjs's depthwise gradient refuses dilations).
 * - cpu ResizeNearestNeighborGrad: misplaces gradients (UpSampling2D of 5x6 -> 10x12).
 * - cpu UnsortedSegmentSum: numSegments passes over x (an Embedding of 10000 words: 10000 passes).
 */
const PLAN: Readonly<Record<string, { missing: string[]; replace: string[]; wrap: string[] }>> = {
  wasm: {
    missing: ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum'],
    replace: ['Conv2DBackpropInput', 'Identity', 'MaxPoolGrad', 'ResizeNearestNeighborGrad'],
    wrap: ['Add', 'BatchMatMul', 'GatherV2', 'Sum', 'Transpose'],
  },
  cpu: {
    missing: [],
    replace: ['Conv2DBackpropFilter', 'ResizeNearestNeighborGrad', 'UnsortedSegmentSum'],
    wrap: [],
  },
};

/** The kernel functions registered here, to recognise them (registering twice is a no-op). */
const ours = new WeakSet<object>();

/**
 * Registers the training kernels for `backendName` (wasm, cpu; other backends are left alone), the
 * gradients of boolean ops that every backend lacks, ReLU's gradient in one pass on wasm, and
 * Conv2D+ReLU fused while training (fused-conv-relu.ts).
 * loadTf calls it when it activates a backend; calling it again changes nothing.
 */
export function registerTrainingKernels(tf: Tf, backendName: string): void {
  registerBooleanGradients(tf);
  registerReluGradient(tf);
  installFusedConvReluGradient(tf);
  const plan = PLAN[backendName];
  if (!plan) return;
  for (const kernelName of [...plan.missing, ...plan.replace]) {
    const existing = tf.getKernel(kernelName, backendName);
    if (existing && ours.has(existing.kernelFunc)) continue;
    if (existing && !plan.replace.includes(kernelName)) continue; // a later tfjs provides it: keep the backend's own
    if (existing) tf.unregisterKernel(kernelName, backendName);
    const impl = TRAINING_KERNELS[kernelName];
    const kernelFunc = (args: KernelArgs) => impl(tf, args);
    ours.add(kernelFunc);
    tf.registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as never });
  }
  for (const kernelName of plan.wrap) {
    const existing = tf.getKernel(kernelName, backendName);
    if (!existing || ours.has(existing.kernelFunc)) continue;
    const kernelFunc = WRAPPING_KERNELS[kernelName](tf, existing.kernelFunc as unknown as KernelFunc);
    ours.add(kernelFunc);
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ ...existing, kernelFunc: kernelFunc as never });
  }
}
