/**
 * Plugin layers in TensorFlow.js: the example plugin built by buildModel through the generic custom
 * layer (weights by their names, the plugin's call), saved and reloaded by tfjs's own
 * serialization, and a call that disagrees with inferShape refused when the model is built.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyze.js';
import { builtinRegistry } from '../../src/layers/index.js';
import type { Registry } from '../../src/layers/registry.js';
import { loadPlugins } from '../../src/plugins/load-plugins.js';
import { loadTf, type Tf } from '../../src/runtime/backend.js';
import { BuildError, buildModel } from '../../src/runtime/build-model.js';
import { roundTrip } from '../support/tf.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-plugin-runtime-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let tf: Tf;
let registry: Registry;
beforeAll(async () => {
  tf = (await loadTf({ backend: 'cpu' })).tf;
  registry = builtinRegistry();
  await loadPlugins(['models/plugins/my-layers.mjs'], ROOT, registry);
});

const exampleAnalysis = () => {
  const file = path.join(ROOT, 'models/plugins/my-layers.yaml');
  return analyzeSource(fs.readFileSync(file, 'utf8'), file, registry);
};

describe('a plugin layer in TensorFlow.js', () => {
  it('runs the plugin\'s call with the weights it declared, by name', () => {
    const model = buildModel(tf, exampleAnalysis(), registry);
    expect(model.getLayer('project').weights.map((w) => [w.name, w.shape])).toEqual([['project/kernel', [4, 8]]]);
    expect(model.getLayer('scale').weights.map((w) => w.name)).toEqual(['scale/gamma', 'scale/beta']);
    // kernel = 0.1 everywhere, gamma = 2, beta = 1: each of the 8 features is 2 * 0.1 * sum(x) + 1.
    model.getLayer('project').setWeights([tf.fill([4, 8], 0.1)]);
    model.getLayer('scale').setWeights([tf.fill([8], 2), tf.ones([8])]);
    model.getLayer('head').setWeights([tf.ones([8, 2]), tf.zeros([2])]);
    const y = model.predict(tf.tensor2d([[1, 2, 3, 4], [0, 0, 0, 0]])) as import('@tensorflow/tfjs').Tensor;
    const expected = [[8 * (0.2 * 10 + 1), 8 * (0.2 * 10 + 1)], [8, 8]];
    const got = y.arraySync() as number[][];
    got.flat().forEach((v, i) => expect(v).toBeCloseTo(expected.flat()[i], 4));
  });

  it('saves by type and params and reloads through tfjs with the plugin loaded, giving the same outputs', async () => {
    const model = buildModel(tf, exampleAnalysis(), registry);
    const { reloaded } = await roundTrip(tf, model);
    expect(reloaded.getLayer('project').getClassName()).toBe('LayerspecLayer');
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 3);
    const a = (model.predict(x) as import('@tensorflow/tfjs').Tensor).dataSync();
    const b = (reloaded.predict(x) as import('@tensorflow/tfjs').Tensor).dataSync();
    expect([...b]).toEqual([...a]);
  });

  it('runs the example MyScale along axis 1 with the initial values from the file', () => {
    const source = 'layerspec: 1\ninput: { shape: [2, 3] }\nlayers:\n  - { type: MyScale, name: s, axis: 1, weights: [[1, 10], [0.5, -1]] }\n';
    const analysis = analyzeSource(source, 'scale.yaml', registry);
    expect(analysis.diagnostics).toEqual([]);
    const y = buildModel(tf, analysis, registry).predict(tf.tensor3d([[[1, 2, 3], [4, 5, 6]]])) as import('@tensorflow/tfjs').Tensor;
    expect(y.arraySync()).toEqual([[[1.5, 2.5, 3.5], [39, 49, 59]]]);
  });

  it('takes several inputs as a list, as declared by `inputs`', async () => {
    fs.writeFileSync(path.join(tmp, 'mix.mjs'), `export default ({ z }) => ({ layers: [{ type: 'Mix', description: 'alpha * a + (1 - alpha) * b', inputs: 2,
      inferShape: ([a, b]) => { if (a[1] !== b[1]) throw new Error('needs inputs of the same size'); return a; },
      weights: () => [{ name: 'alpha', shape: [], initializer: { type: 'constant', value: 0.25 } }],
      call: (tf, [a, b], w) => tf.add(tf.mul(a, w.alpha), tf.mul(b, tf.sub(1, w.alpha))) }] });`);
    const own = builtinRegistry();
    await loadPlugins(['mix.mjs'], tmp, own);
    const model = (inputs: string) => `layerspec: 1\ninputs: { a: { shape: [2] }, b: { shape: [2] } }\nlayers:\n  mix: { type: Mix, ${inputs} }\n`;
    expect(analyzeSource(model('input: a'), 'one.yaml', own).diagnostics.map((d) => d.code)).toContain('graph/arity');
    const analysis = analyzeSource(model('inputs: [a, b]'), 'two.yaml', own);
    expect(analysis.diagnostics).toEqual([]);
    const y = buildModel(tf, analysis, own).predict([tf.tensor2d([[4, 8]]), tf.tensor2d([[0, 4]])]) as import('@tensorflow/tfjs').Tensor;
    expect(y.arraySync()).toEqual([[1, 5]]);
  });

  async function buildWith(call: string, file: string): Promise<unknown> {
    fs.writeFileSync(path.join(tmp, file), `export default ({ z }) => ({ layers: [{ type: 'Liar', description: 'd', params: z.object({ units: z.int() }),
      inferShape: ([x], p) => [null, p.units], weights: ([x], p) => [{ name: 'kernel', shape: [x[1], p.units] }], call: ${call} }] });`);
    const own = builtinRegistry();
    await loadPlugins([file], tmp, own);
    const analysis = analyzeSource('layerspec: 1\ninput: { shape: [4] }\nlayers:\n  - { type: Liar, name: liar, units: 5 }\n', 'liar.yaml', own);
    expect(analysis.diagnostics).toEqual([]);
    try {
      buildModel(tf, analysis, own);
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it('refuses, when the model is built, a call whose output shape differs from inferShape', async () => {
    const error = await buildWith('(tf, [x], w) => tf.slice(tf.dot(x, w.kernel), [0, 0], [-1, 3])', 'liar-shape.mjs');
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).message).toBe(
      "layer 'liar' (Liar, plugin liar-shape.mjs): call returns a tensor of shape (1, 3) for input (1, 4), but inferShape gives (None, 5); make the two agree",
    );
    expect((error as BuildError).layer).toBe('liar');
  });

  it('refuses a call that returns no tensor, naming the plugin', async () => {
    const error = await buildWith('(tf, [x], w) => [tf.dot(x, w.kernel)]', 'liar-list.mjs');
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).message).toMatch(/layer 'liar' \(Liar\) could not be built in TensorFlow\.js: Liar layer from plugin liar-list\.mjs: call returned a list of 1, not a tensor/);
  });

  it('builds a call that agrees', async () => {
    expect(await buildWith('(tf, [x], w) => tf.dot(x, w.kernel)', 'honest.mjs')).toBeUndefined();
  });
});
