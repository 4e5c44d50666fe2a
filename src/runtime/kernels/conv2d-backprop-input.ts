import { convAttrs, convGeometry, inputTensor, spreadForTransposedConv, toChannelsLast, type KernelArgs, type Tensor, type Tensor4D, type Tf } from './patches.js';

/**
 * Conv2DBackpropInput (Conv2D's input gradient, and Conv2DTranspose's forward pass): a forward
 * conv2d of the spread dy with the filter flipped and its channel axes swapped. Replaces tfjs's
 * wasm kernel: 3.3 GFLOP/s for the reference CNN's second convolution, where wasm's conv2d (XNNPACK)
 * runs the same arithmetic at ~23 (bench/kernels.mjs). Not on cpu, where tfjs's own is faster.
 */
export function conv2dBackpropInput(tf: Tf, args: KernelArgs): Tensor {
  const attrs = convAttrs(args);
  return tf.tidy(() => {
    const filter = inputTensor(tf, args, 'filter') as Tensor4D;
    const info = convGeometry(tf, attrs.inputShape!, filter.shape, { ...attrs, dilations: 1 }, false);
    const dy = toChannelsLast(tf, inputTensor(tf, args, 'dy') as Tensor4D, attrs.dataFormat);
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as Tensor4D;
    const dx = tf.conv2d(spreadForTransposedConv(tf, dy, info) as Tensor4D, flipped, 1, 'valid');
    return attrs.dataFormat === 'NCHW' ? tf.transpose(dx, [0, 3, 1, 2]) : dx;
  });
}
