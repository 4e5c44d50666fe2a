import { z } from '../zod-configured.js';
import { convOutputLength, tuple } from '../shape/conv.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, type Shape } from '../shape/shape.js';
import { applyActivation } from './common/apply-activation.js';
import { requireKnown, requireRank } from './common/checks.js';
import { dataFormat, intOrTuple, padding, type DataFormat } from './common/conv-params.js';
import { kernelAndBias, kernelBiasParams } from './common/kernel-bias.js';
import type { ActivationName } from './common/activations.js';
import type { Tensor4D } from '@tensorflow/tfjs';
import { defineLayer, type TfModule, type TfTensor } from './define.js';

interface Geometry {
  channels: number | null;
  outRows: number;
  outCols: number;
}

/** Keras 2's build: the rows and cols must be known (one kernel per output position), the output at least 1x1. */
function geometry(
  x: Shape,
  p: { kernel_size: number | number[]; strides: number | number[]; padding: string; data_format: DataFormat },
): Geometry {
  const layout = p.data_format === 'channels_last' ? '(batch, rows, cols, channels)' : '(batch, channels, rows, cols)';
  requireRank(x, 4, layout);
  const [rows, cols, channels] = p.data_format === 'channels_last' ? [x[1], x[2], x[3]] : [x[2], x[3], x[1]];
  if (rows === null || cols === null) {
    throw new ShapeError(
      `needs the rows and cols of its input to be known (its weights are not shared: there is one kernel per output position), ` +
        `but the input shape is ${formatShape(x)} ${layout}`,
      { code: 'shape/unknown-dim', hint: 'give the height and width of the model input a fixed size, or use Conv2D, whose weights are shared' },
    );
  }
  const kernel = tuple(p.kernel_size, 2);
  const strides = tuple(p.strides, 2);
  const mode = p.padding as 'valid' | 'same';
  const outRows = convOutputLength(rows, kernel[0], mode, strides[0]) as number;
  const outCols = convOutputLength(cols, kernel[1], mode, strides[1]) as number;
  if (outRows < 1 || outCols < 1) {
    throw new ShapeError(
      `has kernel_size ${formatShape(kernel)}, larger than its input's ${rows} rows x ${cols} cols (input ${formatShape(x)}), ` +
        `so with padding 'valid' its output would be ${outRows} x ${outCols}`,
      { code: 'shape/non-positive', param: 'kernel_size', hint: 'use a smaller kernel_size, or padding: same' },
    );
  }
  return { channels, outRows, outCols };
}

/**
 * Keras 2 LocallyConnected2D: a Conv2D whose weights are not shared, one kernel per output
 * position: `out[i, j] = activation(patch(i, j) · kernel[i*ow + j] + bias[i, j])`, where
 * `patch(i, j)` is the kh x kw x C input window flattened. Parameters:
 * (oh*ow)*(kh*kw*C*filters) + (oh*ow)*filters, as the Keras docstring says.
 */
export default defineLayer({
  type: 'LocallyConnected2D',
  category: 'custom',
  description:
    'Like Conv2D but with unshared weights: a different kernel (and bias) at each output position (Keras 2 semantics and weight layout).',
  params: z.strictObject({
    filters: z.int().positive().describe('Dimensionality of the output space (the number of output filters).'),
    kernel_size: intOrTuple(2, 'Height and width of the window: an integer or [rows, cols].'),
    strides: intOrTuple(2, 'Strides of the window along the rows and cols: an integer or [rows, cols].', 1),
    padding: padding().describe(
      'Padding: "valid" (no padding; the only value Keras 2 accepts) or "same", a layerspec extension: the input is ' +
        'zero-padded as Conv2D does, so the output has ceil(size / stride) rows and cols, each position with its own kernel.',
    ),
    data_format: dataFormat,
    ...kernelBiasParams(),
  }),
  inferShape([x], p) {
    const g = geometry(x, p);
    return p.data_format === 'channels_last'
      ? [x[0], g.outRows, g.outCols, p.filters]
      : [x[0], p.filters, g.outRows, g.outCols];
  },
  weights([x], p) {
    const g = geometry(x, p);
    const channels = requireKnown(g.channels, 'the number of channels', x);
    const [kh, kw] = tuple(p.kernel_size, 2);
    // Keras 2's layout: one kernel matrix per output position, one bias per position and filter.
    const weights = kernelAndBias(p, [g.outRows * g.outCols, kh * kw * channels, p.filters], [g.outRows, g.outCols, p.filters]);
    return weights.map((w) => w.name === 'kernel'
      ? { ...w, regularizer: p.kernel_regularizer, constraint: p.kernel_constraint }
      : { ...w, regularizer: p.bias_regularizer, constraint: p.bias_constraint });
  },
  call(tf, [x], w, p) {
    return locallyConnected2d(tf, x, w.kernel, w.bias, p);
  },
});

