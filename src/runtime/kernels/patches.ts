import type * as tfTypes from '@tensorflow/tfjs';

/**
 * Shared pieces of the training kernels: tensors from a kernel's inputs, convolution geometry, the
 * transposed im2col that turns a filter gradient into one (batched) matMul, and dy spread out for
 * a transposed convolution.
 */

/**
 * The tfjs namespace the kernels call, as `import('@tensorflow/tfjs')` types it: both the runtime's
 * namespace import (src/runtime/backend.ts) and the tests' dynamic import fit it.
 */
export type Tf = typeof import('@tensorflow/tfjs');

export type Tensor = tfTypes.Tensor;
export type Tensor4D = tfTypes.Tensor4D;
export type ConvInfo = ReturnType<Tf['backend_util']['computeConv2DInfo']>;
/** What a kernelFunc receives (tfjs's NamedTensorInfoMap / NamedAttrMap, loosely typed). */
export interface KernelArgs {
  inputs: Record<string, unknown>;
  attrs?: Record<string, unknown>;
}

/**
 * A kernel input as a Tensor. The engine passes the Tensors an op was called with; the tfjs ops
 * these kernels are built from need Tensors, so a bare TensorInfo (a backend calling a kernel
 * function directly) is refused rather than wrapped with unclear ownership.
 */
export function inputTensor(tf: Tf, args: KernelArgs, name: string): Tensor {
  const value = args.inputs[name];
  if (!(value instanceof tf.Tensor)) throw new Error(`training kernel: input '${name}' is not a Tensor`);
  return value;
}

/** Pads (positive, with `value`) or crops (negative) `t` on `axis`, at the front and at the back. */
export function padOrCrop(tf: Tf, t: Tensor, axis: number, front: number, back: number, value = 0): Tensor {
  let out = t;
  if (front < 0 || back < 0) {
    const begin = t.shape.map((_, i) => (i === axis ? Math.max(0, -front) : 0));
    const size = t.shape.map((d, i) => (i === axis ? d - Math.max(0, -front) - Math.max(0, -back) : -1));
    out = tf.slice(out, begin, size);
  }
  if (front > 0 || back > 0) {
    out = tf.pad(out, t.shape.map((_, i) => (i === axis ? [Math.max(0, front), Math.max(0, back)] : [0, 0])) as [number, number][], value);
  }
  return out;
}

/**
 * The input patches of a convolution, channels first: [C, kh*kw, N*outH*outW] for an NHWC `x`.
 * Row (c, k) holds, for every output position, the input value that filter tap k (row-major over
 * kh, kw) multiplies on channel c. Built with one transpose of x and one slice per tap, so that the
 * filter gradient is a plain matMul against dy without a transposed operand (transposeA is ~5x
 * slower than an explicit transpose on wasm).
 */
export function patchesChannelsFirst(tf: Tf, x: Tensor4D, info: ConvInfo): Tensor {
  const [batch, , , channels] = x.shape;
  const [, height, width] = x.shape;
  const { top, left } = info.padInfo;
  const { outHeight, outWidth, strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  // The rows and columns the taps reach. Not padInfo's bottom/right: with a numeric pad and
  // dimRoundingMode 'ceil' the last output reads past them (zeros, as in tfjs's kernels).
  const rows = (outHeight - 1) * strideHeight + (info.filterHeight - 1) * dilationHeight + 1;
  const cols = (outWidth - 1) * strideWidth + (info.filterWidth - 1) * dilationWidth + 1;
  let xt: Tensor = tf.transpose(x, [3, 0, 1, 2]);
  xt = padOrCrop(tf, xt, 2, top, rows - top - height);
  xt = padOrCrop(tf, xt, 3, left, cols - left - width);
  const positions = batch * outHeight * outWidth;
  const taps: Tensor[] = [];
  for (let kr = 0; kr < info.filterHeight; kr++) {
    for (let kc = 0; kc < info.filterWidth; kc++) {
      const r0 = kr * dilationHeight;
      const c0 = kc * dilationWidth;
      const tap = strideHeight === 1 && strideWidth === 1
        ? tf.slice(xt, [0, 0, r0, c0], [channels, batch, outHeight, outWidth])
        : tf.stridedSlice(xt, [0, 0, r0, c0], [channels, batch, r0 + (outHeight - 1) * strideHeight + 1, c0 + (outWidth - 1) * strideWidth + 1], [1, 1, strideHeight, strideWidth]);
      taps.push(tf.reshape(tap, [channels, 1, positions]));
    }
  }
  return taps.length === 1 ? taps[0] : tf.concat(taps, 1);
}

/** The attributes of tfjs's convolution kernels (each kernel has a subset). */
export interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | [number, number][];
  dilations?: number | [number, number];
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
}

export function convAttrs(args: KernelArgs): ConvAttrs {
  return args.attrs as unknown as ConvAttrs;
}

/**
 * The convolution's geometry, in the caller's layout (an explicit pad is given in it); the
 * kernels then compute in NHWC.
 */
