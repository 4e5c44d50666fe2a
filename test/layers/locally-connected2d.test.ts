import { describe, expect, it } from 'vitest';
import type { TfModule, TfTensor } from '../../src/layers/define.js';
import LocallyConnected2D from '../../src/layers/locally-connected2d.js';
import { loadTf } from '../../src/runtime/backend.js';
import { tuple } from '../../src/shape/conv.js';
import { parseParams, runLayerCases } from './harness.js';

/** The Keras docstring's count: (oh*ow)*(kh*kw*C*filters) + (oh*ow)*filters, without tfjs (it has no such layer). */
function count(oh: number, ow: number, kh: number, kw: number, channels: number, filters: number, bias = true): number {
  return oh * ow * (kh * kw * channels * filters) + (bias ? oh * ow * filters : 0);
}

runLayerCases(LocallyConnected2D, {
  valid: [
    { title: "docstring: 64 3x3 filters on a 32x32x3 image -> (None, 30, 30, 64)", params: { filters: 64, kernel_size: [3, 3] },
      inputs: [[null, 32, 32, 3]], output: [null, 30, 30, 64], count: 30 * 30 * (3 * 3 * 3 * 64) + 30 * 30 * 64,
      weights: [['kernel', [900, 27, 64]], ['bias', [30, 30, 64]]] },
    { title: 'docstring: then 32 3x3 filters -> (None, 28, 28, 32)', params: { filters: 32, kernel_size: 3 },
      inputs: [[null, 30, 30, 64]], output: [null, 28, 28, 32], count: count(28, 28, 3, 3, 64, 32),
      weights: [['kernel', [784, 576, 32]], ['bias', [28, 28, 32]]] },
    { title: 'strides: floor((n - k) / s) + 1', params: { filters: 8, kernel_size: [3, 2], strides: [2, 3] },
      inputs: [[null, 11, 10, 4]], output: [null, 5, 3, 8], count: count(5, 3, 3, 2, 4, 8) },
    { title: 'channels_first', params: { filters: 6, kernel_size: 2, data_format: 'channels_first' },
      inputs: [[null, 3, 5, 7]], output: [null, 6, 4, 6], count: count(4, 6, 2, 2, 3, 6),
      weights: [['kernel', [24, 12, 6]], ['bias', [4, 6, 6]]] },
    { title: 'no bias', params: { filters: 4, kernel_size: 3, use_bias: false },
      inputs: [[null, 6, 6, 2]], output: [null, 4, 4, 4], count: count(4, 4, 3, 3, 2, 4, false), weights: [['kernel', [16, 18, 4]]] },
    { title: 'same padding (layerspec extension): ceil(n / s)', params: { filters: 5, kernel_size: 3, padding: 'same', strides: 2 },
      inputs: [[null, 7, 8, 3]], output: [null, 4, 4, 5], count: count(4, 4, 3, 3, 3, 5) },
    { title: 'same padding, kernel larger than the input', params: { filters: 2, kernel_size: 5, padding: 'same' },
      inputs: [[null, 3, 3, 1]], output: [null, 3, 3, 2], count: count(3, 3, 5, 5, 1, 2) },
    { title: 'kernel as large as the input gives 1x1', params: { filters: 3, kernel_size: [4, 5] },
      inputs: [[null, 4, 5, 2]], output: [null, 1, 1, 3], count: count(1, 1, 4, 5, 2, 3) },
    { title: 'all the Keras arguments but activity_regularizer', params: {
      filters: 2, kernel_size: 2, strides: 1, padding: 'valid', data_format: 'channels_last', activation: 'relu', use_bias: true,
      kernel_initializer: { type: 'random_normal', stddev: 0.02 }, bias_initializer: 'ones', kernel_regularizer: 'l2',
      bias_regularizer: { l1: 0.01 }, kernel_constraint: { type: 'max_norm', max_value: 3 }, bias_constraint: 'non_neg',
    }, inputs: [[null, 3, 3, 1]], output: [null, 2, 2, 2], count: count(2, 2, 2, 2, 1, 2) },
    { title: 'channels_first, same padding, strides, an activation', params: {
      filters: 3, kernel_size: [2, 3], strides: [2, 1], padding: 'same', data_format: 'channels_first', activation: 'softmax', use_bias: true,
    }, inputs: [[null, 2, 5, 4]], output: [null, 3, 3, 4], count: count(3, 4, 2, 3, 2, 3), weights: [['kernel', [12, 12, 3]], ['bias', [3, 4, 3]]] },
  ],
  badParams: [
    { title: 'activity_regularizer (TensorFlow.js 4.22 cannot run one)', params: { filters: 2, kernel_size: 2, activity_regularizer: 'l1_l2' }, path: 'activity_regularizer' },
    { title: 'filters missing', params: { kernel_size: 3 }, path: 'filters' },
    { title: 'kernel_size missing', params: { filters: 3 }, path: 'kernel_size' },
    { params: { filters: 0, kernel_size: 3 }, path: 'filters' },
    { params: { filters: 3, kernel_size: [3, 3, 3] }, path: 'kernel_size' },
    { params: { filters: 3, kernel_size: 3, strides: 0 }, path: 'strides' },
    { params: { filters: 3, kernel_size: 3, padding: 'causal' }, path: 'padding' },
    { params: { filters: 3, kernel_size: 3, data_format: 'NHWC' }, path: 'data_format' },
    { params: { filters: 3, kernel_size: 3, activation: 'Relu' }, path: 'activation' },
    { title: 'dilation_rate is not a LocallyConnected2D argument', params: { filters: 3, kernel_size: 3, dilation_rate: 2 } },
    { title: "tf.keras's implementation is not a Keras 2 argument", params: { filters: 3, kernel_size: 3, implementation: 2 } },
  ],
  badShapes: [
    { title: 'a 3D input', params: { filters: 3, kernel_size: 3 }, inputs: [[null, 32, 3]], code: 'shape/rank', message: /4D input/ },
    { title: 'unknown rows', params: { filters: 3, kernel_size: 3 }, inputs: [[null, null, 32, 3]], code: 'shape/unknown-dim',
      message: /rows and cols .* \(None, None, 32, 3\)/ },
    { title: 'unknown cols, channels_first', params: { filters: 3, kernel_size: 3, data_format: 'channels_first' }, inputs: [[null, 3, 32, null]],
      code: 'shape/unknown-dim' },
    { title: 'unknown channels', params: { filters: 3, kernel_size: 3 }, inputs: [[null, 8, 8, null]], code: 'shape/unknown-dim', message: /channels/ },
    { title: 'kernel larger than the input', params: { filters: 3, kernel_size: 5 }, inputs: [[null, 4, 8, 3]], code: 'shape/non-positive',
      message: /kernel_size \(5, 5\), larger than .* 0 x 4/ },
    { title: 'channels_first reads rows from axis 2', params: { filters: 3, kernel_size: 4, data_format: 'channels_first' },
      inputs: [[null, 8, 3, 8]], code: 'shape/non-positive' },
  ],
});

