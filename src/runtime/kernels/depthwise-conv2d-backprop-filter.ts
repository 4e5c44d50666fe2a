import { convAttrs, convGeometry, inputTensor, patchesChannelsFirst, type KernelArgs, type Tensor, type Tensor4D, type Tf } from './patches.js';

/**
 * DepthwiseConv2dNativeBackpropFilter (DepthwiseConv2D's and SeparableConv2D's depthwise kernel
 * gradient): dW[kr, kc, c, m] = sum over positions of x[patch(kr, kc), c] * dy[c*mult + m]. One
 * matMul batched over channels: [C, kh*kw, P] x [C, P, mult]. NHWC only, as in tfjs.
 */
export function depthwiseConv2dBackpropFilter(tf: Tf, args: KernelArgs): Tensor {
  const attrs = convAttrs(args);
  const filterShape = attrs.filterShape!;
  return tf.tidy(() => {
    const x = inputTensor(tf, args, 'x') as Tensor4D;
    const dy = inputTensor(tf, args, 'dy');
    const info = convGeometry(tf, x.shape, filterShape, attrs, true);
    const [kh, kw, channels, multiplier] = filterShape;
    const patches = patchesChannelsFirst(tf, x, info);
    const positions = info.batchSize * info.outHeight * info.outWidth;
    const dyByChannel = tf.transpose(tf.reshape(dy, [positions, channels, multiplier]), [1, 0, 2]);
    const grad = tf.matMul(patches, dyByChannel);
    return tf.transpose(tf.reshape(grad, [channels, kh, kw, multiplier]), [1, 2, 0, 3]);
  });
}
