import { convAttrs, convGeometry, inputTensor, spreadForTransposedConv, type KernelArgs, type Tensor, type Tensor4D, type Tf } from './patches.js';

/**
 * DepthwiseConv2dNativeBackpropInput (the input gradient of DepthwiseConv2D and SeparableConv2D
 * when a trainable layer comes before them): the transposed convolution, computed as a forward
 * depthwise convolution (a fast wasm kernel) of the spread dy, padded as it reads it, with the filter flipped, one output
 * channel per dy channel; the depth multiplier's channels are then summed.
 */
export function depthwiseConv2dBackpropInput(tf: Tf, args: KernelArgs): Tensor {
  const attrs = convAttrs(args);
  const inputShape = attrs.inputShape!;
  return tf.tidy(() => {
    const dy = inputTensor(tf, args, 'dy') as Tensor4D;
    const filter = inputTensor(tf, args, 'filter') as Tensor4D;
    const [kh, kw, channels, multiplier] = filter.shape;
    const info = convGeometry(tf, inputShape, filter.shape, attrs, true);
    const { dilationHeight: dh, dilationWidth: dw } = info;
    const [batch, height, width] = inputShape;
    const outChannels = channels * multiplier;

    const { spread, pad } = spreadForTransposedConv(tf, dy, info);
    const flipped = tf.reshape(tf.reverse(filter, [0, 1]), [kh, kw, outChannels, 1]);
    const dx = tf.depthwiseConv2d(spread, flipped as Tensor4D, 1, pad, 'NHWC', [dh, dw]);
    return multiplier === 1 ? dx : tf.sum(tf.reshape(dx, [batch, height, width, channels, multiplier]), 4);
  });
}