interface LocalParams {
  filters: number;
  kernel_size: number | number[];
  strides: number | number[];
  padding: string;
  data_format: string;
}

/** Keras 2's loop (a slice and a matmul per output position) on the Conv2D-'same'-padded input, in the input's layout. */
function perPosition(tf: TfModule, p: LocalParams, x: TfTensor, kernel: TfTensor, bias: TfTensor): TfTensor {
  const first = p.data_format === 'channels_first';
  const [kh, kw] = tuple(p.kernel_size, 2);
  const [sh, sw] = tuple(p.strides, 2);
  const [batch, rows, cols] = (first ? [x.shape[0], x.shape[2], x.shape[3]] : x.shape) as number[];
  const [oh, ow] = bias.shape;
  const padding = (size: number, out: number, k: number, s: number): [number, number] => {
    const total = p.padding === 'same' ? Math.max((out - 1) * s + k - size, 0) : 0;
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  const spatial = [padding(rows, oh, kh, sh), padding(cols, ow, kw, sw)];
  const padded = tf.pad(x, first ? [[0, 0], [0, 0], ...spatial] : [[0, 0], ...spatial, [0, 0]]);
  const outs: TfTensor[] = [];
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      const patch = first ? tf.slice(padded, [0, 0, i * sh, j * sw], [-1, -1, kh, kw]) : tf.slice(padded, [0, i * sh, j * sw, 0], [-1, kh, kw, -1]);
      outs.push(tf.matMul(tf.reshape(patch, [batch, -1]), tf.reshape(tf.slice(kernel, [i * ow + j, 0, 0], [1, -1, -1]), kernel.shape.slice(1))));
    }
  }
  const out = tf.reshape(tf.stack(outs, 1), [batch, oh, ow, p.filters]);
  return first
    ? tf.add(tf.transpose(out, [0, 3, 1, 2]), tf.reshape(bias, [1, p.filters, oh, ow]))
    : tf.add(out, tf.reshape(bias, [1, oh, ow, p.filters]));
}

