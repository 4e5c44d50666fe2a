/**
 * spec -> tf.LayersModel (src/runtime/build-model.ts) through the same path the commands use:
 * analyzeSource, then buildModel with tfjs from loadTf (src/runtime/backend.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyze.js';
import { loadTf, type Tf } from '../../src/runtime/backend.js';
import { BuildError, buildModel } from '../../src/runtime/build-model.js';
import { BUILTIN_LAYERS } from '../../src/layers/index.js';
import { Registry } from '../../src/layers/registry.js';
import { summarize } from '../../src/summary/summary.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const analyzeModel = (file: string) => analyzeSource(readFileSync(join(root, 'models', file), 'utf8'), `models/${file}`);

let tf: Tf;
beforeAll(async () => {
  tf = (await loadTf({ backend: 'cpu' })).tf;
});

/** Random input for each model input: uniform floats, or ints in [0, 100) for int32 inputs. */
function randomInputs(model: import('@tensorflow/tfjs').LayersModel, batch: number) {
  return model.inputs.map((input) =>
    input.dtype === 'int32'
      ? tf.randomUniform([batch, ...(input.shape.slice(1) as number[])], 0, 100, 'int32')
      : tf.randomUniform([batch, ...(input.shape.slice(1) as number[])]),
  );
}

describe('buildModel', () => {
  const examples = readdirSync(join(root, 'models')).filter((f) => f.endsWith('.yaml')).sort();
  for (const file of examples) {
    it(`builds ${file}: the summary's counts are tfjs's, predict gives the declared shape`, () => {
      const analysis = analyzeModel(file);
      expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const model = buildModel(tf, analysis);
      const summary = summarize(analysis)!;
      expect(model.countParams()).toBe(summary.totalParams);
      const trainable = model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b as number), 1), 0);
      expect(trainable).toBe(summary.trainableParams);
      // Layer names are the spec's names.
      for (const layer of analysis.spec!.layers) expect(model.getLayer(layer.name).name).toBe(layer.name);
      const xs = randomInputs(model, 2);
      const y = model.predict(xs.length === 1 ? xs[0] : xs) as import('@tensorflow/tfjs').Tensor;
      const declared = analysis.shapes!.shapes.get(analysis.spec!.outputs[0])!;
      expect(y.shape).toEqual([2, ...declared.slice(1)]);
      expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
      tf.dispose([...xs, y]);
    });
  }

  it('runs the tutorial slice-concat example', () => {
    const model = buildModel(tf, analyzeModel('slice-concat.yaml'));
    const x = tf.tensor([[[1, 2], [2, 3], [3, 4], [4, 5]]]);
    const y = model.predict(x) as import('@tensorflow/tfjs').Tensor;
    expect(y.shape).toEqual([1, 4, 1, 2]);
    expect(y.arraySync()).toEqual([[[[1, 2]], [[2, 3]], [[3, 4]], [[4, 5]]]]);
    tf.dispose([x, y]);
  });

  it('gives the same predictions on wasm as on cpu', async () => {
    const examples = readdirSync(join(root, 'models')).filter((f) => f.endsWith('.yaml')).sort();
  for (const file of examples) {
      await loadTf({ backend: 'cpu' });
      const model = buildModel(tf, analyzeModel(file));
      const xs = randomInputs(model, 2);
      const feed = xs.length === 1 ? xs[0] : xs;
      const onCpu = (model.predict(feed) as import('@tensorflow/tfjs').Tensor).dataSync().slice();
      expect((await loadTf({ backend: 'wasm' })).backend).toBe('wasm');
      const onWasm = (model.predict(feed) as import('@tensorflow/tfjs').Tensor).dataSync();
      const worst = Math.max(...Array.from(onCpu, (v, k) => Math.abs(v - onWasm[k])));
      expect(worst, file).toBeLessThan(1e-4);
    }
    await loadTf({ backend: 'cpu' });
  });

  it('refuses a model with errors', () => {
    const analysis = analyzeSource('layerspec: 1\nname: bad\ninput: { shape: [4] }\nlayers:\n  - { type: Dense, units: 0 }\n', 'bad.yaml');
    expect(() => buildModel(tf, analysis)).toThrow(BuildError);
    expect(() => buildModel(tf, analysis)).toThrow(/bad\.yaml has 1 error/);
  });

  it('names a layer whose type has no tfjs side (neither build nor call)', () => {
    const { build: _build, call: _call, ...shapeOnly } = BUILTIN_LAYERS.find((d) => d.type === 'Scale')!;
    const registry = new Registry([...BUILTIN_LAYERS.filter((d) => d.type !== 'Scale'), shapeOnly]);
    const analysis = analyzeSource(readFileSync(join(root, 'models', 'scale.yaml'), 'utf8'), 'models/scale.yaml', registry);
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(() => buildModel(tf, analysis, registry)).toThrow(/layer '\w+' \(Scale\) cannot run yet in this version/);
  });
});

describe('loadTf', () => {
  it('loads cpu and wasm, and auto falls back to wasm without tfjs-node', async () => {
    const cpu = await loadTf({ backend: 'cpu' });
    expect(cpu.backend).toBe('cpu');
    expect(cpu.tf.getBackend()).toBe('cpu');
    const auto = await loadTf({ backend: 'auto' });
    expect(['tensorflow', 'wasm']).toContain(auto.backend);
    expect(auto.tf.getBackend()).toBe(auto.backend);
    if (auto.backend === 'wasm') expect(auto.skipped[0]).toMatch(/@tensorflow\/tfjs-node is not available/);
    const wasm = await loadTf({ backend: 'wasm' });
    expect(wasm.tf.getBackend()).toBe('wasm');
    await loadTf({ backend: 'cpu' });
  });

  it('throws a clear error when an explicit backend cannot run', async () => {
    const available = await import('@tensorflow/tfjs-node' as string).then(() => true, () => false);
    if (available) return;
    await expect(loadTf({ backend: 'tensorflow' })).rejects.toThrow(/backend 'tensorflow' cannot run: @tensorflow\/tfjs-node is not available/);
    await loadTf({ backend: 'cpu' });
  });
});
