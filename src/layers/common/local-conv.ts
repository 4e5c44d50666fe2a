import type { Tensor4D } from '@tensorflow/tfjs';
import { convOutputLength, tuple } from '../../shape/conv.js';
import type { TfModule, TfTensor } from '../define.js';

/**
 * The tensor maths of LocallyConnected2D (an unshared convolution): the patches of the input,
 * one product per output position, and on wasm their gradients, written for how tfjs-wasm runs.
 *
 * The patches are gathered as [features, positions, batch] (cheapest to slice on wasm) and on
 * wasm used as [features, batch, positions]: the positions last, because there the per-position
 * product is a depthwise convolution with the positions as its channels.
 */
export interface LocalConvParams {
  filters: number;
  kernel_size: number | number[];
  strides: number | number[];
  padding: string;
  data_format: 'channels_last' | 'channels_first';
}

/** Sizes and paddings of one call, from the input's shape. */
interface Geometry {
  channelsFirst: boolean;
  batch: number;
  channels: number;
  rows: number;
  cols: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  outRows: number;
  outCols: number;
  /** Zero rows (cols) before the input: Conv2D's for padding 'same', else 0. */
  top: number;
  left: number;
  /** The padded input in stride-sized blocks: enough for the input and for the last offset's slice. */
  rowBlocks: number;
  colBlocks: number;
  positions: number;
  features: number;
  filters: number;
}

/** Conv2D's zero padding before the first row (or col) for padding 'same': half, the odd one after. */
function paddingBefore(size: number, kernel: number, stride: number, out: number): number {
  return Math.floor(Math.max((out - 1) * stride + kernel - size, 0) / 2);
}

function geometryOf(shape: number[], p: LocalConvParams): Geometry {
  const channelsFirst = p.data_format === 'channels_first';
  const [batch, rows, cols, channels] = channelsFirst ? [shape[0], shape[2], shape[3], shape[1]] : shape;
  const [kh, kw] = tuple(p.kernel_size, 2);
  const [sh, sw] = tuple(p.strides, 2);
  const mode = p.padding as 'valid' | 'same';
  const outRows = convOutputLength(rows, kh, mode, sh) as number;
  const outCols = convOutputLength(cols, kw, mode, sw) as number;
  const top = mode === 'same' ? paddingBefore(rows, kh, sh, outRows) : 0;
  const left = mode === 'same' ? paddingBefore(cols, kw, sw, outCols) : 0;
  return {
    channelsFirst, batch, channels, rows, cols, kh, kw, sh, sw, outRows, outCols, top, left,
    rowBlocks: Math.max(Math.ceil((top + rows) / sh), Math.floor((kh - 1) / sh) + outRows),
    colBlocks: Math.max(Math.ceil((left + cols) / sw), Math.floor((kw - 1) / sw) + outCols),
    positions: outRows * outCols,
    features: kh * kw * channels,
    filters: p.filters,
  };
}

/**
 * Keras 2's LocallyConnected2D without its bias and activation: `out[b, i, j, f] = patch(i, j) ·
 * kernel[i*ow + j]` for the kernel [positions, kh*kw*C, filters] in Keras's flattening order
 * ((kh, kw, C) for channels_last, (C, kh, kw) for channels_first); the output in the data format.
 */
export function unsharedConv2d(tf: TfModule, x: TfTensor, kernel: TfTensor, p: LocalConvParams): TfTensor {
  const g = geometryOf(x.shape, p);
  const product = tf.getBackend() === 'wasm' ? wasmProduct(tf, x, kernel, g) : matMulProduct(tf, x, kernel, g);
  return g.channelsFirst
    ? tf.reshape(tf.transpose(product, [0, 2, 1]), [g.batch, g.filters, g.outRows, g.outCols])
    : tf.reshape(product, [g.batch, g.outRows, g.outCols, g.filters]);
}