export function convGeometry(tf: Tf, xShape: number[], filterShape: number[], attrs: ConvAttrs, depthwise: boolean): ConvInfo {
  const format = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat ?? 'NHWC');
  return tf.backend_util.computeConv2DInfo(xShape as never, filterShape as never, attrs.strides, attrs.dilations ?? 1, attrs.pad as never,
    attrs.dimRoundingMode, depthwise, format);
}

/** NCHW -> NHWC (the layout the patches are built from). */
export function toChannelsLast(tf: Tf, t: Tensor4D, dataFormat: unknown): Tensor4D {
  return dataFormat === 'NCHW' ? tf.transpose(t, [0, 2, 3, 1]) : t;
}

/** A 4D NHWC tensor's explicit padding, as tfjs's convolutions take it: [[0, 0], [top, bottom], [left, right], [0, 0]]. */
export type ExplicitPadding = [[0, 0], [number, number], [number, number], [0, 0]];

/**
 * dy laid out for a transposed convolution as a forward one: stride - 1 zeros inserted between its
 * rows and columns, then padded (or cropped) so that a convolution with the flipped filter
 * (dilated like the original) gives exactly the input's rows and columns, each seeing every tap
 * that touched it. Row i of the padded result holds the dy row that tap kr writes to input row
 * i - (kh - 1) * dh + kr * dh. The padding is not applied but returned, for the convolution to
 * take: on wasm, XNNPACK pads as it reads (a pass over dy saved, ~1.5 ms of the reference CNN's
 * step).
 */
export function spreadForTransposedConv(tf: Tf, dy: Tensor, info: ConvInfo): { spread: Tensor4D; pad: ExplicitPadding } {
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, outHeight, outWidth, inHeight, inWidth } = info;
  const [batch, , , channels] = dy.shape as number[];
  let spread = dy as Tensor4D;
  if (sh > 1 || sw > 1) {
    const cells = tf.pad(tf.reshape(dy, [batch, outHeight, 1, outWidth, 1, channels]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
    spread = tf.reshape(cells, [batch, outHeight * sh, outWidth * sw, channels]);
  }
  const front = [(info.filterHeight - 1) * dh - info.padInfo.top, (info.filterWidth - 1) * dw - info.padInfo.left];
  const total = [inHeight + (info.filterHeight - 1) * dh, inWidth + (info.filterWidth - 1) * dw];
  const back = [total[0] - front[0] - spread.shape[1], total[1] - front[1] - spread.shape[2]];
  // Negative amounts are rows or columns of dy no tap reaches: cropped here.
  if (Math.min(...front, ...back) < 0) {
    const [top, left] = front.map((f) => Math.max(0, -f));
    const [bottom, right] = back.map((b) => Math.max(0, -b));
    spread = tf.slice(spread, [0, top, left, 0], [-1, spread.shape[1] - top - bottom, spread.shape[2] - left - right, -1]);
  }
  const [top, left] = front.map((f) => Math.max(0, f));
  const [bottom, right] = back.map((b) => Math.max(0, b));
  return { spread, pad: [[0, 0], [top, bottom], [left, right], [0, 0]] };
}

/** The parts of tfjs's wasm backend (BackendWasm) the kernels use: its memory and the tensors in it. */
export interface WasmBackend {
  wasm: { asm?: { memory?: unknown } };
  makeOutput(shape: number[], dtype: string): tfTypes.TensorInfo;
  /** A view of a tensor's data in the memory: stale once an allocation grows the memory. */
  typedArrayFromHeap(t: tfTypes.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

/** The active backend when it is wasm. */
export function wasmBackend(tf: Tf): WasmBackend | undefined {
  return tf.getBackend() === 'wasm' ? (tf.backend() as unknown as WasmBackend) : undefined;
}

/**
 * Float32 inputs and a zeroed float32 output for a kernel written as a plain loop. On wasm, views
 * of the wasm heap (no copies: dataSync's copy of a [64, 30, 30, 32] tensor costs as much as the
 * loop over it), the output allocated first since an allocation may move the heap; elsewhere
 * dataSync's copies and a new array. `result()` is what the kernel returns.
 */
export function loopBuffers(tf: Tf, inputs: Tensor[], outShape: number[]): { inputs: Float32Array[]; out: Float32Array; result(): tfTypes.TensorInfo } {
  const backend = wasmBackend(tf);
  if (backend) {
    const info = backend.makeOutput(outShape, 'float32');
    const out = backend.typedArrayFromHeap(info) as Float32Array;
    out.fill(0);
    return { inputs: inputs.map((t) => backend.typedArrayFromHeap(t) as Float32Array), out, result: () => info };
  }
  const out = new Float32Array(outShape.reduce((a, b) => a * b, 1));
  return { inputs: inputs.map((t) => t.dataSync() as Float32Array), out, result: () => tf.tensor(out, outShape, 'float32') };
}
