import { convAttrs, convGeometry, inputTensor, loopBuffers, spreadForTransposedConv, toChannelsLast, type KernelArgs, type Tensor, type Tensor4D, type Tf } from './patches.js';

/**
 * Conv2DBackpropInput (Conv2D's input gradient, and Conv2DTranspose's forward pass): a forward
 * conv2d of the spread dy, padded as the convolution reads it, with the filter flipped and its
 * channel axes swapped. Replaces tfjs's wasm kernel: 3.3 GFLOP/s for the reference CNN's second
 * convolution, where wasm's conv2d (XNNPACK) runs the same arithmetic at ~23 (bench/kernels.mjs).
 * Not on cpu, where tfjs's own is faster.
 */
export function conv2dBackpropInput(tf: Tf, args: KernelArgs): Tensor {
  const attrs = convAttrs(args);
  return tf.tidy(() => {
    const filter = inputTensor(tf, args, 'filter') as Tensor4D;
    const info = convGeometry(tf, attrs.inputShape!, filter.shape, { ...attrs, dilations: 1 }, false);
    const dy = toChannelsLast(tf, inputTensor(tf, args, 'dy') as Tensor4D, attrs.dataFormat);
    const { spread, pad } = spreadForTransposedConv(tf, dy, info);
    const dx = tf.conv2d(spread, flippedFilter(tf, filter), 1, pad);
    return attrs.dataFormat === 'NCHW' ? tf.transpose(dx, [0, 3, 1, 2]) : dx;
  });
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
