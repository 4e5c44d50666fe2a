import { beforeAll, describe, expect, it } from 'vitest';
import { registerTrainingKernels } from '../../src/runtime/kernels/index.js';
import { random } from '../support/random.js';
import { relativeError } from '../support/relative-error.js';
import { loadTf, useBackend, withKernelNames, type Tf } from '../support/tf.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type Tensor4D = import('@tensorflow/tfjs').Tensor4D;
let tf: Tf;

beforeAll(async () => {
  tf = await loadTf();
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`tf.fused.conv2d with ReLU while a gradient is recorded, on ${backend}`, () => {
    beforeAll(async () => {
      expect(await useBackend(tf, backend)).toBe(true);
      registerTrainingKernels(tf, backend);
    });

    it('gives the values and gradients of conv2d, add and relu written out (strides, paddings, with and without a bias)', () => {
      const rng = random(17);
      for (let i = 0; i < 16; i++) {
        const [batch, size, inC, outC, k] = [rng.int(1, 3), rng.int(5, 9), 4 * rng.int(1, 2), rng.int(1, 6), rng.pick([1, 3])];
        const strides = rng.pick([1, 2]) as 1 | 2;
        const pad = rng.pick(['same', 'valid'] as const);
        const withBias = i % 2 === 0;
        const x = tf.tensor4d(rng.floats(batch * size * size * inC), [batch, size, size, inC]);
        const w = tf.tensor4d(rng.floats(k * k * inC * outC), [k, k, inC, outC]);
        const b = tf.tensor1d(rng.floats(outC));
        // (its gradient is not 0 where y is: where ReLU cuts, the mask matters)
        const loss = (y: Tensor) => tf.sum(tf.mul(tf.add(y, 1), tf.cos(tf.add(y, 0.5))));
        const fused = (xx: Tensor, ww: Tensor, bb?: Tensor) => loss(tf.fused.conv2d({ x: xx as Tensor4D, filter: ww as Tensor4D, strides, pad, bias: bb, activation: 'relu' }));
        const plain = (xx: Tensor, ww: Tensor, bb?: Tensor) => loss(tf.relu(bb ? tf.add(tf.conv2d(xx as Tensor4D, ww as Tensor4D, strides, pad), bb) : tf.conv2d(xx as Tensor4D, ww as Tensor4D, strides, pad)));
        const inputs = withBias ? [x, w, b] : [x, w];
        const { result: got, kernels } = withKernelNames(tf, () => tf.grads(fused)(inputs));
        const expected = tf.grads(plain)(inputs);
        const where = `case ${i}: ${JSON.stringify({ batch, size, inC, outC, k, strides, pad, withBias })}`;
        expect(kernels, where).toContain('FusedConv2D');
        expect(kernels, where).not.toContain('Relu');
        expect(relativeError(fused(x, w, withBias ? b : undefined).dataSync(), plain(x, w, withBias ? b : undefined).dataSync()), `${where}, value`).toBeLessThan(1e-5);
        got.forEach((g, j) => expect(relativeError(g.dataSync(), expected[j].dataSync()), `${where}, gradient ${j}`).toBeLessThan(1e-4));
        tf.dispose([x, w, b, ...got, ...expected]);
      }
    });

    it("computes the input's gradient only where it is needed (a model's first layer: only the weights')", () => {
      const x = tf.randomNormal([2, 8, 8, 4]) as Tensor4D;
      const w = tf.variable(tf.randomNormal([3, 3, 4, 8]));
      const b = tf.variable(tf.zeros([8]));
      const { result, kernels } = withKernelNames(tf, () => tf.variableGrads(() => tf.sum(tf.fused.conv2d({ x, filter: w as unknown as Tensor4D, strides: 1, pad: 'same', bias: b, activation: 'relu' })) as import('@tensorflow/tfjs').Scalar, [w, b]));
      expect(kernels).toContain('Conv2DBackpropFilter');
      expect(kernels).not.toContain('Conv2DBackpropInput');
      tf.dispose([x, w, b, result.value, ...Object.values(result.grads)]);
    });

    it('leaves other activations, and calls outside a gradient, to tfjs', () => {
      const x = tf.randomNormal([1, 6, 6, 4]) as Tensor4D;
      const w = tf.randomNormal([3, 3, 4, 2]) as Tensor4D;
      const { kernels: elu } = withKernelNames(tf, () => tf.grads((xx: Tensor) => tf.sum(tf.fused.conv2d({ x: xx as Tensor4D, filter: w, strides: 1, pad: 'valid', activation: 'elu' })))([x]));
      expect(elu).not.toContain('FusedConv2D');
      const { kernels: outside } = withKernelNames(tf, () => tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'valid', activation: 'relu' }));
      expect(outside).toContain('FusedConv2D');
      tf.dispose([x, w]);
    });
  });
}
