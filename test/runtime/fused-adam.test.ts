import { beforeAll, describe, expect, it } from 'vitest';
import { withFusedAdam } from '../../src/runtime/fused-adam.js';
import { seededRandom } from '../../src/runtime/seed.js';
import { loadTf, useBackend, withKernelNames, type Tf } from '../support/tf.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type Variable = import('@tensorflow/tfjs').Variable;

let tf: Tf;

beforeAll(async () => {
  tf = await loadTf();
});

/** Object.is for every element (0 and -0 apart), NaN equal to NaN. */
function expectBitwise(got: Tensor, want: Tensor, where: string): void {
  const a = Array.from(got.dataSync());
  const b = Array.from(want.dataSync());
  expect(a.length, where).toBe(b.length);
  const differ = a.findIndex((v, k) => !Object.is(v, b[k]));
  expect(differ, `${where}: at ${differ}, ${a[differ]} vs ${b[differ]}`).toBe(-1);
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`Adam fused into one pass (${backend})`, () => {
    let available = false;
    beforeAll(async () => {
      available = await useBackend(tf, backend);
    });

    it('gives tfjs\'s Adam results bit for bit, variables and moments, step after step, and after setWeights', async ({ skip }) => {
      if (!available) skip();
      const next = seededRandom(21);
      const shapes = [[1], [3], [4], [5], [7], [37], [64, 30], [3, 3, 3, 8]];
      const make = (tag: string) => shapes.map((shape, k) => tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, (_, j) => Math.sin(k * 31 + j)), shape), true, `${tag}_${k}`));
      const stockVars = make(`${backend}_stock`);
      const fusedVars = make(`${backend}_fused`);
      const stock = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
      const fused = withFusedAdam(tf, tf.train.adam(0.01, 0.9, 0.999, 1e-7));
      const stepBoth = () => {
        const grads = shapes.map((shape) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => (next() - 0.5) * 10 ** Math.floor(next() * 6 - 3)), shape));
        stock.applyGradients(stockVars.map((v, k) => ({ name: v.name, tensor: grads[k] })));
        const { kernels } = withKernelNames(tf, () => fused.applyGradients(stockVars.map((_, k) => ({ name: fusedVars[k].name, tensor: grads[k] }))));
        if (backend === 'wasm') expect(kernels, 'the one-pass update ran, not tfjs\'s ops').not.toContain('Sqrt');
        else expect(kernels, 'tfjs\'s own update elsewhere').toContain('Sqrt');
        tf.dispose(grads);
      };
      const compare = async (where: string) => {
        stockVars.forEach((v, k) => expectBitwise(fusedVars[k], v, `${where}: variable ${k}`));
        const [stockWeights, fusedWeights] = [await stock.getWeights(), await fused.getWeights()];
        expect(fusedWeights.map((w) => w.name.replace('fused', 'stock'))).toEqual(stockWeights.map((w) => w.name));
        stockWeights.forEach((w, k) => expectBitwise(fusedWeights[k].tensor, w.tensor, `${where}: ${w.name}`));
      };
      for (let step = 0; step < 6; step++) {
        stepBoth();
        await compare(`step ${step}`);
      }
      // As --resume does: the optimizer's state saved and loaded into a new one.
      const saved = await fused.getWeights();
      const resumed = withFusedAdam(tf, tf.train.adam(0.01, 0.9, 0.999, 1e-7));
      await resumed.setWeights(saved.map((w) => ({ name: w.name, tensor: w.tensor.clone() })));
      const grads = shapes.map((shape) => tf.randomNormal(shape, 0, 1, 'float32', 5));
      stock.applyGradients(stockVars.map((v, k) => ({ name: v.name, tensor: grads[k] })));
      // (by name, as model.fit passes them)
      resumed.applyGradients(Object.fromEntries(fusedVars.map((v, k) => [v.name, grads[k]])) as never);
      stockVars.forEach((v, k) => expectBitwise(fusedVars[k], v, `after setWeights: variable ${k}`));
      tf.dispose([...grads, ...stockVars, ...fusedVars] as (Tensor | Variable)[]);
      stock.dispose();
      fused.dispose();
      resumed.dispose();
    });
  });
}
