import { inputTensor, type KernelArgs, type Tensor, type Tf } from './patches.js';

/**
 * The source row (or column) that each output row of tfjs's ResizeNearestNeighbor reads: the same
 * arithmetic as its kernels (tfjs-backend-cpu ResizeNearestNeighbor.ts).
 */
export function nearestSources(inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean): Int32Array {
  const aligned = alignCorners && outSize > 1;
  const ratio = (aligned ? inSize - 1 : inSize) / (aligned ? outSize - 1 : outSize);
  return Int32Array.from({ length: outSize }, (_, o) => {
    const frac = halfPixelCenters ? ratio * (o + 0.5) : ratio * o;
    const nearest = Math.min(inSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
    return halfPixelCenters ? Math.max(0, nearest) : nearest;
  });
}

/**
 * ResizeNearestNeighborGrad (UpSampling2D's input gradient): every dy pixel added to the input
 * pixel it was copied from, as one ScatterNd over the flattened rows x cols. Replaces tfjs's cpu
 * kernel, which sends gradients to the wrong pixels (an UpSampling2D of 5x6 -> 10x12 gets
 * gradients that do not match central differences).
 */
export function resizeNearestNeighborGrad(tf: Tf, args: KernelArgs): Tensor {
  const { alignCorners, halfPixelCenters } = args.attrs as { alignCorners: boolean; halfPixelCenters: boolean };
  return tf.tidy(() => {
    const images = inputTensor(tf, args, 'images');
    const dy = inputTensor(tf, args, 'dy');
    const [batch, height, width, channels] = images.shape as number[];
    const [, outHeight, outWidth] = dy.shape as number[];
    const rows = nearestSources(height, outHeight, alignCorners, halfPixelCenters);
    const cols = nearestSources(width, outWidth, alignCorners, halfPixelCenters);
    const target = new Int32Array(outHeight * outWidth);
    for (let r = 0; r < outHeight; r++) for (let c = 0; c < outWidth; c++) target[r * outWidth + c] = rows[r] * width + cols[c];
    // Pixels first, so that each ScatterNd update is one pixel's [batch, channels] slab.
    const updates = tf.transpose(tf.reshape(dy, [batch, outHeight * outWidth, channels]), [1, 0, 2]);
    const summed = tf.scatterND(tf.tensor2d(target, [target.length, 1], 'int32'), updates, [height * width, batch, channels]);
    return tf.reshape(tf.transpose(summed, [1, 0, 2]), [batch, height, width, channels]);
  });
}