/**
 * The patches [features, positions, batch] as a few large ops instead of a slice per position:
 * the input as [C, rows, cols, B], zero-padded ('same' padding, plus rows/cols up to a multiple of
 * the stride) and, for strides > 1, split into its sh*sw phases (rows r = ra mod sh, cols
 * c = rb mod sw) by a reshape and a slice, so that the pixels of kernel offset (a, b) at every
 * position are ONE slice [C, oh, ow*B] of phase (a mod sh, b mod sw) (tf.stridedSlice would do,
 * but it has no gradient in tfjs). The batch innermost because tfjs-wasm slices in JS, a copy per
 * innermost run: runs of ow*B values, not of ow. At most 4D slices: it slices rank 5+ element by
 * element. The kh*kw slices [C, positions*B] are concatenated into features in (offset, C) order
 * (Keras's for channels_last) or, `channelMajor`, in (C, offset) order (Keras's for channels_first).
 */
function gatherPatches(tf: TfModule, x: TfTensor, g: Geometry, channelMajor: boolean): TfTensor {
  const { channels, batch, sh, sw, rowBlocks, colBlocks } = g;
  const chwb = tf.transpose(x, g.channelsFirst ? [1, 2, 3, 0] : [3, 1, 2, 0]);
  const bottom = rowBlocks * sh - g.top - g.rows;
  const right = colBlocks * sw - g.left - g.cols;
  const padded = g.top + bottom + g.left + right > 0 ? tf.pad(chwb, [[0, 0], [g.top, bottom], [g.left, right], [0, 0]]) : chwb;

  const phases = new Map<string, TfTensor>();
  const phase = (ra: number, rb: number): TfTensor => {
    const key = `${ra},${rb}`;
    let found = phases.get(key);
    if (!found) {
      if (sh === 1 && sw === 1) {
        found = tf.reshape(padded, [channels, rowBlocks, colBlocks * batch]);
      } else {
        const view = tf.reshape(padded, [channels * rowBlocks, sh, colBlocks, sw * batch]);
        const picked = tf.slice(view, [0, ra, 0, rb * batch], [channels * rowBlocks, 1, colBlocks, batch]);
        found = tf.reshape(picked, [channels, rowBlocks, colBlocks * batch]);
      }
      phases.set(key, found);
    }
    return found;
  };

  const slices: TfTensor[] = [];
  for (let a = 0; a < g.kh; a++) {
    for (let b = 0; b < g.kw; b++) {
      const start = [0, Math.floor(a / sh), Math.floor(b / sw) * batch];
      const slice = tf.slice(phase(a % sh, b % sw), start, [channels, g.outRows, g.outCols * batch]);
      slices.push(tf.reshape(slice, [channels, 1, g.positions * batch]));
    }
  }
  return tf.reshape(slices.length === 1 ? slices[0] : tf.concat(slices, channelMajor ? 1 : 0), [g.features, g.positions, batch]);
}

/** Not wasm: ONE batched tf.matMul over the positions, [P, B, K] x [P, K, F]; tfjs differentiates it. */
function matMulProduct(tf: TfModule, x: TfTensor, kernel: TfTensor, g: Geometry): TfTensor {
  const patches = gatherPatches(tf, x, g, false); // [K, P, B]
  // The patches are in channels_last's (kh, kw, C) order: permute a channels_first kernel's (C, kh, kw).
  const kernelHwc = g.channelsFirst
    ? tf.reshape(tf.transpose(tf.reshape(kernel, [g.positions, g.channels, g.kh * g.kw, g.filters]), [0, 2, 1, 3]), [g.positions, g.features, g.filters])
    : kernel;
  const product = tf.matMul(tf.transpose(patches, [1, 2, 0]), kernelHwc);
  return tf.transpose(product, [1, 0, 2]); // [B, P, F]
}

/*
 * On wasm, tfjs runs a batched matMul as a plain loop (~22 ms for 196 positions of [32, 144] x
 * [144, 32], ~80 ms with its gradients) but a depthwise convolution in XNNPACK (~4 ms): with the
 * positions as channels, a K x 1 filter over a K x B "image" contracts K per channel, the filters
 * being the channel multiplier. The gradients are two more such contractions, written here
 * (tfjs-wasm has no depthwise gradient kernels), and so is the patches' gradient (col2im): tfjs's
 * own (the split of the concat, then a pad per offset) costs ~13 ms, because every slice on wasm
 * copies its whole input to JS first. Inside a customGrad nothing is taped, so the gather's ops
 * are not cloned for the tape either. Each contraction wants its operands in a fixed layout, and
 * each transpose is a full copy: the layouts below need one big transpose per contraction. The
 * features are in (C, kh, kw) order whatever the data format (the kernel is permuted to match), so
 * that col2im sums the offsets innermost.
 */

