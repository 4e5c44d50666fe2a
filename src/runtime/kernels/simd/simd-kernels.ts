import type * as tfTypes from '@tensorflow/tfjs';
import type { WasmBackend } from '../patches.js';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.js';

/**
 * Kernels in 128-bit wasm SIMD (kernels.wat), run directly on the tensors in TensorFlow.js's wasm
 * memory, where tfjs or plain JavaScript was slow; times per reference-CNN training step (batch 64):
 * - MaxPoolGrad of the 2x2/stride-2 pool: 13 + 3 ms as a JavaScript loop, bound by branch
 *   mispredictions (each window's maximum is anywhere), 2 + 0.5 ms with SIMD selects;
 * - the column sums of a bias gradient: 5 + 1.6 → 0.8 + 0.4 ms;
 * - ReLU's gradient: tfjs's three passes (Step, Cast, Multiply, ~5 ms) in one;
 * - Adam's update: tfjs's twelve ops per variable (~5 ms) in one pass (fused-adam.ts);
 * - x*a + y*b, the gradients of a batch's parts weighted and summed (parallel/shared-rows.ts);
 * - uniform random values, seedrandom's alea step (random-uniform.ts), which JavaScript runs cold;
 * - a bias add and the transpose that moves the batch axis inward, which tfjs's wasm kernels run
 *   slowly on these shapes;
 * - the filter gradient of a convolution over 3 channels (the first layer on RGB images): ~15 ms
 *   as XNNPACK's convolution with the channels as its batch, ~6 ms here;
 * - a convolution's input patches as rows, which make the filter gradient over more channels one
 *   plain product (conv2d-backprop-filter.ts).
 * Each gives the replaced code's results exactly (test/runtime/simd-kernels.test.ts,
 * fused-adam.test.ts), so either path may run, except the filter gradient, whose sums are added in
 * another order than XNNPACK's (tested against float64 sums). Each returns undefined where it does
 * not apply.
 */

interface SimdExports {
  max_pool_grad_2x2(x: number, dy: number, dx: number, batch: number, height: number, width: number, channels: number): void;
  sum_rows(x: number, rows: number, width: number, out: number, scratch: number): void;
  relu_grad(dy: number, x: number, out: number, n: number): void;
  swap_outer(input: number, out: number, a: number, b: number, bytes: number): void;
  add_rows(x: number, bias: number, out: number, rows: number, width: number): void;
  filter_grad_c3(x: number, dy: number, out: number, batch: number, height: number, width: number, oh: number, ow: number,
    filters: number, kh: number, kw: number, sh: number, sw: number): void;
  patches_rows(x: number, out: number, offsets: number, batch: number, height: number, width: number, channels: number,
    oh: number, ow: number, kh: number, kw: number, sh: number, sw: number): void;
  scaled_add(x: number, a: number, y: number, b: number, out: number, n: number): void;
  uniform(out: number, n: number, min: number, range: number, c: number, s0: number, s1: number, s2: number): void;
  adam(w: number, m: number, v: number, g: number, wOut: number, mOut: number, vOut: number, n: number,
    b1: number, c1: number, b2: number, c2: number, omab1: number, omab2: number, eps: number, neglr: number): void;
}

/** The WebAssembly API, typed here: the project's TypeScript libraries do not declare it. */
interface WasmApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null | undefined;
/** One instance per wasm memory (the main thread's and each helper thread's backend). */
const instances = new WeakMap<object, SimdExports | null>();

/** The kernels on `backend`'s memory; undefined when this wasm lacks SIMD. */
export function simdKernels(backend: WasmBackend): SimdExports | undefined {
  const memory = backend.wasm?.asm?.memory;
  if (!(memory instanceof wasmApi.Memory)) return undefined;
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    try {
      compiled ??= new wasmApi.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
      kernels = new wasmApi.Instance(compiled, { env: { memory } }).exports as SimdExports;
    } catch {
      compiled = null;
      kernels = null;
    }
    instances.set(memory, kernels);
  }
  return kernels ?? undefined;
}

