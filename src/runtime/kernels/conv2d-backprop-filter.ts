import { convAttrs, convGeometry, inputTensor, patchesChannelsFirst, toChannelsLast, type KernelArgs, type Tensor, type Tensor4D, type Tf } from './patches.js';

/**
 * Conv2DBackpropFilter (the kernel gradient of Conv2D, and of Conv2DTranspose): dW[kr, kc, ci, co] =
 * sum over batch and output positions of x[patch(kr, kc), ci] * dy[co]. As im2col + one matMul:
 * [C*kh*kw, N*oh*ow] x [N*oh*ow, F]. tfjs's own gradients never pass dilations here (conv2d's
 * gradient refuses dilation > 1), so none is read.
 */
export function conv2dBackpropFilter(tf: Tf, args: KernelArgs): Tensor {
  const attrs = convAttrs(args);
  const filterShape = attrs.filterShape!;
  return tf.tidy(() => {
    const input = inputTensor(tf, args, 'x') as Tensor4D;
    const info = convGeometry(tf, input.shape, filterShape, { ...attrs, dilations: 1 }, false);
    const x = toChannelsLast(tf, input, attrs.dataFormat);
    const dy = toChannelsLast(tf, inputTensor(tf, args, 'dy') as Tensor4D, attrs.dataFormat);
    const [kh, kw, inChannels, filters] = filterShape;
    const patches = patchesChannelsFirst(tf, x, info);
    const positions = info.batchSize * info.outHeight * info.outWidth;
    const grad = tf.matMul(tf.reshape(patches, [inChannels * kh * kw, positions]), tf.reshape(dy, [positions, filters]));
    return tf.transpose(tf.reshape(grad, [inChannels, kh, kw, filters]), [1, 2, 0, 3]);
  });
}
