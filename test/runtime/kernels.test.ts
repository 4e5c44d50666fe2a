/**
 * The training kernels of src/runtime/kernels against definitions written as plain loops (and, on
 * cpu, against tfjs's own kernels), over random attribute combinations, on cpu and wasm; no tensor
 * leaks; registered as planned, and reached by tfjs's gradients.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { registerTrainingKernels, TRAINING_KERNELS } from '../../src/runtime/kernels/index.js';
import { random } from '../support/random.js';
import { relativeError } from '../support/relative-error.js';
import { loadTf, useBackend, type Tf } from '../support/tf.js';

type Pad = 'valid' | 'same' | number | [number, number][];
type Shape4 = [number, number, number, number];


interface ConvCase {
  x: Shape4;
  filter: Shape4;
  strides: [number, number];
  dilations: [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** A random convolution: rectangular kernels, strides or dilations, every kind of padding. */
function convCase(rng: ReturnType<typeof random>, depthwise: boolean): ConvCase {
  const kh = rng.int(1, 4);
  const kw = rng.int(1, 4);
  const strided = rng.pick([true, false]);
  // tfjs: depthwise convolutions take strides or dilations, not both; conv2d gradients no dilation.
  const strides: [number, number] = strided ? [rng.int(1, 2), rng.int(1, 3)] : [1, 1];
  const dilations: [number, number] = depthwise && !strided ? [rng.int(1, 2), rng.int(1, 3)] : [1, 1];
  const x: Shape4 = [rng.int(1, 3), rng.int(kh * dilations[0] + 1, 9), rng.int(kw * dilations[1] + 1, 9), rng.int(1, 4)];
  const filter: Shape4 = [kh, kw, x[3], depthwise ? rng.int(1, 3) : rng.int(1, 5)];
  const kind = rng.pick(['valid', 'same', 'number', 'explicit'] as const);
  if (kind === 'number') return { x, filter, strides, dilations, pad: rng.int(0, 2), dimRoundingMode: rng.pick(['floor', 'round', 'ceil'] as const) };
  if (kind === 'explicit') return { x, filter, strides, dilations, pad: [[0, 0], [rng.int(0, 2), rng.int(0, 2)], [rng.int(0, 2), rng.int(0, 2)], [0, 0]] };
  return { x, filter, strides, dilations, pad: kind };
}

type Info = ReturnType<Tf['backend_util']['computeConv2DInfo']>;

/** x[b, r, c, ch] of the NHWC array, 0 in the padding. */
function at(x: Float32Array, shape: Shape4, b: number, r: number, c: number, ch: number): number {
  if (r < 0 || c < 0 || r >= shape[1] || c >= shape[2]) return 0;
  return x[((b * shape[1] + r) * shape[2] + c) * shape[3] + ch];
}

/** Every (batch, output row, output col, filter row, filter col, input row, input col) of a convolution. */
function* taps(info: Info) {
  for (let b = 0; b < info.batchSize; b++) for (let or = 0; or < info.outHeight; or++) for (let oc = 0; oc < info.outWidth; oc++) {
    for (let kr = 0; kr < info.filterHeight; kr++) for (let kc = 0; kc < info.filterWidth; kc++) {
      const r = or * info.strideHeight - info.padInfo.top + kr * info.dilationHeight;
      const c = oc * info.strideWidth - info.padInfo.left + kc * info.dilationWidth;
      yield { b, or, oc, kr, kc, r, c };
    }
  }
}

function refConv2dFilter(info: Info, x: Float32Array, dy: Float32Array): Float32Array {
  const [kh, kw, ci, co] = [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels];
  const out = new Float32Array(kh * kw * ci * co);
  const xShape: Shape4 = [info.batchSize, info.inHeight, info.inWidth, ci];
  for (const t of taps(info)) {
    for (let i = 0; i < ci; i++) {
      const xv = at(x, xShape, t.b, t.r, t.c, i);
      for (let o = 0; o < co; o++) out[((t.kr * kw + t.kc) * ci + i) * co + o] += xv * dy[((t.b * info.outHeight + t.or) * info.outWidth + t.oc) * co + o];
    }
  }
  return out;
}