// The layer's own input gradient (col2im on wasm) against tfjs's of the loop, in the corners of its
// geometry: strides past the kernel (the last stride's zeros reach past the input), 'same' padding,
// and kernels with more offsets than positions (on wasm, tfjs then differentiates the gather).
describe('LocallyConnected2D gradients equal the per-position loop\'s', () => {
  const cases: [string, Record<string, unknown>, number[]][] = [
    ['strides larger than the kernel', { filters: 2, kernel_size: 2, strides: 3 }, [2, 8, 8, 2]],
    ['strides larger than the kernel, same, channels_first', { filters: 2, kernel_size: 2, strides: 3, padding: 'same', data_format: 'channels_first' }, [2, 2, 8, 7]],
    ['strides [2, 3], channels_first', { filters: 3, kernel_size: 3, strides: [2, 3], data_format: 'channels_first' }, [2, 2, 11, 10]],
    ['same, stride 2, odd sizes', { filters: 2, kernel_size: 3, strides: 2, padding: 'same' }, [1, 7, 8, 3]],
    ['a kernel as large as the input', { filters: 4, kernel_size: [4, 5] }, [3, 4, 5, 2]],
    ['a kernel larger than the input, same', { filters: 2, kernel_size: 5, padding: 'same' }, [2, 3, 3, 1]],
    ['1x1 kernel, channels_first', { filters: 5, kernel_size: 1, data_format: 'channels_first' }, [2, 3, 4, 4]],
  ];
  for (const [title, params, shape] of cases) {
    it(title, async () => {
      const tf = (await loadTf({ backend: process.env.HARNESS_BACKEND === 'wasm' ? 'wasm' : 'cpu' })).tf;
      const parsed = parseParams(LocallyConnected2D, params);
      if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
      const p = parsed.data as unknown as LocalParams;
      const [kernelSpec, biasSpec] = LocallyConnected2D.weights!([[null, ...shape.slice(1)]], p as never, { nested: () => { throw new Error('unused'); } });
      const x = tf.randomUniform(shape, -1, 1);
      const kernel = tf.randomUniform(kernelSpec.shape as number[], -1, 1);
      const bias = tf.randomUniform(biasSpec.shape as number[], -1, 1);
      const ours = (xs: TfTensor, k: TfTensor, b: TfTensor) => LocallyConnected2D.call!(tf, [xs], { kernel: k, bias: b }, p as never);
      const mix = tf.randomUniform(ours(x, kernel, bias).shape, -1, 1);
      const gradsOf = (f: typeof ours) => tf.grads((xs, k, b) => tf.sum(tf.mul(f(xs, k, b), mix)))([x, kernel, bias]);
      const expected = gradsOf((xs, k, b) => perPosition(tf, p, xs, k, b));
      const before = tf.memory().numTensors;
      const actual = gradsOf(ours);
      expect(tf.memory().numTensors - before, 'tensors left besides the gradients').toBe(3);
      actual.forEach((g, i) => {
        expect(g.shape).toEqual(expected[i].shape);
        const worst = tf.max(tf.abs(tf.sub(g, expected[i]))).dataSync()[0];
        expect(worst, ['x', 'kernel', 'bias'][i]).toBeLessThan(1e-5);
      });
      tf.dispose([x, kernel, bias, mix, ...expected, ...actual]);
    });
  }
});