/** Byte offset of a float32 tensor's data in the wasm memory. */
const at = (backend: WasmBackend, t: tfTypes.TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;

/**
 * MaxPoolGrad for a 2x2 window with stride 2 and no padding over NHWC float32 with channels a
 * multiple of 4; undefined when it does not apply (the caller runs the general loop).
 */
export function maxPoolGrad2x2(backend: WasmBackend, input: tfTypes.Tensor, dy: tfTypes.Tensor,
  pool: { filterHeight: number; filterWidth: number; strideHeight: number; strideWidth: number; outHeight: number; outWidth: number; padInfo: { top: number; left: number } }): tfTypes.TensorInfo | undefined {
  const [batch, height, width, channels] = input.shape;
  const fits = pool.filterHeight === 2 && pool.filterWidth === 2 && pool.strideHeight === 2 && pool.strideWidth === 2
    && pool.padInfo.top === 0 && pool.padInfo.left === 0 && pool.outHeight === Math.floor(height / 2) && pool.outWidth === Math.floor(width / 2)
    && channels % 4 === 0 && input.size > 0 && input.dtype === 'float32' && dy.dtype === 'float32';
  const kernels = fits ? simdKernels(backend) : undefined;
  if (!kernels) return undefined;
  const out = backend.makeOutput(input.shape, 'float32');
  kernels.max_pool_grad_2x2(at(backend, input), at(backend, dy), at(backend, out), batch, height, width, channels);
  return out;
}

/** Column sums of float32 `x` seen as [rows, width], width a multiple of 4, into a new tensor of `outShape`; undefined when it does not apply. */
export function sumRows(backend: WasmBackend, x: tfTypes.Tensor, width: number, outShape: number[]): tfTypes.TensorInfo | undefined {
  const kernels = width > 0 && width % 4 === 0 && x.size > 0 && x.dtype === 'float32' ? simdKernels(backend) : undefined;
  if (!kernels) return undefined;
  // Allocated before any offset is taken: an allocation may grow the memory (offsets stay valid).
  const out = backend.makeOutput(outShape, 'float32');
  const scratch = backend.makeOutput([width * 2], 'float32'); // width float64 accumulators
  kernels.sum_rows(at(backend, x), x.size / width, width, at(backend, out), at(backend, scratch));
  backend.disposeData(scratch.dataId, true);
  return out;
}

/** ReLU's gradient `dy * step(x)` of float32 tensors of one shape, into a new tensor; undefined when it does not apply. */
export function reluGrad(backend: WasmBackend, dy: tfTypes.Tensor, x: tfTypes.Tensor): tfTypes.TensorInfo | undefined {
  const fits = x.size > 0 && x.dtype === 'float32' && dy.dtype === 'float32' && dy.size === x.size;
  const kernels = fits ? simdKernels(backend) : undefined;
  if (!kernels) return undefined;
  const out = backend.makeOutput(x.shape, 'float32');
  kernels.relu_grad(at(backend, dy), at(backend, x), at(backend, out), x.size);
  return out;
}

/** The float32 scalars of one Adam step, as tfjs's AdamOptimizer rounds them. */
export interface AdamScalars {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
  negativeLearningRate: number;
}

/** Adam's new value, first and second moments of one float32 variable; undefined when it does not apply. */
export function adamUpdate(backend: WasmBackend, value: tfTypes.Tensor, m: tfTypes.Tensor, v: tfTypes.Tensor, g: tfTypes.Tensor, k: AdamScalars):
  { value: tfTypes.TensorInfo; m: tfTypes.TensorInfo; v: tfTypes.TensorInfo } | undefined {
  const tensors = [value, m, v, g];
  const fits = value.size > 0 && tensors.every((t) => t.dtype === 'float32' && t.size === value.size);
  const kernels = fits ? simdKernels(backend) : undefined;
  if (!kernels) return undefined;
  const out = { value: backend.makeOutput(value.shape, 'float32'), m: backend.makeOutput(value.shape, 'float32'), v: backend.makeOutput(value.shape, 'float32') };
  kernels.adam(at(backend, value), at(backend, m), at(backend, v), at(backend, g), at(backend, out.value), at(backend, out.m), at(backend, out.v), value.size,
    k.beta1, k.oneMinusBeta1, k.beta2, k.oneMinusBeta2, k.oneMinusAccBeta1, k.oneMinusAccBeta2, k.epsilon, k.negativeLearningRate);
  return out;
}

/**
 * `x` [a, b..., c...] to [b..., a, c...] (the leading axis moved past the next `middle` axes), when
 * the inner block is whole vectors; undefined when it does not apply.
 */
export function swapOuter(backend: WasmBackend, x: tfTypes.TensorInfo, middle: number): tfTypes.TensorInfo | undefined {
  const [a, ...rest] = x.shape;
  const b = rest.slice(0, middle).reduce((p, q) => p * q, 1);
  const inner = rest.slice(middle).reduce((p, q) => p * q, 1);
  const size = a * b * inner;
  const kernels = size > 0 && inner % 4 === 0 && (x.dtype === 'float32' || x.dtype === 'int32') ? simdKernels(backend) : undefined;
  if (!kernels) return undefined;
  const out = backend.makeOutput([...rest.slice(0, middle), a, ...rest.slice(middle)], x.dtype as 'float32');
  kernels.swap_outer(at(backend, x), at(backend, out), a, b, inner * 4);
  return out;
}

/** `x + bias` for float32 `x` [..., width] and `bias` [width], width a multiple of 4; undefined when it does not apply. */
export function addRows(backend: WasmBackend, x: tfTypes.TensorInfo, bias: tfTypes.TensorInfo): tfTypes.TensorInfo | undefined {
  const width = bias.shape.length === 1 ? bias.shape[0] : 0;
  const size = x.shape.reduce((p, q) => p * q, 1);
  const fits = width > 0 && width % 4 === 0 && size > 0 && x.shape[x.shape.length - 1] === width && x.dtype === 'float32' && bias.dtype === 'float32';
  const kernels = fits ? simdKernels(backend) : undefined;
  if (!kernels) return undefined;
  const out = backend.makeOutput(x.shape, 'float32');
  kernels.add_rows(at(backend, x), at(backend, bias), at(backend, out), size / width, width);
  return out;
}

/**
 * The filter gradient [kh, kw, 3, filters] of a stride (sh, sw) convolution of float32 NHWC `x`
 * [batch, rows, cols, 3] (padding applied: exactly the rows and columns the taps reach) with
 * output gradient `dy` [batch, oh, ow, filters], filters a multiple of 16; undefined when it does
 * not apply.
 */
export function filterGrad3Channels(backend: WasmBackend, x: tfTypes.Tensor, dy: tfTypes.Tensor, kh: number, kw: number, sh: number, sw: number): tfTypes.TensorInfo | undefined {
  const [batch, height, width, channels] = x.shape;
  const [dyBatch, oh, ow, filters] = dy.shape;
  const fits = channels === 3 && filters > 0 && filters % 16 === 0 && dyBatch === batch && batch > 0 && oh > 0 && ow > 0
    && height === (oh - 1) * sh + kh && width === (ow - 1) * sw + kw && x.dtype === 'float32' && dy.dtype === 'float32';
  const kernels = fits ? simdKernels(backend) : undefined;
  if (!kernels) return undefined;
  const out = backend.makeOutput([kh, kw, 3, filters], 'float32');
  kernels.filter_grad_c3(at(backend, x), at(backend, dy), at(backend, out), batch, height, width, oh, ow, filters, kh, kw, sh, sw);
  return out;
}

/** Past this many floats (64 MiB), patchesRows does not apply: the patches repeat each input value kh*kw times. */
const PATCHES_BUDGET = 1 << 24;

/**
 * A convolution's input patches as rows, [kh*kw*channels, batch*oh*ow]: row (r, s, c) holds, for
 * each output position, the value of `x` (NHWC float32, padding applied: exactly the rows and
 * columns the taps reach) that tap (r, s) multiplies on channel c. Channels a multiple of 4;
 * undefined when it does not apply, or when the patches would take more than PATCHES_BUDGET floats.
 */
export function patchesRows(backend: WasmBackend, x: tfTypes.Tensor, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number): tfTypes.TensorInfo | undefined {
  const [batch, height, width, channels] = x.shape;
  const positions = batch * oh * ow;
  const fits = channels > 0 && channels % 4 === 0 && positions > 0 && kh * kw * channels * positions <= PATCHES_BUDGET
    && height === (oh - 1) * sh + kh && width === (ow - 1) * sw + kw && x.dtype === 'float32';
  const kernels = fits ? simdKernels(backend) : undefined;
  if (!kernels) return undefined;
  const out = backend.makeOutput([kh * kw * channels, positions], 'float32');
  const offsets = backend.makeOutput([positions], 'int32');
  kernels.patches_rows(at(backend, x), at(backend, out), at(backend, offsets), batch, height, width, channels, oh, ow, kh, kw, sh, sw);
  backend.disposeData(offsets.dataId, true);
  return out;
}

/** x*a + y*b of float32 tensors of one size, in float32 as tfjs's mul and add give it, into a new tensor of x's shape; undefined when it does not apply. */
export function scaledAdd(backend: WasmBackend, x: tfTypes.TensorInfo, a: number, y: tfTypes.TensorInfo, b: number): tfTypes.TensorInfo | undefined {
  const size = x.shape.reduce((p, q) => p * q, 1);
  const fits = x.dtype === 'float32' && y.dtype === 'float32' && y.shape.reduce((p, q) => p * q, 1) === size;
  const kernels = fits ? simdKernels(backend) : undefined;
  if (!kernels) return undefined;
  const out = backend.makeOutput(x.shape, 'float32');
  kernels.scaled_add(at(backend, x), a, at(backend, y), b, at(backend, out), size);
  return out;
}

/** A float32 tensor of `shape` with uniform values from alea's `state` (random-uniform.ts says how); undefined when it does not apply. */
export function uniformFloats(backend: WasmBackend, shape: number[], min: number, range: number, state: { c: number; s0: number; s1: number; s2: number }): tfTypes.TensorInfo | undefined {
  const kernels = simdKernels(backend);
  if (!kernels) return undefined;
  const out = backend.makeOutput(shape, 'float32');
  kernels.uniform(at(backend, out), shape.reduce((p, q) => p * q, 1), min, range, state.c, state.s0, state.s1, state.s2);
  return out;
}
