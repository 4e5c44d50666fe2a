/**
 * PAM and CAM (src/layers/pam.ts, cam.ts) against NumPy transcriptions of DANet's PyTorch modules
 * (scripts/danet_fixtures.py, channels_first `bmm` form), on the cpu backend and on wasm: the
 * forward pass of `call` matches to 1e-5 and every weight gets a gradient; built by buildModel
 * (the generic layer of src/runtime/defined-layer.ts), a model given the fixture weights gives the
 * same numbers, trains (gamma, then the kernels), applies its regularizers and constraints, and
 * survives a save/reload unchanged.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyze.js';
import CAM from '../../src/layers/cam.js';
import type { AnyLayerDef } from '../../src/layers/define.js';
import PAM from '../../src/layers/pam.js';
import { loadTf, type Tf } from '../../src/runtime/backend.js';
import { buildModel } from '../../src/runtime/build-model.js';
import { readNpy } from '../support/npy.js';
import { parseParams, staticLayer } from '../layers/harness.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type LayersModel = import('@tensorflow/tfjs').LayersModel;
type Layer = import('@tensorflow/tfjs').layers.Layer;

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(here, '..', 'fixtures', 'danet');
const DEFS: Record<string, AnyLayerDef> = { PAM, CAM };

interface FixtureCase {
  name: string;
  layer: 'PAM' | 'CAM';
  x: string;
  weights: Record<string, string>;
  out: string;
  /** CAM only: DANet's own formula (softmax of max - energy), which CAM does not follow. */
  danet_out?: string;
}

const CASES: FixtureCase[] = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8'));

function tensorOf(tf: Tf, file: string): Tensor {
  const a = readNpy(join(FIXTURES, file));
  return tf.tensor(a.data as Float32Array, a.shape, 'float32');
}

/** The largest |actual - expected|, element by element (same shapes required). */
function worstDifference(actual: Tensor, expected: Tensor): number {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  return Math.max(...Array.from(e, (v, k) => Math.abs(v - a[k])));
}

/** The layer's defaults, as `check` parses them. */
function defaultParams(def: AnyLayerDef): Record<string, unknown> {
  const parsed = parseParams(def, {});
  if (!parsed.success) throw new Error(`${def.type}: its defaults do not parse`);
  return parsed.data as Record<string, unknown>;
}

/** A model through the commands' path (analyzeSource, then buildModel); `layers` in YAML flow mappings. */
function modelOf(tf: Tf, shape: number[], layers: Record<string, string>, output: string): LayersModel {
  const yaml = [
    'layerspec: 1',
    'name: danet',
    'inputs:',
    `  x: { shape: [${shape.join(', ')}] }`,
    'layers:',
    ...Object.entries(layers).map(([name, body]) => `  ${name}: { ${body} }`),
    `outputs: [${output}]`,
  ].join('\n');
  const analysis = analyzeSource(yaml, 'danet.yaml');
  expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return buildModel(tf, analysis);
}

/** A layer's weights by Keras name (tfjs names them `<layer>/<name>`). */
function weightsByName(layer: Layer): Record<string, Tensor> {
  return Object.fromEntries(layer.weights.map((w) => [w.name.split('/').pop()!.replace(/_\d+$/, ''), w.read()]));
}