function refConv2dInput(info: Info, dy: Float32Array, filter: Float32Array): Float32Array {
  const [kw, ci, co] = [info.filterWidth, info.inChannels, info.outChannels];
  const out = new Float32Array(info.batchSize * info.inHeight * info.inWidth * ci);
  for (const t of taps(info)) {
    if (t.r < 0 || t.c < 0 || t.r >= info.inHeight || t.c >= info.inWidth) continue;
    for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) {
      out[((t.b * info.inHeight + t.r) * info.inWidth + t.c) * ci + i] +=
        dy[((t.b * info.outHeight + t.or) * info.outWidth + t.oc) * co + o] * filter[((t.kr * kw + t.kc) * ci + i) * co + o];
    }
  }
  return out;
}

function refDepthwiseFilter(info: Info, x: Float32Array, dy: Float32Array, mult: number): Float32Array {
  const [kh, kw, ch] = [info.filterHeight, info.filterWidth, info.inChannels];
  const out = new Float32Array(kh * kw * ch * mult);
  const xShape: Shape4 = [info.batchSize, info.inHeight, info.inWidth, ch];
  for (const t of taps(info)) {
    for (let c = 0; c < ch; c++) for (let m = 0; m < mult; m++) {
      out[((t.kr * kw + t.kc) * ch + c) * mult + m] += at(x, xShape, t.b, t.r, t.c, c) * dy[((t.b * info.outHeight + t.or) * info.outWidth + t.oc) * ch * mult + c * mult + m];
    }
  }
  return out;
}

function refDepthwiseInput(info: Info, dy: Float32Array, filter: Float32Array, mult: number): Float32Array {
  const [kw, ch] = [info.filterWidth, info.inChannels];
  const out = new Float32Array(info.batchSize * info.inHeight * info.inWidth * ch);
  for (const t of taps(info)) {
    if (t.r < 0 || t.c < 0 || t.r >= info.inHeight || t.c >= info.inWidth) continue;
    for (let c = 0; c < ch; c++) for (let m = 0; m < mult; m++) {
      out[((t.b * info.inHeight + t.r) * info.inWidth + t.c) * ch + c] +=
        dy[((t.b * info.outHeight + t.or) * info.outWidth + t.oc) * ch * mult + c * mult + m] * filter[((t.kr * kw + t.kc) * ch + c) * mult + m];
    }
  }
  return out;
}

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf();
});

/**
 * Runs our implementation of `kernelName` (whether or not this backend's plan registers it);
 * returns its values and checks that only its output stayed.
 */
function run(kernelName: string, inputs: Record<string, import('@tensorflow/tfjs').Tensor>, attrs: Record<string, unknown>): { values: Float32Array | Int32Array; shape: number[] } {
  const before = tf.memory().numTensors;
  const result = TRAINING_KERNELS[kernelName](tf, { inputs, attrs });
  // A kernel that writes its output itself returns the output's TensorInfo.
  const out = result instanceof tf.Tensor ? result : tf.engine().makeTensorFromTensorInfo(result);
  expect(tf.memory().numTensors, `${kernelName} leaves exactly its output`).toBe(before + 1);
  const values = out.dataSync() as Float32Array | Int32Array;
  const shape = out.shape;
  out.dispose();
  return { values, shape };
}