type Saver = (tensors: TfTensor[]) => void;
type GradFunc = (dy: TfTensor, saved: TfTensor[]) => TfTensor[];
type Customized = (a: TfTensor, b: TfTensor) => TfTensor;

function customGrad(tf: TfModule, f: (a: TfTensor, b: TfTensor, save: Saver) => { value: TfTensor; gradFunc: GradFunc }): Customized {
  return tf.customGrad(f as unknown as Parameters<TfModule['customGrad']>[0]) as unknown as Customized;
}

function depthwise(tf: TfModule, input: TfTensor, filter: TfTensor, pad: 'valid' | [number, number][] = 'valid'): TfTensor {
  return tf.depthwiseConv2d(input as Tensor4D, filter as Tensor4D, 1, pad as 'valid');
}

/** Keras's kernel [P, K, F] as the depthwise filter's [K, P, F], K in (C, kh, kw) order. */
function kernelToKPF(tf: TfModule, kernel: TfTensor, g: Geometry): TfTensor {
  if (g.channelsFirst) return tf.transpose(kernel, [1, 0, 2]);
  const hwc = tf.reshape(kernel, [g.positions, g.kh * g.kw, g.channels, g.filters]);
  return tf.reshape(tf.transpose(hwc, [2, 1, 0, 3]), [g.features, g.positions, g.filters]);
}

/** The inverse of kernelToKPF, for the kernel's gradient (both permutations are their own inverse). */
function kpfToKernel(tf: TfModule, kpf: TfTensor, g: Geometry): TfTensor {
  if (g.channelsFirst) return tf.transpose(kpf, [1, 0, 2]);
  const chw = tf.reshape(kpf, [g.channels, g.kh * g.kw, g.positions, g.filters]);
  return tf.reshape(tf.transpose(chw, [2, 1, 0, 3]), [g.positions, g.features, g.filters]);
}

/** `out[b, p, f] = sum_k patches[k, b, p] * w[k, p, f]`: depthwise([1, K, B, P], [K, 1, P, F]) = [1, 1, B, P*F]. */
function depthwiseProduct(tf: TfModule, patches: TfTensor, w: TfTensor, g: Geometry): TfTensor {
  const { features: k, batch, positions, filters } = g;
  const out = depthwise(tf, tf.reshape(patches, [1, k, batch, positions]), tf.reshape(w, [k, 1, positions, filters]));
  return tf.reshape(out, [batch, positions, filters]);
}

/**
 * The product's gradients: the kernel's (in Keras's layout) and the patches' as [K, P, B].
 * d w[k, p, f] = sum_b patches[k, b, p] dy[b, p, f]: a B-tall filter (dy as it is) over [1, K, B, P].
 * d patches[k, b, p] = sum_f w[k, p, f] dy[b, p, f]: an F-wide filter (dy as [F, P, B], small to
 * transpose) over w as [1, K, F, P] (a batched transpose of w, cheaper than the [F, P, K] that
 * dy-as-input would need).
 */
function productGrads(tf: TfModule, dy: TfTensor, patches: TfTensor, w: TfTensor, g: Geometry): [TfTensor, TfTensor] {
  const { features: k, batch, positions, filters } = g;
  const dyBPF = tf.reshape(dy, [batch, positions, filters]);
  const dW = depthwise(tf, tf.reshape(patches, [1, k, batch, positions]), tf.reshape(dyBPF, [1, batch, positions, filters]));
  const dKernel = kpfToKernel(tf, tf.reshape(dW, [k, positions, filters]), g);
  const wKFP = tf.reshape(tf.transpose(w, [0, 2, 1]), [1, k, filters, positions]);
  const dyFPB = tf.reshape(tf.transpose(dyBPF, [2, 1, 0]), [1, filters, positions, batch]);
  const dPatches = tf.reshape(depthwise(tf, wKFP, dyFPB), [k, positions, batch]);
  return [dPatches, dKernel];
}

