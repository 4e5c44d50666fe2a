import { convAttrs, convGeometry, inputTensor, loopBuffers, padOrCrop, spreadForTransposedConv, toChannelsLast, wasmBackend, type ConvInfo, type KernelArgs, type Tensor, type Tensor4D, type Tf } from './patches.js';
import { PATCHES_BUDGET, patchesAdd } from './simd/simd-kernels.js';

/**
 * Conv2DBackpropInput (Conv2D's input gradient, and Conv2DTranspose's forward pass), replacing
 * tfjs's wasm kernel (3.3 GFLOP/s for the reference CNN's second convolution; XNNPACK's forward
 * convolution runs the same arithmetic at ~23). Not on cpu, where tfjs's own is faster.
 * - input channels a multiple of 4: each output position's taps as one plain product dy·W^T, added
 *   back into the pixels they came from (a SIMD loop of ours); the reference CNN's second
 *   convolution, 32 rows: ~8 → ~7 ms.
 * - otherwise: a forward conv2d of the spread dy, padded as the convolution reads it, with the
 *   filter flipped and its channel axes swapped; it also computes the taps that fall on the
 *   spread's zeros and padding.
 */
export function conv2dBackpropInput(tf: Tf, args: KernelArgs): Tensor {
  const attrs = convAttrs(args);
  return tf.tidy(() => {
    const filter = inputTensor(tf, args, 'filter') as Tensor4D;
    const info = convGeometry(tf, attrs.inputShape!, filter.shape, { ...attrs, dilations: 1 }, false);
    const dy = toChannelsLast(tf, inputTensor(tf, args, 'dy') as Tensor4D, attrs.dataFormat);
    const dx = tapsAddedBack(tf, dy, filter, info) ?? flippedConv(tf, dy, filter, info);
    return attrs.dataFormat === 'NCHW' ? tf.transpose(dx, [0, 3, 1, 2]) : dx;
  });
}

function flippedConv(tf: Tf, dy: Tensor4D, filter: Tensor4D, info: ConvInfo): Tensor4D {
  const { spread, pad } = spreadForTransposedConv(tf, dy, info);
  return tf.conv2d(spread, flippedFilter(tf, filter), 1, pad);
}

/** On wasm, input channels a multiple of 4, the taps within PATCHES_BUDGET; undefined otherwise. */
function tapsAddedBack(tf: Tf, dy: Tensor4D, filter: Tensor4D, info: ConvInfo): Tensor4D | undefined {
  const backend = wasmBackend(tf);
  const [kh, kw, inChannels, outChannels] = filter.shape;
  const { batchSize, outHeight, outWidth, strideHeight, strideWidth, padInfo } = info;
  const positions = batchSize * outHeight * outWidth;
  const fits = inChannels % 4 === 0 && positions > 0 && positions * kh * kw * inChannels <= PATCHES_BUDGET && dy.dtype === 'float32' && filter.dtype === 'float32';
  if (!backend || !fits) return undefined;
  const taps = tf.matMul(tf.reshape(dy, [positions, outChannels]), tf.reshape(filter, [kh * kw * inChannels, outChannels]), false, true);
  const added = patchesAdd(backend, taps, batchSize, outHeight, outWidth, kh, kw, strideHeight, strideWidth);
  if (!added) return undefined;
  // The rows and columns the taps reach start at the input's row -top, column -left.
  const reached = tf.engine().makeTensorFromTensorInfo(added) as Tensor4D;
  const rows = padOrCrop(tf, reached, 1, -padInfo.top, info.inHeight - (reached.shape[1] - padInfo.top));
  return padOrCrop(tf, rows, 2, -padInfo.left, info.inWidth - (reached.shape[2] - padInfo.left)) as Tensor4D;
}

/**
 * [kh, kw, in, out] -> [kh, kw, out, in], rows and columns reversed, in one plain loop: as
 * tf.reverse then tf.transpose it took 0.6 ms of a step for the reference CNN's 3x3x32x64 filter.
 */
function flippedFilter(tf: Tf, filter: Tensor4D): Tensor4D {
  const [kh, kw, inChannels, outChannels] = filter.shape;
  const { inputs: [w], out, result } = loopBuffers(tf, [filter], [kh, kw, outChannels, inChannels]);
  for (let r = 0; r < kh; r++) {
    for (let c = 0; c < kw; c++) {
      const from = (r * kw + c) * inChannels * outChannels;
      const to = ((kh - 1 - r) * kw + (kw - 1 - c)) * outChannels * inChannels;
      for (let i = 0; i < inChannels; i++) {
        for (let o = 0; o < outChannels; o++) out[to + o * inChannels + i] = w[from + i * outChannels + o];
      }
    }
  }
  const flipped = result();
  return (flipped instanceof tf.Tensor ? flipped : tf.engine().makeTensorFromTensorInfo(flipped)) as Tensor4D;
}