/** Conv2D's zero padding before the first row (or col) for padding 'same': half, the odd one after. */
function paddingBefore(size: number, kernel: number, stride: number, out: number): number {
  return Math.floor(Math.max((out - 1) * stride + kernel - size, 0) / 2);
}

type LocalParams = {
  filters: number;
  kernel_size: number | number[];
  strides: number | number[];
  padding: string;
  data_format: DataFormat;
  activation: ActivationName | null;
};

/**
 * The forward pass as a few large ops instead of Keras 2's loop over the output positions (a slice
 * and a matmul each), which is slow to run and far slower to differentiate in tfjs:
 *
 * 1. the input as [C, B, rows, cols], zero-padded ('same' padding, plus rows/cols up to a
 *    multiple of the stride) and, for strides > 1, split into its sh*sw phases (rows r = ra mod
 *    sh, cols c = rb mod sw) by a reshape and a slice, so that the pixels of kernel offset (a, b)
 *    at every output position are ONE slice of phase (a mod sh, b mod sw) (tf.stridedSlice would
 *    do, but it has no gradient in tfjs); only 4D slices: tfjs-wasm slices rank 5+ element by
 *    element in JS;
 * 2. the kh*kw slices, each [C, B, positions], concatenated on the first axis into the patches
 *    [features, B, positions] (the first axis, so that the gradient's split is contiguous),
 *    flattened in (kh, kw, C) order: Keras 2's for channels_last; for channels_first Keras 2
 *    flattens (C, kh, kw), so the kernel is permuted to match;
 * 3. the per-position product with the kernel [positions, features, filters] (`unsharedDot`);
 * 4. back to the data format, + bias, activation.
 */
function locallyConnected2d(tf: TfModule, x: TfTensor, kernel: TfTensor, bias: TfTensor | undefined, p: LocalParams): TfTensor {
  const channelsFirst = p.data_format === 'channels_first';
  const [kh, kw] = tuple(p.kernel_size, 2);
  const [sh, sw] = tuple(p.strides, 2);
  const cbhw = tf.transpose(x, channelsFirst ? [1, 0, 2, 3] : [3, 0, 1, 2]);
  const [channels, batch, rows, cols] = cbhw.shape;
  const mode = p.padding as 'valid' | 'same';
  const outRows = convOutputLength(rows, kh, mode, sh) as number;
  const outCols = convOutputLength(cols, kw, mode, sw) as number;
  const top = mode === 'same' ? paddingBefore(rows, kh, sh, outRows) : 0;
  const left = mode === 'same' ? paddingBefore(cols, kw, sw, outCols) : 0;
  // Enough stride-sized blocks for the input and for the last offset's slice (offset div stride + out).
  const rowBlocks = Math.max(Math.ceil((top + rows) / sh), Math.floor((kh - 1) / sh) + outRows);
  const colBlocks = Math.max(Math.ceil((left + cols) / sw), Math.floor((kw - 1) / sw) + outCols);
  const bottom = rowBlocks * sh - top - rows;
  const right = colBlocks * sw - left - cols;
  const padded = top + bottom + left + right > 0 ? tf.pad(cbhw, [[0, 0], [0, 0], [top, bottom], [left, right]]) : cbhw;

  const phases = new Map<string, TfTensor>();
  const phase = (ra: number, rb: number): TfTensor => {
    if (sh === 1 && sw === 1) return padded;
    const key = `${ra},${rb}`;
    let found = phases.get(key);
    if (!found) {
      const view = tf.reshape(padded, [channels * batch * rowBlocks, sh, colBlocks, sw]);
      const picked = tf.slice(view, [0, ra, 0, rb], [channels * batch * rowBlocks, 1, colBlocks, 1]);
      found = tf.reshape(picked, [channels, batch, rowBlocks, colBlocks]);
      phases.set(key, found);
    }
    return found;
  };

  const positions = outRows * outCols;
  const slices: TfTensor[] = [];
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const start = [0, 0, Math.floor(a / sh), Math.floor(b / sw)];
      slices.push(tf.slice(phase(a % sh, b % sw), start, [channels, batch, outRows, outCols]));
    }
  }
  const features = kh * kw * channels;
  const patches = tf.reshape(slices.length === 1 ? slices[0] : tf.concat(slices, 0), [features, batch, positions]);
  const kernelHwc = channelsFirst
    ? tf.reshape(tf.transpose(tf.reshape(kernel, [positions, channels, kh * kw, p.filters]), [0, 2, 1, 3]), [positions, features, p.filters])
    : kernel;

  const product = unsharedDot(tf, patches, kernelHwc); // [B, positions, filters]
  let out = channelsFirst
    ? tf.reshape(tf.transpose(product, [0, 2, 1]), [batch, p.filters, outRows, outCols])
    : tf.reshape(product, [batch, outRows, outCols, p.filters]);
  // Keras 2 adds the [oh, ow, filters] bias REshaped (not transposed) to [1, filters, oh, ow] for channels_first.
  if (bias) out = tf.add(out, tf.reshape(bias, channelsFirst ? [1, p.filters, outRows, outCols] : [1, outRows, outCols, p.filters]));
  return applyActivation(tf, p.activation, out);
}

