import type * as tfTypes from '@tensorflow/tfjs';
import { filterGrad3Channels, patchesRows } from './simd/simd-kernels.js';
import { convAttrs, convGeometry, inputTensor, padOrCrop, patchesChannelsFirst, toChannelsLast, wasmBackend, type KernelArgs, type Tensor, type Tensor4D, type Tf } from './patches.js';

/**
 * Conv2DBackpropFilter (the kernel gradient of Conv2D, and of Conv2DTranspose): dW[kr, kc, ci, co] =
 * sum over batch and output positions of x[patch(kr, kc), ci] * dy[co]. tfjs's own gradients never
 * pass dilations here (conv2d's gradient refuses dilation > 1), so none is read.
 * - wasm, 3 input channels (an RGB image's first layer): a SIMD loop of our own (simd-kernels.ts).
 * - wasm, channels a multiple of 4: the input's patches as rows (a SIMD loop of ours), then one
 *   plain product with dy, [kh*kw*C, N*oh*ow] x [N*oh*ow, F], which is dW laid out as it is. The
 *   reference CNN's second convolution, 32 rows, within a training step: ~10 ms as below, ~7.5 this way.
 * - wasm otherwise (or patches too big): as one forward convolution (XNNPACK): the input's channels
 *   taken as the batch and its batch as the channels, convolved with dy as the filter (dilated by
 *   the stride) gives dW with its axes permuted. The reference CNN's second convolution: 45 ms as
 *   im2col from tfjs slices + matMul, ~20 ms this way (batch 64).
 * - elsewhere: im2col + one matMul, [C*kh*kw, N*oh*ow] x [N*oh*ow, F].
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
    if (tf.getBackend() === 'wasm') {
      // The rows and columns the taps reach (zeros in the padding, as in patchesChannelsFirst).
      const rows = (info.outHeight - 1) * info.strideHeight + kh;
      const cols = (info.outWidth - 1) * info.strideWidth + kw;
      let reached = padOrCrop(tf, x, 1, info.padInfo.top, rows - info.padInfo.top - x.shape[1]);
      reached = padOrCrop(tf, reached, 2, info.padInfo.left, cols - info.padInfo.left - x.shape[2]);
      const backend = wasmBackend(tf);
      const threeChannels = backend && filterGrad3Channels(backend, reached, dy, kh, kw, info.strideHeight, info.strideWidth);
      if (threeChannels) return tf.engine().makeTensorFromTensorInfo(threeChannels);
      const patchInfo = backend && patchesRows(backend, reached, info.outHeight, info.outWidth, kh, kw, info.strideHeight, info.strideWidth);
      if (patchInfo) {
        const patches = tf.engine().makeTensorFromTensorInfo(patchInfo) as tfTypes.Tensor2D;
        return tf.reshape(tf.matMul(patches, tf.reshape(dy, [patches.shape[1], filters])), filterShape);
      }
      const grad = tf.conv2d(tf.transpose(reached, [3, 1, 2, 0]) as Tensor4D, tf.transpose(dy, [1, 2, 0, 3]) as Tensor4D, 1, 'valid', 'NHWC',
        [info.strideHeight, info.strideWidth]);
      return tf.transpose(grad, [1, 2, 0, 3]);
    }
    const patches = patchesChannelsFirst(tf, x, info);
    const positions = info.batchSize * info.outHeight * info.outWidth;
    const grad = tf.matMul(tf.reshape(patches, [inChannels * kh * kw, positions]), tf.reshape(dy, [positions, filters]));
    return tf.transpose(tf.reshape(grad, [inChannels, kh, kw, filters]), [1, 2, 0, 3]);
  });
}