function wasmProduct(tf: TfModule, x: TfTensor, kernel: TfTensor, g: Geometry): TfTensor {
  // col2im's one-hot filter has kh*kw entries per patch feature and image: no larger than the patches.
  if (g.kh * g.kw <= g.positions) {
    return customGrad(tf, (xs, k, save) => {
      const patches = tf.transpose(gatherPatches(tf, xs, g, true), [0, 2, 1]);
      const w = kernelToKPF(tf, k, g);
      save([patches, w]);
      const gradFunc: GradFunc = (dy, [savedPatches, savedW]) => {
        const [dPatches, dKernel] = productGrads(tf, dy, savedPatches, savedW, g);
        return [col2im(tf, dPatches, g), dKernel];
      };
      return { value: depthwiseProduct(tf, patches, w, g), gradFunc };
    })(x, kernel);
  }
  // Kernels about as large as the input: tfjs differentiates the gather (slower, but no large filter).
  return customGrad(tf, (patches, k, save) => {
    const w = kernelToKPF(tf, k, g);
    save([patches, w]);
    const gradFunc: GradFunc = (dy, [savedPatches, savedW]) => {
      const [dPatches, dKernel] = productGrads(tf, dy, savedPatches, savedW, g);
      return [tf.transpose(dPatches, [0, 2, 1]), dKernel];
    };
    return { value: depthwiseProduct(tf, patches, w, g), gradFunc };
  })(tf.transpose(gatherPatches(tf, x, g, true), [0, 2, 1]), kernel);
}

/**
 * The input's gradient from the patches' [K, P, B] (K in (C, kh, kw) order): each patch feature
 * goes back to the pixel it was read from, summed over the offsets. As ONE depthwise convolution:
 * the patches as an [oh, ow] image (zero-upsampled by the strides) with B*K channels, convolved
 * with a kh x kw filter that is one-hot per channel at the flipped offset of that channel's
 * feature (explicit padding puts the window where the forward's was), then the kh*kw offsets,
 * innermost, summed.
 */
function col2im(tf: TfModule, dPatches: TfTensor, g: Geometry): TfTensor {
  const { kh, kw, sh, sw, outRows, outCols, batch, channels, features } = g;
  const offsets = kh * kw;
  const depth = batch * features;
  let image = tf.reshape(tf.transpose(tf.reshape(dPatches, [features, g.positions * batch])), [1, outRows, outCols, depth]);
  if (sh > 1 || sw > 1) {
    const spread = tf.pad(tf.reshape(image, [outRows, 1, outCols, 1, depth]), [[0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
    image = tf.reshape(spread, [1, outRows * sh, outCols * sw, depth]);
  }
  // Forward: pixel row = i*sh + a - top. Backward: window row u reads upsampled row (pixel + u - before) = i*sh when a = kh-1-u.
  const [before, after] = [kh - 1 - g.top, g.rows + g.top - outRows * sh];
  const [beforeCols, afterCols] = [kw - 1 - g.left, g.cols + g.left - outCols * sw];
  const oneHot = new Float32Array(offsets * depth);
  for (let u = 0; u < kh; u++) {
    for (let v = 0; v < kw; v++) {
      const base = (u * kw + v) * depth;
      for (let ch = (kh - 1 - u) * kw + (kw - 1 - v); ch < depth; ch += offsets) oneHot[base + ch] = 1;
    }
  }
  const filter = tf.tensor4d(oneHot, [kh, kw, depth, 1]);
  const spread = depthwise(tf, image, filter, [[0, 0], [before, Math.max(after, 0)], [beforeCols, Math.max(afterCols, 0)], [0, 0]]);
  // A negative `after`: the last stride's zeros reach past the input (its rows are cut off after).
  const [rows, cols] = [g.rows - Math.min(after, 0), g.cols - Math.min(afterCols, 0)];
  let summed = tf.reshape(tf.sum(tf.reshape(spread, [rows * cols * batch * channels, offsets]), 1), [rows, cols, batch, channels]);
  if (rows > g.rows || cols > g.cols) summed = tf.slice(summed, [0, 0, 0, 0], [g.rows, g.cols, batch, channels]);
  return tf.transpose(summed, g.channelsFirst ? [2, 3, 0, 1] : [2, 0, 1, 3]);
}
