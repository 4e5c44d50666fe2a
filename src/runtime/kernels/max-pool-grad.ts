import { inputTensor, padOrCrop, type KernelArgs, type Tensor, type Tf } from './patches.js';

type PoolInfo = ReturnType<Tf['backend_util']['computePool2DInfo']>;

/**
 * MaxPoolGrad (MaxPooling1D/2D and GlobalMaxPooling's input gradient): each window's dy goes to
 * the first input position (row-major, as in TensorFlow and tfjs's cpu kernel) that holds the
 * window's max. Windows that do not overlap (pool size <= stride, Keras's default) take the fast
 * path below; overlapping ones go tap by tap: the tap's strided view of the (-inf padded) input
 * equals the output where the tap holds the max and no earlier tap took it; the tap's share of dy
 * is then spread back onto the input grid (zeros between strided rows/cols, shifted by the tap).
 * Replaces tfjs 4.22's wasm kernel, which sends some gradients to the wrong position (a 2x1 pool on
 * a [2, 4, 1, 3] input; its MaxPoolWithArgmax has the same fault, so it cannot serve here).
 */
export function maxPoolGrad(tf: Tf, args: KernelArgs): Tensor {
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as {
    filterSize: number | [number, number]; strides: number | [number, number]; pad: 'valid' | 'same' | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  return tf.tidy(() => {
    const dy = inputTensor(tf, args, 'dy');
    const input = inputTensor(tf, args, 'input');
    const output = inputTensor(tf, args, 'output');
    const [batch, height, width, channels] = input.shape as number[];
    const info = tf.backend_util.computePool2DInfo([batch, height, width, channels], filterSize, strides, 1, pad, dimRoundingMode);
    const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
    const { top, left } = info.padInfo;
    if (fh <= sh && fw <= sw) return disjointWindows(tf, input, dy, info);
    const rows = (oh - 1) * sh + fh;
    const cols = (ow - 1) * sw + fw;
    // Padding never holds the max: -inf (and cropped where the windows stop short of the edge).
    let padded = padOrCrop(tf, input, 1, top, rows - top - height, -Infinity);
    padded = padOrCrop(tf, padded, 2, left, cols - left - width, -Infinity);

    let taken: Tensor = tf.zeros(output.shape, 'bool');
    const shares: Tensor[] = [];
    for (let kr = 0; kr < fh; kr++) {
      for (let kc = 0; kc < fw; kc++) {
        const view = tf.stridedSlice(padded, [0, kr, kc, 0], [batch, kr + (oh - 1) * sh + 1, kc + (ow - 1) * sw + 1, channels], [1, sh, sw, 1]);
        const isMax = tf.logicalAnd(tf.equal(view, output), tf.logicalNot(taken));
        taken = tf.logicalOr(taken, isMax);
        let share: Tensor = tf.where(isMax, dy, tf.zerosLike(dy));
        if (sh > 1 || sw > 1) {
          share = tf.reshape(tf.pad(tf.reshape(share, [batch, oh, 1, ow, 1, channels]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]),
            [batch, oh * sh, ow * sw, channels]);
        }
        // Output row r of this tap reads input row r*sh + kr - top.
        share = padOrCrop(tf, share, 1, kr - top, height - (kr - top) - (share.shape[1] as number));
        share = padOrCrop(tf, share, 2, kc - left, width - (kc - left) - (share.shape[2] as number));
        shares.push(share);
      }
    }
    return shares.length === 1 ? shares[0] : tf.addN(shares);
  });
}

/**
 * Windows that do not overlap: the (-inf padded) input reshaped to [N, oh, sh, ow, sw, C] holds
 * every window in place; argMax over each window's taps (the first max) gives the input position
 * its dy goes to, and one ScatterNd puts it there. No strided slices and no broadcasting binary
 * ops, which are slow on wasm (a per-tap version spent most of a CNN training step in them).
 */
function disjointWindows(tf: Tf, input: Tensor, dy: Tensor, info: PoolInfo): Tensor {
  const [batch, height, width, channels] = input.shape as number[];
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const rows = oh * sh;
  const cols = ow * sw;
  // Padding never holds the max: -inf.
  let grid = padOrCrop(tf, input, 1, top, rows - top - height, -Infinity);
  grid = padOrCrop(tf, grid, 2, left, cols - left - width, -Infinity);
  let windows = tf.reshape(grid, [batch, oh, sh, ow, sw, channels]);
  if (fh < sh || fw < sw) windows = tf.slice(windows, [0, 0, 0, 0, 0, 0], [batch, oh, fh, ow, fw, channels]);
  const taps = tf.reshape(tf.transpose(windows, [0, 1, 3, 5, 2, 4]), [batch * oh * ow * channels, fh * fw]);
  const winner = tf.argMax(taps, 1);
  // Flat grid index = window corner + the winning tap's offset.
  const corner = new Int32Array(batch * oh * ow * channels);
  let k = 0;
  for (let b = 0; b < batch; b++) for (let r = 0; r < oh; r++) for (let c = 0; c < ow; c++) {
    const base = ((b * rows + r * sh) * cols + c * sw) * channels;
    for (let ch = 0; ch < channels; ch++) corner[k++] = base + ch;
  }
  // Tap t is window row t / fw, column t % fw (integer ops: a gather of a small table is slow on wasm).
  const tapRow = tf.floorDiv(winner, tf.scalar(fw, 'int32'));
  const tapCol = tf.sub(winner, tf.mul(tapRow, tf.scalar(fw, 'int32')));
  const tapOffset = tf.add(tf.mul(tapRow, tf.scalar(cols * channels, 'int32')), tf.mul(tapCol, tf.scalar(channels, 'int32')));
  const target = tf.add(tf.tensor1d(corner, 'int32'), tapOffset);
  const flat = tf.scatterND(tf.reshape(target, [corner.length, 1]), tf.reshape(dy, [dy.size]), [batch * rows * cols * channels]);
  let dx = tf.reshape(flat, [batch, rows, cols, channels]);
  dx = padOrCrop(tf, dx, 1, -top, height - (rows - top));
  return padOrCrop(tf, dx, 2, -left, width - (cols - left));
}
