import { inputTensor, loopBuffers, wasmBackend, type KernelArgs, type Tf } from './patches.js';
import { maxPoolGrad2x2 } from './simd/simd-kernels.js';

/**
 * MaxPoolGrad (MaxPooling1D/2D and GlobalMaxPooling's input gradient): each window's dy goes to
 * the first input position (row-major, as in TensorFlow and tfjs's cpu kernel) that holds the
 * window's max; overlapping windows add up. One pass in plain JavaScript, window by window with
 * the channels innermost (contiguous): tfjs's ops need a transpose, an argMax and a scatter for it
 * (or a strided slice per tap), which spent ~40 ms of a 190 ms reference-CNN training step on
 * wasm; this loop takes a few. Replaces tfjs 4.22's wasm kernel, which sends some gradients to the
 * wrong position (a 2x1 pool on a [2, 4, 1, 3] input; its MaxPoolWithArgmax has the same fault).
 */
export function maxPoolGrad(tf: Tf, args: KernelArgs) {
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as {
    filterSize: number | [number, number]; strides: number | [number, number]; pad: 'valid' | 'same' | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const input = inputTensor(tf, args, 'input');
  const [batch, height, width, channels] = input.shape as number[];
  const info = tf.backend_util.computePool2DInfo([batch, height, width, channels], filterSize, strides, 1, pad, dimRoundingMode);
  // The common 2x2/stride-2 pool in wasm SIMD (simd/simd-kernels.ts), the same result.
  const wasm = wasmBackend(tf);
  const simd = wasm && maxPoolGrad2x2(wasm, input, inputTensor(tf, args, 'dy'), info);
  if (simd) return simd;
  const buffers = loopBuffers(tf, [input, inputTensor(tf, args, 'dy')], input.shape);
  const [x, dy] = buffers.inputs;
  const dx = buffers.out;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const best = new Float32Array(channels);
  const where = new Int32Array(channels);
  let k = 0;
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < oh; r++) {
      const r0 = Math.max(0, r * sh - top);
      const r1 = Math.min(height, r * sh - top + fh);
      for (let c = 0; c < ow; c++, k += channels) {
        const c0 = Math.max(0, c * sw - left);
        const c1 = Math.min(width, c * sw - left + fw);
        best.fill(-Infinity);
        where.fill(-1);
        for (let y = r0; y < r1; y++) {
          for (let col = c0; col < c1; col++) {
            const base = ((b * height + y) * width + col) * channels;
            for (let ch = 0; ch < channels; ch++) {
              const v = x[base + ch];
              if (v > best[ch]) {
                best[ch] = v;
                where[ch] = base + ch;
              }
            }
          }
        }
        for (let ch = 0; ch < channels; ch++) if (where[ch] >= 0) dx[where[ch]] += dy[k + ch];
      }
    }
  }
  return buffers.result();
}