async function saveAndReload(tf: Tf, model: LayersModel): Promise<LayersModel> {
  let saved: import('@tensorflow/tfjs').io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

describe('the DANet layer modules', () => {
  for (const file of ['pam.ts', 'cam.ts', join('common', 'danet.ts')]) {
    it(`${file} imports only the types of tfjs, so \`check\` never loads it`, () => {
      const text = readFileSync(join(here, '..', '..', 'src', 'layers', file), 'utf8');
      expect(text).not.toMatch(/^import (?!type )[^;]*'@tensorflow\//m);
      expect(text).not.toMatch(/import\(\s*'@tensorflow/);
    });
  }

  it('the fixtures hold the weights the static rules declare (the .npz weight contract)', () => {
    for (const c of CASES) {
      const x = readNpy(join(FIXTURES, c.x));
      const { weights } = staticLayer(DEFS[c.layer], {}, [[null, ...x.shape.slice(1)]]);
      const fixture = Object.entries(c.weights).map(([name, file]) => [name, readNpy(join(FIXTURES, file)).shape]);
      expect(fixture, c.name).toEqual(weights.map((w) => [w.name, w.shape]));
    }
  });
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`PAM and CAM call() on tfjs (${backend})`, () => {
    let tf: Tf;
    let available = false;
    beforeAll(async () => {
      // The commands' loader (its tf is the type `call` takes); a backend that cannot load here is skipped, said once.
      try {
        tf = (await loadTf({ backend })).tf;
        available = true;
      } catch (error) {
        console.warn(`${backend} backend skipped: ${String(error)}`);
      }
    });

    for (const c of CASES) {
      it(`${c.name}: matches DANet's formula (NumPy) to 1e-5`, (ctx) => {
        if (!available) ctx.skip();
        const def = DEFS[c.layer];
        const x = tensorOf(tf, c.x);
        const weights = Object.fromEntries(Object.entries(c.weights).map(([name, file]) => [name, tensorOf(tf, file)]));
        const expected = tensorOf(tf, c.out);
        const y = tf.tidy(() => def.call!(tf, [x], weights, defaultParams(def)));
        expect(worstDifference(y, expected)).toBeLessThan(1e-5);
        if (c.danet_out) {
          // CAM follows softmax(A·Aᵀ), as cam.ts documents, not DANet's softmax(max - A·Aᵀ).
          const danet = tensorOf(tf, c.danet_out);
          expect(worstDifference(y, danet)).toBeGreaterThan(0.05);
          danet.dispose();
        }
        tf.dispose([x, y, expected, ...Object.values(weights)]);
      });

      it(`${c.name}: every weight gets a non-zero gradient`, (ctx) => {
        if (!available) ctx.skip();
        const def = DEFS[c.layer];
        const x = tensorOf(tf, c.x);
        const names = Object.keys(c.weights);
        const values = names.map((name) => tensorOf(tf, c.weights[name]));
        const params = defaultParams(def);
        // A loss that depends on every output element unevenly (a plain sum would cancel in the softmax).
        const target = tf.randomNormal(x.shape, 0, 1, 'float32', 7);
        const grads = tf.grads((...ws: Tensor[]) =>
          tf.sum(tf.square(tf.sub(def.call!(tf, [x], Object.fromEntries(names.map((n, k) => [n, ws[k]])), params), target))),
        )(values);
        for (const [k, g] of grads.entries()) {
          expect(g.shape, names[k]).toEqual(values[k].shape);
          const magnitude = tf.max(tf.abs(g)).dataSync()[0];
          expect(Number.isFinite(magnitude) && magnitude > 1e-6, `${c.name}: gradient of ${names[k]} is ${magnitude}`).toBe(true);
        }
        tf.dispose([x, target, ...values, ...grads]);
      });
    }

    for (const c of CASES) {
      it(`${c.name}: a model built by buildModel, given the fixture weights, gives the same numbers, also after save/reload`, async (ctx) => {
        if (!available) ctx.skip();
        const x = tensorOf(tf, c.x);
        const model = modelOf(tf, x.shape.slice(1), { att: `type: ${c.layer}, input: x` }, 'att');
        const layer = model.getLayer('att');
        const fixture = Object.fromEntries(Object.entries(c.weights).map(([name, file]) => [name, tensorOf(tf, file)]));
        layer.setWeights(layer.weights.map((w) => fixture[w.name.split('/').pop()!.replace(/_\d+$/, '')]));
        const expected = tensorOf(tf, c.out);
        const y = model.predict(x) as Tensor;
        expect(worstDifference(y, expected)).toBeLessThan(1e-5);

        const reloaded = await saveAndReload(tf, model);
        const again = reloaded.predict(x) as Tensor;
        expect(again.arraySync()).toEqual(y.arraySync());
        const names = Object.keys(weightsByName(reloaded.getLayer('att')));
        expect(names).toEqual(Object.keys(c.weights));
        tf.dispose([x, y, again, expected, ...Object.values(fixture)]);
        model.dispose();
        reloaded.dispose();
      });
    }

    it('trains PAM and CAM from their zero gamma: step 1 moves gamma, step 2 the projection kernels too', async (ctx) => {
      if (!available) ctx.skip();
      const model = modelOf(tf, [4, 5, 16], { pam: 'type: PAM, input: x', cam: 'type: CAM, input: pam' }, 'cam');
      model.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
      const x = tf.randomNormal([2, 4, 5, 16], 0, 1, 'float32', 1);
      const target = tf.randomNormal([2, 4, 5, 16], 0, 1, 'float32', 2);
      const snapshot = () => ({
        pam: Object.fromEntries(Object.entries(weightsByName(model.getLayer('pam'))).map(([n, t]) => [n, Array.from(t.dataSync())])),
        cam: Array.from(model.getLayer('cam').weights[0].read().dataSync()),
      });
      const changed = (a: number[], b: number[]) => a.some((v, k) => v !== b[k]);
      const initial = snapshot();
      expect(initial.pam.gamma).toEqual([0]);
      expect(initial.cam).toEqual([0]);

      await model.trainOnBatch(x, target);
      const afterOne = snapshot();
      expect(afterOne.pam.gamma[0]).not.toBe(0);
      expect(afterOne.cam[0]).not.toBe(0);
      // With gamma = 0 the attention branch is cut off: its kernels get no gradient yet (as in DANet).
      for (const name of ['b_kernel', 'c_kernel', 'd_kernel']) expect(afterOne.pam[name], name).toEqual(initial.pam[name]);

      await model.trainOnBatch(x, target);
      const afterTwo = snapshot();
      for (const name of ['gamma', 'b_kernel', 'c_kernel', 'd_kernel']) expect(changed(afterTwo.pam[name], afterOne.pam[name]), name).toBe(true);
      expect(changed(afterTwo.cam, afterOne.cam)).toBe(true);
      tf.dispose([x, target]);
      model.dispose();
    });

    it('applies the regularizers and constraints given in YAML', (ctx) => {
      if (!available) ctx.skip();
      const model = modelOf(tf, [3, 3, 8], {
        pam: 'type: PAM, input: x, gamma_initializer: { type: constant, value: 0.3 }, gamma_regularizer: l1, kernel_regularizer: { l2: 0.5 }, gamma_constraint: non_neg',
        cam: 'type: CAM, input: pam, gamma_regularizer: { l2: 2 }, gamma_constraint: non_neg',
      }, 'cam');
      const pam = model.getLayer('pam');
      const w = weightsByName(pam);
      const sumOf = (t: Tensor) => tf.sum(t).dataSync()[0];
      const kernelPenalty = ['b_kernel', 'c_kernel', 'd_kernel'].reduce((n, name) => n + 0.5 * sumOf(tf.square(w[name])), 0);
      // One penalty per regularized weight: l1 (0.01 |gamma|) on PAM's gamma, l2 0.5 on its kernels, nothing on CAM's gamma = 0.
      const penalties = pam.calculateLosses().map((t) => t.dataSync()[0]);
      expect(penalties.length).toBe(4);
      expect(penalties.reduce((a, b) => a + b, 0)).toBeCloseTo(0.01 * 0.3 + kernelPenalty, 4);
      expect(model.getLayer('cam').calculateLosses().map((t) => t.dataSync()[0])).toEqual([0]);
      // tfjs applies constraints when weights are written: non_neg clips a negative gamma.
      model.getLayer('cam').setWeights([tf.tensor([-0.7])]);
      expect(Array.from(model.getLayer('cam').weights[0].read().dataSync())).toEqual([0]);
      model.dispose();
    });
  });
}
