import { beforeAll, describe, expect, it } from 'vitest';
import { withFusedAdam } from '../../src/runtime/fused-adam.js';
import { registerTrainingKernels } from '../../src/runtime/kernels/index.js';
import { seededRandom } from '../../src/runtime/seed.js';
import { loadTf, useBackend, type Tf } from '../support/tf.js';

type Tensor = import('@tensorflow/tfjs').Tensor;

let tf: Tf;

beforeAll(async () => {
  tf = await loadTf();
});

/**
 * A small CNN whose training on wasm goes through every kernel layerspec replaces or wraps there
 * (convolution gradients, the SIMD MaxPoolGrad, bias sums and adds, ReLU gradient, shared Identity,
 * row gathers for each batch, one-pass Adam), trained the same way on cpu, where tfjs's own kernels
 * run: the two must agree. A wrong kernel shows up here even when its own test misses the case.
 */
function trainOnce(backendName: string, x: Tensor, y: Tensor, initial: Tensor[]) {
  const model = tf.sequential({
    layers: [
      // 3 channels and 16 filters: the first layer's filter gradient takes the SIMD loop of its own.
      tf.layers.conv2d({ inputShape: [12, 12, 3], filters: 16, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  if (initial.length > 0) model.setWeights(initial);
  model.compile({ optimizer: withFusedAdam(tf, tf.train.adam(0.01)), loss: 'categoricalCrossentropy' });
  return { model, name: backendName };
}

describe('training on wasm with layerspec\'s kernels agrees with tfjs\'s own kernels on cpu', () => {
  it('the same losses and weights after 3 epochs of shuffled batches', async ({ skip }) => {
    if (!(await useBackend(tf, 'wasm'))) skip();
    const next = seededRandom(41);
    const samples = 96;
    const xs = Float32Array.from({ length: samples * 12 * 12 * 3 }, () => next() * 2 - 1);
    const labels = Array.from({ length: samples }, (_, i) => (i * 7) % 4);
    const results: { losses: number[]; weights: Float32Array[] }[] = [];
    let initial: Float32Array[] | undefined;
    let shapes: number[][] = [];
    for (const backend of ['wasm', 'cpu'] as const) {
      expect(await useBackend(tf, backend)).toBe(true);
      registerTrainingKernels(tf, backend);
      const x = tf.tensor4d(xs, [samples, 12, 12, 3]);
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 4).toFloat();
      if (!initial) {
        // Initial weights drawn once (on wasm) and given to both models.
        const probe = trainOnce(backend, x, y, []).model;
        initial = probe.getWeights().map((w) => w.dataSync() as Float32Array);
        shapes = probe.getWeights().map((w) => w.shape);
        probe.dispose();
      }
      const { model } = trainOnce(backend, x, y, initial.map((w, k) => tf.tensor(w, shapes[k])));
      // The same batches on both backends: fit's shuffle draws from Math.random, so it is off and
      // each epoch gathers its own seeded order, as layerspec's train does.
      const losses: number[] = [];
      const order = seededRandom(7);
      for (let epoch = 0; epoch < 3; epoch++) {
        const permutation = Array.from({ length: samples }, (_, i) => i).sort(() => order() - 0.5);
        const index = tf.tensor1d(permutation, 'int32');
        const [ex, ey] = [tf.gather(x, index), tf.gather(y, index)];
        const history = await model.fit(ex, ey, { batchSize: 32, epochs: 1, shuffle: false, verbose: 0 });
        losses.push(history.history.loss[0] as number);
        tf.dispose([index, ex, ey]);
      }
      results.push({ losses, weights: model.getWeights().map((w) => w.dataSync() as Float32Array) });
      model.dispose();
      tf.dispose([x, y]);
    }
    await useBackend(tf, 'wasm');
    const [wasm, cpu] = results;
    wasm.losses.forEach((loss, epoch) => expect(Math.abs(loss - cpu.losses[epoch]), `epoch ${epoch + 1}: ${loss} vs ${cpu.losses[epoch]}`).toBeLessThan(1e-4));
    expect(wasm.losses[2], 'it learns').toBeLessThan(wasm.losses[0]);
    wasm.weights.forEach((w, k) => {
      const worst = w.reduce((m, v, j) => Math.max(m, Math.abs(v - cpu.weights[k][j])), 0);
      expect(worst, `weight ${k}`).toBeLessThan(1e-3);
    });
  });
});