const CASES = 40;

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`training kernels on ${backend}`, () => {
    /** tfjs's own cpu kernels, kept before they are replaced, as a second reference. */
    const stock = new Map<string, import('@tensorflow/tfjs').KernelConfig>();
    let available = true;
    beforeAll(async () => {
      available = await useBackend(tf, backend);
      if (!available) return;
      for (const name of Object.keys(TRAINING_KERNELS)) {
        const kernel = tf.getKernel(name, backend);
        if (kernel) stock.set(name, kernel);
      }
      registerTrainingKernels(tf, backend);
    });

    it('are registered where tfjs has none, and replace the kernels planned', ({ skip }) => {
      if (!available) skip();
      for (const name of Object.keys(TRAINING_KERNELS)) expect(tf.getKernel(name, backend), name).toBeDefined();
      const replaced = Object.keys(TRAINING_KERNELS).filter((name) => stock.has(name) && tf.getKernel(name, backend).kernelFunc !== stock.get(name)!.kernelFunc);
      expect(replaced.sort()).toEqual(backend === 'cpu'
        ? ['Conv2DBackpropFilter', 'ResizeNearestNeighborGrad', 'UnsortedSegmentSum']
        : ['Conv2DBackpropInput', 'Identity', 'MaxPoolGrad', 'ResizeNearestNeighborGrad']);
      const again = Object.keys(TRAINING_KERNELS).map((name) => tf.getKernel(name, backend).kernelFunc);
      registerTrainingKernels(tf, backend);
      expect(Object.keys(TRAINING_KERNELS).map((name) => tf.getKernel(name, backend).kernelFunc), 'a second registration changes nothing').toEqual(again);
    });

    it('Identity (tf.clone) shares the data on wasm: no copy, and each tensor outlives the other', ({ skip }) => {
      if (!available || backend !== 'wasm') skip();
      const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
      const wasm = tf.backend() as unknown as { getMemoryOffset(dataId: object): number };
      const y = tf.clone(x);
      expect(wasm.getMemoryOffset(y.dataId), 'the same data, not a copy').toBe(wasm.getMemoryOffset(x.dataId));
      x.dispose();
      expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
      const z = tf.clone(y);
      y.dispose();
      expect([z.shape, Array.from(z.dataSync())]).toEqual([[2, 3], [1, 2, 3, 4, 5, 6]]);
      z.dispose();
      const v = tf.variable(tf.ones([3]));
      const kept = tf.clone(v);
      v.assign(tf.zeros([3]));
      expect(Array.from(kept.dataSync()), 'a variable\'s assign does not write into shared data').toEqual([1, 1, 1]);
      tf.dispose([v, kept]);
    });

    /** The stock cpu kernel's result for the same call, when there is one. */
    function stockResult(name: string, inputs: Record<string, import('@tensorflow/tfjs').Tensor>, attrs: Record<string, unknown>): Float32Array | undefined {
      const kernel = stock.get(name);
      if (backend !== 'cpu' || !kernel) return undefined;
      const info = kernel.kernelFunc({ inputs, attrs: attrs as never, backend: tf.backend() }) as import('@tensorflow/tfjs').TensorInfo;
      const t = tf.engine().makeTensorFromTensorInfo(info);
      const values = t.dataSync() as Float32Array;
      t.dispose();
      return values;
    }

    it(`Conv2DBackpropFilter equals the definition (${CASES} random cases, NHWC and NCHW)`, ({ skip }) => {
      if (!available) skip();
      const rng = random(1);
      for (let i = 0; i < CASES; i++) {
        const c = convCase(rng, false);
        const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad as never, c.dimRoundingMode, false);
        const xv = rng.floats(c.x.reduce((a, b) => a * b));
        const dyShape: Shape4 = [c.x[0], info.outHeight, info.outWidth, c.filter[3]];
        const dyv = rng.floats(dyShape.reduce((a, b) => a * b));
        const expected = refConv2dFilter(info, xv, dyv);
        const nchw = rng.pick([false, true]);
        const x = tf.tensor4d(xv, c.x);
        const dy = tf.tensor4d(dyv, dyShape);
        const toNchw = (t: import('@tensorflow/tfjs').Tensor4D) => tf.transpose(t, [0, 3, 1, 2]);
        const inputs = nchw ? { x: toNchw(x), dy: toNchw(dy) } : { x, dy };
        const explicitPad = Array.isArray(c.pad) && nchw ? [c.pad[0], c.pad[3], c.pad[1], c.pad[2]] : c.pad;
        const attrs = { strides: c.strides, pad: explicitPad, dataFormat: nchw ? 'NCHW' : 'NHWC', dimRoundingMode: c.dimRoundingMode, filterShape: c.filter };
        const got = run('Conv2DBackpropFilter', inputs, attrs);
        const where = `case ${i}: ${JSON.stringify({ ...c, nchw })}`;
        expect(got.shape, where).toEqual(c.filter);
        expect(relativeError(got.values, expected), where).toBeLessThan(1e-4);
        const old = stockResult('Conv2DBackpropFilter', inputs, attrs);
        if (old) expect(relativeError(got.values, old), `${where} vs tfjs's cpu kernel`).toBeLessThan(1e-4);
        tf.dispose([x, dy, inputs.x, inputs.dy]);
      }
    });

    it(`Conv2DBackpropInput equals the definition (${CASES} random cases, NHWC and NCHW)`, ({ skip }) => {
      if (!available) skip();
      const rng = random(8);
      const toNchw = (t: import('@tensorflow/tfjs').Tensor4D) => tf.transpose(t, [0, 3, 1, 2]);
      for (let i = 0; i < CASES; i++) {
        const c = convCase(rng, false);
        const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad as never, c.dimRoundingMode, false);
        const dyShape: Shape4 = [c.x[0], info.outHeight, info.outWidth, c.filter[3]];
        const dyv = rng.floats(dyShape.reduce((a, b) => a * b));
        const fv = rng.floats(c.filter.reduce((a, b) => a * b));
        const expected = refConv2dInput(info, dyv, fv);
        const nchw = rng.pick([false, true]);
        const dy = tf.tensor4d(dyv, dyShape);
        const filter = tf.tensor4d(fv, c.filter);
        const dyIn = nchw ? toNchw(dy) : dy;
        const explicitPad = Array.isArray(c.pad) && nchw ? [c.pad[0], c.pad[3], c.pad[1], c.pad[2]] : c.pad;
        const inputShape = nchw ? [c.x[0], c.x[3], c.x[1], c.x[2]] : c.x;
        const attrs = { strides: c.strides, pad: explicitPad, dataFormat: nchw ? 'NCHW' : 'NHWC', dimRoundingMode: c.dimRoundingMode, inputShape };
        const got = run('Conv2DBackpropInput', { dy: dyIn, filter }, attrs);
        const where = `case ${i}: ${JSON.stringify({ ...c, nchw })}`;
        expect(got.shape, where).toEqual(inputShape);
        const back = nchw ? tf.tidy(() => tf.transpose(tf.tensor4d(got.values, inputShape as Shape4), [0, 2, 3, 1]).dataSync()) : got.values;
        expect(relativeError(back, expected), where).toBeLessThan(1e-4);
        tf.dispose([dy, filter, dyIn]);
      }
    });

    it(`DepthwiseConv2dNativeBackpropFilter equals the definition (${CASES} random cases)`, ({ skip }) => {
      if (!available) skip();
      const rng = random(2);
      for (let i = 0; i < CASES; i++) {
        const c = convCase(rng, true);
        const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad as never, c.dimRoundingMode, true);
        const mult = c.filter[3];
        const dyShape: Shape4 = [c.x[0], info.outHeight, info.outWidth, c.x[3] * mult];
        const xv = rng.floats(c.x.reduce((a, b) => a * b));
        const dyv = rng.floats(dyShape.reduce((a, b) => a * b));
        const x = tf.tensor4d(xv, c.x);
        const dy = tf.tensor4d(dyv, dyShape);
        const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad, dimRoundingMode: c.dimRoundingMode, filterShape: c.filter };
        const got = run('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs);
        const where = `case ${i}: ${JSON.stringify(c)}`;
        expect(got.shape, where).toEqual(c.filter);
        expect(relativeError(got.values, refDepthwiseFilter(info, xv, dyv, mult)), where).toBeLessThan(1e-4);
        // tfjs's cpu kernel ignores dilations (so does its BackpropInput): compared without them only.
        const old = c.dilations.every((d) => d === 1) ? stockResult('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs) : undefined;
        if (old) expect(relativeError(got.values, old), `${where} vs tfjs's cpu kernel`).toBeLessThan(1e-4);
        tf.dispose([x, dy]);
      }
    });

    it(`DepthwiseConv2dNativeBackpropInput equals the definition (${CASES} random cases)`, ({ skip }) => {
      if (!available) skip();
      const rng = random(3);
      for (let i = 0; i < CASES; i++) {
        const c = convCase(rng, true);
        const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad as never, c.dimRoundingMode, true);
        const mult = c.filter[3];
        const dyShape: Shape4 = [c.x[0], info.outHeight, info.outWidth, c.x[3] * mult];
        const dyv = rng.floats(dyShape.reduce((a, b) => a * b));
        const fv = rng.floats(c.filter.reduce((a, b) => a * b));
        const dy = tf.tensor4d(dyv, dyShape);
        const filter = tf.tensor4d(fv, c.filter);
        const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad, dimRoundingMode: c.dimRoundingMode, inputShape: c.x };
        const got = run('DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs);
        const where = `case ${i}: ${JSON.stringify(c)}`;
        expect(got.shape, where).toEqual(c.x);
        expect(relativeError(got.values, refDepthwiseInput(info, dyv, fv, mult)), where).toBeLessThan(1e-4);
        const old = c.dilations.every((d) => d === 1) ? stockResult('DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs) : undefined;
        if (old) expect(relativeError(got.values, old), `${where} vs tfjs's cpu kernel`).toBeLessThan(1e-4);
        tf.dispose([dy, filter]);
      }
    });

    it('UnsortedSegmentSum equals the definition (repeated, missing and out-of-range ids, rank-2 ids, int32)', ({ skip }) => {
      if (!available) skip();
      const rng = random(4);
      for (let i = 0; i < CASES; i++) {
        const numSegments = rng.int(1, 12);
        const idShape = rng.pick([[rng.int(1, 20)], [rng.int(1, 4), rng.int(1, 5)]]);
        const rowShape = rng.pick([[], [rng.int(1, 4)], [rng.int(1, 3), rng.int(1, 3)]]);
        const rows = idShape.reduce((a, b) => a * b, 1);
        const rowSize = rowShape.reduce((a, b) => a * b, 1);
        // Mostly valid ids, a few out of range on either side (dropped).
        const ids = Int32Array.from({ length: rows }, () => rng.int(-1, numSegments));
        const dtype = rng.pick(['float32', 'int32'] as const);
        const xv = dtype === 'int32' ? Int32Array.from({ length: rows * rowSize }, () => rng.int(-50, 50)) : rng.floats(rows * rowSize);
        const expected = new Float64Array(numSegments * rowSize);
        ids.forEach((s, r) => {
          if (s < 0 || s >= numSegments) return;
          for (let k = 0; k < rowSize; k++) expected[s * rowSize + k] += xv[r * rowSize + k];
        });
        const x = tf.tensor(xv, [...idShape, ...rowShape], dtype);
        const segmentIds = tf.tensor(ids, idShape, 'int32');
        const got = run('UnsortedSegmentSum', { x, segmentIds }, { numSegments });
        const where = `case ${i}: ${JSON.stringify({ numSegments, idShape, rowShape, dtype })}`;
        expect(got.shape, where).toEqual([numSegments, ...rowShape]);
        if (dtype === 'int32') expect(Array.from(got.values), where).toEqual(Array.from(expected));
        else expect(relativeError(got.values, expected), where).toBeLessThan(1e-5);
        tf.dispose([x, segmentIds]);
      }
    });

    it(`MaxPoolGrad equals the definition: the first max of each window (${CASES} random cases, ties included)`, ({ skip }) => {
      if (!available) skip();
      const rng = random(6);
      for (let i = 0; i < CASES; i++) {
        const x: Shape4 = [rng.int(1, 3), rng.int(2, 8), rng.int(2, 8), rng.int(1, 3)];
        const filterSize: [number, number] = [rng.int(1, Math.min(3, x[1])), rng.int(1, Math.min(3, x[2]))];
        const strides: [number, number] = [rng.int(1, 3), rng.int(1, 3)];
        const pad = rng.pick(['valid', 'same', 0, 1] as const);
        const dimRoundingMode = typeof pad === 'number' ? rng.pick(['floor', 'ceil'] as const) : undefined;
        const info = tf.backend_util.computePool2DInfo(x, filterSize, strides, 1, pad, dimRoundingMode);
        if (info.outHeight < 1 || info.outWidth < 1) continue;
        // Few distinct values: many ties inside a window.
        const xv = Float32Array.from({ length: x.reduce((a, b) => a * b) }, () => rng.int(-3, 3));
        const dyShape: Shape4 = [x[0], info.outHeight, info.outWidth, x[3]];
        const dyv = rng.floats(dyShape.reduce((a, b) => a * b));
        const expected = new Float32Array(xv.length);
        const outv: number[] = [];
        for (let b = 0; b < x[0]; b++) for (let or = 0; or < info.outHeight; or++) for (let oc = 0; oc < info.outWidth; oc++) for (let ch = 0; ch < x[3]; ch++) {
          let best = -Infinity;
          let where = -1;
          for (let kr = 0; kr < filterSize[0]; kr++) for (let kc = 0; kc < filterSize[1]; kc++) {
            const r = or * strides[0] - info.padInfo.top + kr;
            const c = oc * strides[1] - info.padInfo.left + kc;
            if (r < 0 || c < 0 || r >= x[1] || c >= x[2]) continue;
            const k = ((b * x[1] + r) * x[2] + c) * x[3] + ch;
            if (xv[k] > best) [best, where] = [xv[k], k];
          }
          outv.push(best);
          if (where >= 0) expected[where] += dyv[((b * info.outHeight + or) * info.outWidth + oc) * x[3] + ch];
        }
        const input = tf.tensor4d(xv, x);
        const output = tf.tensor4d(outv, dyShape);
        const dy = tf.tensor4d(dyv, dyShape);
        const got = run('MaxPoolGrad', { dy, input, output }, { filterSize, strides, pad, dimRoundingMode });
        const where = `case ${i}: ${JSON.stringify({ x, filterSize, strides, pad, dimRoundingMode })}`;
        expect(got.shape, where).toEqual(x);
        expect(relativeError(got.values, expected), where).toBeLessThan(1e-5);
        tf.dispose([input, output, dy]);
      }
    });

    it(`ResizeNearestNeighborGrad equals the definition (${CASES} random cases, both corner modes)`, ({ skip }) => {
      if (!available) skip();
      const rng = random(7);
      for (let i = 0; i < CASES; i++) {
        const x: Shape4 = [rng.int(1, 3), rng.int(1, 7), rng.int(1, 7), rng.int(1, 3)];
        const size: [number, number] = [rng.int(1, 15), rng.int(1, 15)];
        const alignCorners = rng.pick([false, true]);
        const halfPixelCenters = !alignCorners && rng.pick([false, true]);
        const dyShape: Shape4 = [x[0], size[0], size[1], x[3]];
        const dyv = rng.floats(dyShape.reduce((a, b) => a * b));
        // The forward map from tfjs's cpu ResizeNearestNeighbor, applied to an index image.
        const images = tf.tensor4d(Float32Array.from({ length: x.reduce((a, b) => a * b) }, (_, k) => k), x);
        const source = tf.image.resizeNearestNeighbor(images, size, alignCorners, halfPixelCenters);
        const from = source.dataSync();
        const expected = new Float32Array(images.size);
        from.forEach((k, j) => (expected[k] += dyv[j]));
        const dy = tf.tensor4d(dyv, dyShape);
        const got = run('ResizeNearestNeighborGrad', { images, dy }, { alignCorners, halfPixelCenters });
        const where = `case ${i}: ${JSON.stringify({ x, size, alignCorners, halfPixelCenters })}`;
        expect(got.shape, where).toEqual(x);
        expect(relativeError(got.values, expected), where).toBeLessThan(1e-5);
        tf.dispose([images, source, dy]);
      }
    });

    it('BatchMatMul with transposed operands (wrapped on wasm) equals the product of explicit transposes', ({ skip }) => {
      if (!available) skip();
      const rng = random(7);
      for (let i = 0; i < CASES; i++) {
        const [batch, m, k, n] = [rng.int(1, 3), rng.int(1, 9), rng.int(1, 9), rng.int(1, 9)];
        const [transposeA, transposeB] = [rng.pick([true, false]), rng.pick([true, false])];
        const a = tf.tensor3d(rng.floats(batch * m * k), transposeA ? [batch, k, m] : [batch, m, k]);
        const b = tf.tensor3d(rng.floats(batch * k * n), transposeB ? [batch, n, k] : [batch, k, n]);
        const before = tf.memory().numTensors;
        const got = tf.matMul(a, b, transposeA, transposeB);
        expect(tf.memory().numTensors).toBe(before + 1);
        const plain = tf.tidy(() => tf.matMul(transposeA ? tf.transpose(a, [0, 2, 1]) : a, transposeB ? tf.transpose(b, [0, 2, 1]) : b));
        expect(got.shape).toEqual([batch, m, n]);
        expect(relativeError(got.dataSync() as Float32Array, plain.dataSync() as Float32Array), `case ${i}`).toBeLessThan(1e-6);
        tf.dispose([a, b, got, plain]);
      }
    });

    it('Sum over leading axes (wrapped on wasm) equals a plain loop; other sums are untouched', ({ skip }) => {
      if (!available) skip();
      const rng = random(8);
      for (let i = 0; i < CASES; i++) {
        const shape = Array.from({ length: rng.int(1, 4) }, () => rng.int(1, 5));
        const values = rng.floats(shape.reduce((p, q) => p * q, 1));
        const x = tf.tensor(values, shape);
        const lead = rng.int(0, shape.length);
        const axes = Array.from({ length: lead }, (_, a) => a);
        const keepDims = rng.pick([true, false]);
        const width = shape.slice(lead).reduce((p, q) => p * q, 1);
        const expected = new Float32Array(width);
        values.forEach((v, j) => (expected[j % width] += v));
        const got = lead === 0 ? tf.sum(x, 0, keepDims) : tf.sum(x, axes, keepDims);
        const where = `case ${i}: ${JSON.stringify({ shape, axes, keepDims })}`;
        if (lead > 0) {
          expect(got.shape, where).toEqual(keepDims ? [...axes.map(() => 1), ...shape.slice(lead)] : shape.slice(lead));
          expect(relativeError(got.dataSync() as Float32Array, expected), where).toBeLessThan(1e-5);
        }
        tf.dispose([x, got]);
      }
      const ints = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
      const sum = tf.sum(ints, 0);
      expect([sum.dtype, Array.from(sum.dataSync())]).toEqual(['int32', [4, 6]]);
      tf.dispose([ints, sum]);
    });

    it("tfjs's gradients reach them: conv2d, depthwiseConv2d (filter and input), gather", ({ skip }) => {
      if (!available) skip();
      const rng = random(5);
      const x = tf.tensor4d(rng.floats(2 * 7 * 6 * 3), [2, 7, 6, 3]);
      const convFilter = tf.tensor4d(rng.floats(3 * 2 * 3 * 4), [3, 2, 3, 4]);
      const depthFilter = tf.tensor4d(rng.floats(3 * 3 * 3 * 2), [3, 3, 3, 2]);
      const table = tf.tensor2d(rng.floats(6 * 4), [6, 4]);
      const ids = tf.tensor1d([0, 5, 5, 2], 'int32');
      const before = tf.memory().numTensors;
      const grads = tf.grads((xx: import('@tensorflow/tfjs').Tensor, f1: import('@tensorflow/tfjs').Tensor, f2: import('@tensorflow/tfjs').Tensor, emb: import('@tensorflow/tfjs').Tensor) =>
        tf.addN([
          tf.sum(tf.square(tf.conv2d(xx as never, f1 as never, [2, 1], 'same'))),
          tf.sum(tf.square(tf.depthwiseConv2d(xx as never, f2 as never, 1, 'valid'))),
          tf.sum(tf.square(tf.gather(emb, ids))),
        ]))([x, convFilter, depthFilter, table]);
      expect(grads.map((g) => g.shape)).toEqual([x.shape, convFilter.shape, depthFilter.shape, table.shape]);
      // Rows 1, 3 and 4 of the table are gathered by no id: no gradient; row 5 twice.
      const rows = grads[3].arraySync() as number[][];
      const tableRows = table.arraySync() as number[][];
      expect(rows[1].concat(rows[3], rows[4]).every((v) => v === 0)).toBe(true);
      rows[5].forEach((v, k) => expect(v).toBeCloseTo(4 * tableRows[5][k], 5));
      tf.dispose(grads);
      expect(tf.memory().numTensors, 'no tensor left behind by the gradients').toBe(before);
      tf.dispose([x, convFilter, depthFilter, table, ids]);
    });
  });
}