/**
 * `out[b, p, f] = sum_k patches[k, b, p] * kernel[p, k, f]`: one matrix product per position, as
 * ONE batched tf.matMul over the positions - except on wasm, where tfjs runs a batched matMul in a
 * plain loop (~22 ms for 196 positions of [32, 144] x [144, 32], ~80 ms with its gradients) but a
 * depthwise convolution in XNNPACK (~4 ms); the cpu backend is the other way round (its depthwise
 * convolution is ~10x slower than its matMul), so the choice is made per backend.
 */
function unsharedDot(tf: TfModule, patches: TfTensor, kernel: TfTensor): TfTensor {
  if (tf.getBackend() === 'wasm') return depthwiseDot(tf, patches, kernel);
  const product = tf.matMul(tf.transpose(patches, [2, 1, 0]), kernel); // [P, B, K] x [P, K, F]
  return tf.transpose(product, [1, 0, 2]);
}

/**
 * `unsharedDot` as depthwise convolutions. With the positions as channels, a K x 1 filter over a
 * K x B "image" contracts K per channel, the filters being the channel multiplier:
 * depthwise([1, K, B, P], [K, 1, P, F]) = [1, 1, B, P*F]. The gradients are two more such
 * contractions, given here (tfjs-wasm has no depthwise gradient kernels).
 */
function depthwiseDot(tf: TfModule, patches: TfTensor, kernel: TfTensor): TfTensor {
  const [features, batch, positions] = patches.shape as number[];
  const filters = kernel.shape[2] as number;
  const contract = (input: TfTensor, filter: TfTensor) => tf.depthwiseConv2d(input as Tensor4D, filter as Tensor4D, 1, 'valid');
  const dot = tf.customGrad(((x: TfTensor, k: TfTensor, save: (tensors: TfTensor[]) => void) => {
    const kernelKPF = tf.transpose(k, [1, 0, 2]);
    save([x, kernelKPF]);
    const value = contract(tf.reshape(x, [1, features, batch, positions]), tf.reshape(kernelKPF, [features, 1, positions, filters]));
    const gradFunc = (dy: TfTensor, saved: TfTensor[]) => {
      const [xs, kpf] = saved;
      // d patches[k, b, p] = sum_f dy[b, p, f] kernel[p, k, f]: channels p, contracting f (a 1 x F filter over B x F).
      const dyBFP = tf.reshape(tf.transpose(dy, [0, 2, 1]), [1, batch, filters, positions]);
      const kernelFPK = tf.reshape(tf.transpose(kpf, [2, 1, 0]), [1, filters, positions, features]);
      const dPatches = tf.transpose(tf.reshape(contract(dyBFP, kernelFPK), [batch, positions, features]), [2, 0, 1]);
      // d kernel[p, k, f] = sum_b patches[k, b, p] dy[b, p, f]: channels p, contracting b (a 1 x B filter over K x B).
      const dKernelKPF = contract(tf.reshape(xs, [1, features, batch, positions]), tf.reshape(dy, [1, batch, positions, filters]));
      return [dPatches, tf.transpose(tf.reshape(dKernelKPF, [features, positions, filters]), [1, 0, 2])];
    };
    return { value: tf.reshape(value, [batch, positions, filters]), gradFunc };
  }) as unknown as Parameters<TfModule['customGrad']>[0]) as unknown as (x: TfTensor, k: TfTensor) => TfTensor;
  return dot(patches, kernel);
}
