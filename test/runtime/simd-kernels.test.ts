import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addRows, maxPoolGrad2x2, patchesRows, reluGrad, scaledAdd, simdKernels, sumRows, swapOuter } from '../../src/runtime/kernels/simd/simd-kernels.js';
import { seededRandom } from '../../src/runtime/seed.js';
import { random } from '../support/random.js';
import { loadTf, useWasmWithKernels, withKernelNames, type Tf } from '../support/tf.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let tf: Tf;
let available = false;

beforeAll(async () => {
  tf = await loadTf();
  available = await useWasmWithKernels(tf);
});

/** Equal as the JavaScript loops give them: same numbers (0 and -0 alike), NaN where they have NaN. */
function expectSame(got: Float32Array, expected: Float32Array, where: string): void {
  expect(got.length, where).toBe(expected.length);
  const differ = Array.from(got).findIndex((v, k) => !(v === expected[k] || (Number.isNaN(v) && Number.isNaN(expected[k]))));
  expect(differ, `${where}: first difference at ${differ}: ${got[differ]} vs ${expected[differ]}`).toBe(-1);
}

describe('wasm SIMD training kernels', () => {
  it('MaxPoolGrad 2x2/2: the first maximum of each window gets the gradient, exactly as the plain loop (ties, -Infinity, NaN, odd sizes)', ({ skip }) => {
    if (!available) skip();
    expect(simdKernels(tf.backend() as never), 'the SIMD module instantiates on tfjs\'s memory').toBeDefined();
    const { next, int } = random(11);
    const special = [0, 0, 0, 1, -1, 2, -Infinity, Number.NaN, 0.5];
    for (let i = 0; i < 60; i++) {
      const shape: [number, number, number, number] = [int(1, 3), int(2, 9), int(2, 9), 4 * int(1, 5)];
      const [batch, height, width, channels] = shape;
      const pad = i % 3 === 0 && height % 2 === 0 && width % 2 === 0 ? 'same' : 'valid';
      const info = tf.backend_util.computePool2DInfo(shape, 2, 2, 1, pad);
      const xv = Float32Array.from({ length: batch * height * width * channels }, () => special[int(0, special.length - 1)]);
      const dyShape = [batch, info.outHeight, info.outWidth, channels];
      const dyv = Float32Array.from({ length: dyShape.reduce((a, b) => a * b) }, () => next() * 2 - 1);
      const expected = new Float32Array(xv.length);
      for (let b = 0; b < batch; b++) for (let r = 0; r < info.outHeight; r++) for (let c = 0; c < info.outWidth; c++) for (let ch = 0; ch < channels; ch++) {
        let best = -Infinity;
        let where = -1;
        for (let kr = 0; kr < 2; kr++) for (let kc = 0; kc < 2; kc++) {
          const k = ((b * height + 2 * r + kr) * width + 2 * c + kc) * channels + ch;
          if (xv[k] > best) [best, where] = [xv[k], k];
        }
        if (where >= 0) expected[where] += dyv[((b * info.outHeight + r) * info.outWidth + c) * channels + ch];
      }
      const input = tf.tensor4d(xv, shape);
      const dy = tf.tensor(dyv, dyShape);
      const out = maxPoolGrad2x2(tf.backend() as never, input, dy, info);
      expect(out, `case ${i} takes the SIMD path`).toBeDefined();
      const got = tf.engine().makeTensorFromTensorInfo(out!);
      expectSame(got.dataSync() as Float32Array, expected, `case ${i} ${JSON.stringify({ shape, pad })}`);
      // Through the kernel registry too (what training runs).
      const output = tf.maxPool(input, 2, 2, pad);
      const viaKernel = tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, { filterSize: 2, strides: 2, pad }) as import('@tensorflow/tfjs').Tensor;
      expectSame(viaKernel.dataSync() as Float32Array, expected, `case ${i} via MaxPoolGrad`);
      tf.dispose([input, dy, got, output, viaKernel]);
    }
  });

  it('leaves other pools and channel counts to the plain loop', ({ skip }) => {
    if (!available) skip();
    const input = tf.zeros([1, 4, 4, 3]);
    const dy = tf.zeros([1, 2, 2, 3]);
    expect(maxPoolGrad2x2(tf.backend() as never, input, dy, tf.backend_util.computePool2DInfo([1, 4, 4, 3], 2, 2, 1, 'valid'))).toBeUndefined();
    const input8 = tf.zeros([1, 5, 5, 8]);
    const dy8 = tf.zeros([1, 3, 3, 8]);
    expect(maxPoolGrad2x2(tf.backend() as never, input8, dy8, tf.backend_util.computePool2DInfo([1, 5, 5, 8], 2, 2, 1, 'same'))).toBeUndefined();
    expect(maxPoolGrad2x2(tf.backend() as never, input8, dy8, tf.backend_util.computePool2DInfo([1, 5, 5, 8], 3, 2, 1, 'valid'))).toBeUndefined();
    tf.dispose([input, dy, input8, dy8]);
  });

  it('column sums: float64 accumulation in row order, rounded once, exactly as the plain loop', ({ skip }) => {
    if (!available) skip();
    const next = seededRandom(12);
    for (let i = 0; i < 40; i++) {
      const rows = 1 + Math.floor(next() * 300);
      const width = 4 * (1 + Math.floor(next() * 20));
      // Mixed magnitudes, where float32 accumulation would differ from float64's.
      const values = Float32Array.from({ length: rows * width }, () => (next() - 0.5) * 10 ** Math.floor(next() * 8 - 4));
      const acc = new Float64Array(width);
      for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) acc[j] += values[r * width + j];
      const x = tf.tensor2d(values, [rows, width]);
      const out = sumRows(tf.backend() as never, x, width, [width]);
      expect(out, `case ${i} takes the SIMD path`).toBeDefined();
      const got = tf.engine().makeTensorFromTensorInfo(out!);
      expectSame(got.dataSync() as Float32Array, Float32Array.from(acc), `case ${i} ${JSON.stringify({ rows, width })}`);
      const viaSum = tf.sum(x, 0);
      expectSame(viaSum.dataSync() as Float32Array, Float32Array.from(acc), `case ${i} via Sum`);
      tf.dispose([x, got, viaSum]);
    }
    const odd = tf.ones([3, 6]);
    expect(sumRows(tf.backend() as never, odd, 6, [6])).toBeUndefined();
    odd.dispose();
  });

  it('ReLU gradient: tfjs\'s dy * step(x) bit for bit (NaN, infinities, -0, every length)', ({ skip }) => {
    if (!available) skip();
    const next = seededRandom(13);
    const special = [0, -0, 1, -1, 1e-30, -1e-30, Number.NaN, Infinity, -Infinity];
    const pick = () => (next() < 0.4 ? special[Math.floor(next() * special.length)] : next() * 4 - 2);
    for (let n = 1; n <= 37; n++) {
      const x = tf.tensor1d(Float32Array.from({ length: n }, pick));
      const dy = tf.tensor1d(Float32Array.from({ length: n }, pick));
      const expected = tf.tidy(() => tf.mul(dy, tf.cast(tf.step(x), 'float32')));
      const out = reluGrad(tf.backend() as never, dy, x);
      expect(out, `n=${n} takes the SIMD path`).toBeDefined();
      const direct = tf.engine().makeTensorFromTensorInfo(out!);
      // And as training computes it: the gradient registered for Relu.
      const { result: viaGradient, kernels } = withKernelNames(tf, () => tf.grad((v: import('@tensorflow/tfjs').Tensor) => tf.sum(tf.mul(tf.relu(v), dy)))(x));
      expect(kernels, 'the one-pass gradient ran, not tfjs\'s Step, Cast and Multiply').not.toContain('Step');
      const want = Array.from(expected.dataSync());
      for (const [name, got] of [['direct', direct], ['tf.grad', viaGradient]] as const) {
        const values = Array.from(got.dataSync());
        const differ = values.findIndex((v, k) => !Object.is(v, want[k]));
        expect(differ, `n=${n} ${name}: at ${differ}, ${values[differ]} vs ${want[differ]} (x ${x.dataSync()[differ]}, dy ${dy.dataSync()[differ]})`).toBe(-1);
      }
      tf.dispose([x, dy, expected, direct, viaGradient]);
    }
  });

  it('Transpose moving the leading axis inward (as the filter gradient\'s dy): the elements tfjs would place, in SIMD', ({ skip }) => {
    if (!available) skip();
    const { next, int } = random(14);
    for (let i = 0; i < 30; i++) {
      const middle = int(1, 2);
      const shape = [int(1, 20), ...Array.from({ length: middle }, () => int(1, 21)), 4 * int(1, 9)];
      const perm = [...Array.from({ length: middle }, (_, k) => k + 1), 0, middle + 1];
      const size = shape.reduce((a, b) => a * b);
      const values = Float32Array.from({ length: size }, () => next() * 2 - 1);
      const x = tf.tensor(values, shape);
      const expected = new Float32Array(size);
      const outShape = perm.map((axis) => shape[axis]);
      const strides = (sh: number[]) => sh.map((_, k) => sh.slice(k + 1).reduce((a, b) => a * b, 1));
      const [inStrides, outStrides] = [strides(shape), strides(outShape)];
      for (let flat = 0; flat < size; flat++) {
        const index = inStrides.map((st, k) => Math.floor(flat / st) % shape[k]);
        expected[perm.reduce((o, axis, k) => o + index[axis] * outStrides[k], 0)] = values[flat];
      }
      expect(swapOuter(tf.backend() as never, x, middle), `case ${i} takes the SIMD path`).toBeDefined();
      const got = tf.transpose(x, perm);
      expect(got.shape).toEqual(outShape);
      expectSame(got.dataSync() as Float32Array, expected, `case ${i} ${JSON.stringify({ shape, perm })}`);
      tf.dispose([x, got]);
    }
    const odd = tf.zeros([3, 5, 6]);
    expect(swapOuter(tf.backend() as never, odd, 1), 'an inner block of 6 floats stays with tfjs').toBeUndefined();
    odd.dispose();
  });

  it('Add of a bias over the last axis, either order: x + b exactly, in SIMD', ({ skip }) => {
    if (!available) skip();
    const next = seededRandom(15);
    for (let i = 0; i < 30; i++) {
      const width = 4 * (1 + Math.floor(next() * 10));
      const shape = [1 + Math.floor(next() * 40), ...(next() < 0.5 ? [1 + Math.floor(next() * 7)] : []), width];
      const x = tf.randomUniform(shape, -3, 3, 'float32', i);
      const b = tf.randomUniform([width], -3, 3, 'float32', 100 + i);
      const xv = x.dataSync() as Float32Array;
      const bv = b.dataSync() as Float32Array;
      const expected = Float32Array.from(xv, (v, k) => v + bv[k % width]);
      expect(addRows(tf.backend() as never, x, b), `case ${i} takes the SIMD path`).toBeDefined();
      const [ab, ba] = [tf.add(x, b), tf.add(b, x)];
      expectSame(ab.dataSync() as Float32Array, expected, `case ${i} x + b`);
      expectSame(ba.dataSync() as Float32Array, expected, `case ${i} b + x`);
      tf.dispose([x, b, ab, ba]);
    }
  });

  it('filter gradient over 3 channels: the float64 sums within float32 rounding, through Conv2DBackpropFilter (strides, padding, odd sizes)', ({ skip }) => {
    if (!available) skip();
    const { next, int } = random(29);
    for (let i = 0; i < 24; i++) {
      const [batch, height, width, filters] = [int(1, 4), int(3, 12), int(3, 12), 16 * int(1, 3)];
      const [kh, kw] = [int(1, 3), int(1, 3)];
      const strides: [number, number] = [int(1, 2), int(1, 2)];
      const pad = i % 2 === 0 ? 'same' : 'valid';
      const info = tf.backend_util.computeConv2DInfo([batch, height, width, 3], [kh, kw, 3, filters], strides, 1, pad);
      const xv = Float32Array.from({ length: batch * height * width * 3 }, () => next() * 2 - 1);
      const dyv = Float32Array.from({ length: batch * info.outHeight * info.outWidth * filters }, () => next() * 2 - 1);
      const expected = new Float64Array(kh * kw * 3 * filters);
      let scale = 0;
      for (let b = 0; b < batch; b++) for (let r = 0; r < info.outHeight; r++) for (let c = 0; c < info.outWidth; c++) {
        for (let kr = 0; kr < kh; kr++) for (let kc = 0; kc < kw; kc++) {
          const [row, col] = [r * strides[0] + kr - info.padInfo.top, c * strides[1] + kc - info.padInfo.left];
          if (row < 0 || row >= height || col < 0 || col >= width) continue;
          for (let ch = 0; ch < 3; ch++) for (let f = 0; f < filters; f++) {
            const term = xv[((b * height + row) * width + col) * 3 + ch] * dyv[((b * info.outHeight + r) * info.outWidth + c) * filters + f];
            expected[((kr * kw + kc) * 3 + ch) * filters + f] += term;
            scale = Math.max(scale, Math.abs(term));
          }
        }
      }
      const x = tf.tensor4d(xv, [batch, height, width, 3]);
      const dy = tf.tensor4d(dyv, [batch, info.outHeight, info.outWidth, filters]);
      const { result: grad, kernels } = withKernelNames(tf, () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy },
        { strides, pad, dataFormat: 'NHWC', filterShape: [kh, kw, 3, filters] }) as import('@tensorflow/tfjs').Tensor);
      expect(kernels, `case ${i} runs no XNNPACK convolution`).not.toContain('Conv2D');
      const got = grad.dataSync();
      // Each sum has batch * positions terms of at most `scale`: float32 rounding of the running sums.
      const tolerance = 1e-6 * scale * batch * info.outHeight * info.outWidth;
      const worst = Math.max(...Array.from(got, (v, k) => Math.abs(v - expected[k])));
      expect(worst, `case ${i} ${JSON.stringify({ batch, height, width, filters, kh, kw, strides, pad })}`).toBeLessThanOrEqual(tolerance);
      tf.dispose([x, dy, grad]);
    }
  });

  it('patches as rows: each input value where tap and position put it (channels 4k, strides, position counts not a multiple of 4)', ({ skip }) => {
    if (!available) skip();
    const backend = tf.backend() as never;
    const { next, int } = random(31);
    for (let i = 0; i < 30; i++) {
      const [batch, channels, kh, kw, sh, sw] = [int(1, 3), 4 * int(1, 3), int(1, 3), int(1, 3), int(1, 2), int(1, 3)];
      const [oh, ow] = [int(1, 6), int(1, 6)];
      const [height, width] = [(oh - 1) * sh + kh, (ow - 1) * sw + kw];
      const xv = Float32Array.from({ length: batch * height * width * channels }, () => next() * 2 - 1);
      const positions = batch * oh * ow;
      const expected = new Float32Array(kh * kw * channels * positions);
      for (let b = 0; b < batch; b++) for (let r = 0; r < oh; r++) for (let c = 0; c < ow; c++) {
        const p = (b * oh + r) * ow + c;
        for (let kr = 0; kr < kh; kr++) for (let kc = 0; kc < kw; kc++) for (let ch = 0; ch < channels; ch++) {
          expected[((kr * kw + kc) * channels + ch) * positions + p] = xv[((b * height + r * sh + kr) * width + c * sw + kc) * channels + ch];
        }
      }
      const x = tf.tensor4d(xv, [batch, height, width, channels]);
      const info = patchesRows(backend, x, oh, ow, kh, kw, sh, sw)!;
      const rows = tf.engine().makeTensorFromTensorInfo(info);
      expect(rows.shape).toEqual([kh * kw * channels, positions]);
      expectSame(rows.dataSync() as Float32Array, expected, `case ${i} ${JSON.stringify({ batch, channels, kh, kw, sh, sw, oh, ow })}`);
      tf.dispose([x, rows]);
    }
    // Not for 3 or 6 channels, nor for rows and columns the taps do not reach exactly.
    const odd = tf.zeros([1, 4, 4, 6]);
    expect(patchesRows(backend, odd, 2, 2, 3, 3, 1, 1)).toBeUndefined();
    const loose = tf.zeros([1, 5, 4, 8]);
    expect(patchesRows(backend, loose, 2, 2, 3, 3, 1, 1)).toBeUndefined();
    tf.dispose([odd, loose]);
  });

  it('filter gradient over 4k channels runs as patches and one product, not an XNNPACK convolution', ({ skip }) => {
    if (!available) skip();
    const x = tf.randomUniform([2, 9, 9, 8]) as import('@tensorflow/tfjs').Tensor4D;
    const dy = tf.randomUniform([2, 7, 7, 16]) as import('@tensorflow/tfjs').Tensor4D;
    const { result: grad, kernels } = withKernelNames(tf, () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy },
      { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: [3, 3, 8, 16] }) as import('@tensorflow/tfjs').Tensor);
    expect(kernels).toContain('BatchMatMul');
    expect(kernels).not.toContain('Conv2D');
    tf.dispose([x, dy, grad]);
  });

  it('x*a + y*b: tfjs\'s mul then add, bit for bit (every length, shares that do not round evenly)', ({ skip }) => {
    if (!available) skip();
    const { next, int } = random(37);
    for (let i = 0; i < 20; i++) {
      const n = int(1, 67);
      const [a, b] = [next(), 1 / int(1, 7)];
      const x = tf.tensor1d(Float32Array.from({ length: n }, () => (next() * 2 - 1) * 10 ** int(-20, 20)));
      const y = tf.tensor1d(Float32Array.from({ length: n }, () => (next() * 2 - 1) * 10 ** int(-20, 20)));
      const got = tf.engine().makeTensorFromTensorInfo(scaledAdd(tf.backend() as never, x, a, y, b)!);
      const expected = tf.tidy(() => tf.add(tf.mul(x, a), tf.mul(y, b)));
      expectSame(got.dataSync() as Float32Array, expected.dataSync() as Float32Array, `case ${i}: n ${n}`);
      tf.dispose([x, y, got, expected]);
    }
  });

  it('the committed module is assembled from the committed kernels.wat', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-simd-kernels.mjs'), '--check'], { cwd: ROOT, stdio: 'pipe' });
  });
});
