/**
 * Plugin layers in `check` (src/plugins/plugin-def.ts): what a plugin's inferShape throws becomes
 * the diagnostic at the layer, and what it returns is checked, so garbage is reported naming the
 * plugin instead of failing later. Weights are listed like a built-in's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyze.js';
import { builtinRegistry } from '../../src/layers/index.js';
import { loadPlugins } from '../../src/plugins/load-plugins.js';
import { summarize } from '../../src/summary/summary.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-plugin-def-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
/** A registry with the built-ins and one plugin layer `Probe` defined by these fields. */
async function registryWith(fields: string) {
  const file = `probe-${++counter}.mjs`;
  fs.writeFileSync(path.join(tmp, file), `export default ({ z }) => ({ layers: [{ type: 'Probe', description: 'a test layer', ${fields} }] });`);
  const registry = builtinRegistry();
  await loadPlugins([file], tmp, registry);
  return { registry, file };
}

const MODEL = 'layerspec: 1\ninput: { shape: [4] }\nlayers:\n  - { type: Dense, units: 3 }\n  - { type: Probe }\n';

async function diagnosticsOf(fields: string) {
  const { registry, file } = await registryWith(fields);
  return { file, diagnostics: analyzeSource(MODEL, 'm.yaml', registry).diagnostics };
}

describe('a plugin layer in check', () => {
  it('checks and summarises the example model with its weights', async () => {
    const registry = builtinRegistry();
    await loadPlugins(['models/plugins/my-layers.mjs'], ROOT, registry);
    const file = path.join(ROOT, 'models/plugins/my-layers.yaml');
    const analysis = analyzeSource(fs.readFileSync(file, 'utf8'), file, registry);
    expect(analysis.diagnostics).toEqual([]);
    const summary = summarize(analysis)!;
    expect(summary.layers.map((l) => [l.name, l.type, l.outputShape, l.params])).toEqual([
      ['project', 'MyLayer', [null, 8], 32],
      ['scale', 'MyScale', [null, 8], 16],
      ['head', 'Dense', [null, 2], 18],
    ]);
    expect(analysis.shapes!.layers.get('project')!.weights).toEqual([
      { name: 'kernel', shape: [4, 8], trainable: true, initializer: 'random_uniform', regularizer: null, constraint: null },
    ]);
  });

  it('reports the example MyScale\'s own errors: the batch axis, initial values of the wrong length', async () => {
    const registry = builtinRegistry();
    await loadPlugins(['models/plugins/my-layers.mjs'], ROOT, registry);
    const model = (scale: string) => `layerspec: 1\ninput: { shape: [3, 8] }\nlayers:\n  - ${scale}\n`;
    const batch = analyzeSource(model('{ type: MyScale, axis: 0 }'), 'm.yaml', registry).diagnostics;
    expect(batch.map((d) => [d.message, d.range?.line])).toEqual([
      ["Layer 'my_scale' (MyScale) from plugin models/plugins/my-layers.mjs: cannot scale along axis 0: its input has axes 1 to 2 (axis 0 is the batch)", 4],
    ]);
    const short = analyzeSource(model('{ type: MyScale, axis: 1, weights: [[1, 2], [0, 0]] }'), 'm.yaml', registry).diagnostics;
    expect(short.map((d) => d.message)).toEqual([
      "Layer 'my_scale' (MyScale) from plugin models/plugins/my-layers.mjs: weight 'gamma' has initial values that are not shaped [3]",
    ]);
    expect(analyzeSource(model('{ type: MyScale, axis: 1, weights: [[1, 2, 3], [0, 0, 0]] }'), 'm.yaml', registry).diagnostics).toEqual([]);
  });

  it('turns an Error thrown by inferShape into the diagnostic, at the layer', async () => {
    const { file, diagnostics } = await diagnosticsOf(`inferShape: ([x]) => { throw new Error('wants 5 features, got ' + x[1]); }, call: (tf, [x]) => x`);
    expect(diagnostics).toMatchObject([{
      code: 'shape/incompatible',
      severity: 'error',
      message: `Layer 'probe' (Probe) from plugin ${file}: wants 5 features, got 3`,
      hint: "thrown by Probe's inferShape for input (None, 3)",
      range: { line: 5, column: 13 }, // the list form points at the layer's type
      layer: 'probe',
    }]);
  });

  it('takes the hint of a thrown error when it has one', async () => {
    const { diagnostics } = await diagnosticsOf(`inferShape: () => { throw Object.assign(new Error('no'), { hint: 'add a Flatten first' }); }, call: (tf, [x]) => x`);
    expect(diagnostics[0].hint).toBe('add a Flatten first');
  });

  it('reports a shape that is not one, naming the plugin', async () => {
    const cases: [string, RegExp][] = [
      ['[3]', /inferShape returned \[3\], which does not start with null \(the batch dimension\)/],
      ['"3"', /inferShape returned "3", which is not a shape/],
      ['[null, -1]', /inferShape returned \[null,-1\], whose entry 1 is not a whole number >= 0 or null/],
      ['[null, 2.5]', /entry 1 is not a whole number/],
      ['undefined', /inferShape returned undefined, which is not a shape/],
    ];
    for (const [value, message] of cases) {
      const { file, diagnostics } = await diagnosticsOf(`inferShape: () => ${value}, call: (tf, [x]) => x`);
      expect(diagnostics, value).toHaveLength(1);
      expect(diagnostics[0].message, value).toContain(`(Probe) from plugin ${file}: `);
      expect(diagnostics[0].message, value).toMatch(message);
      expect(diagnostics[0].range?.line).toBe(5);
    }
  });

  it('reports weights that are not a weight list or use unknown Keras names', async () => {
    const cases: [string, RegExp][] = [
      ['{}', /weights returned an object, not a list/],
      ["[{ name: 'k', shape: [3, 2], initializer: 'unifrom' }]", /weight 'k' has initializer "unifrom", which is not a Keras initializer/],
      ["[{ name: 'k', shape: [3, 2], regularizer: 'l3' }]", /weight 'k' has regularizer "l3", which is not a Keras regularizer/],
      ["[{ name: 'k', shape: [3, 2], constraint: 'positive' }]", /weight 'k' has constraint "positive", which is not a Keras constraint/],
      ["[{ name: 'k', shape: [3, 2], initializer: [1, 2] }]", /weight 'k' has initial values that are not shaped \[3, 2\]/],
      ["[{ name: 'k', shape: [3, 2], trainable: 'yes' }]", /trainable "yes", not true or false/],
      ["[{ name: 'k', shape: [3, 2], init: 'ones' }]", /weight 0 has unknown key init/],
      ["[{ name: 'a b', shape: [3] }]", /weight 0 has name "a b"/],
      ["[{ name: 'k', shape: [3] }, { name: 'k', shape: [3] }]", /two weights are named 'k'/],
      ["[{ name: 'k', shape: [3, -2] }]", /weight 'k' has shape \[3,-2\], not a list of whole numbers >= 0/],
    ];
    for (const [value, message] of cases) {
      const { file, diagnostics } = await diagnosticsOf(`inferShape: ([x]) => x, weights: () => (${value}), call: (tf, [x]) => x`);
      expect(diagnostics, value).toHaveLength(1);
      expect(diagnostics[0].message, value).toContain(`from plugin ${file}: `);
      expect(diagnostics[0].message, value).toMatch(message);
    }
  });

  it('needs every weight size known, and fills Keras defaults for the rest', async () => {
    const unknown = await diagnosticsOf(`inferShape: ([x]) => x, weights: () => [{ name: 'k', shape: [null, 2] }], call: (tf, [x]) => x`);
    expect(unknown.diagnostics[0]).toMatchObject({ code: 'shape/unknown-dim', message: expect.stringMatching(/weight 'k' to be known, but it would be \(None, 2\)/) });
    const { registry } = await registryWith(`inferShape: ([x]) => x, weights: ([x]) => [{ name: 'w', shape: [x[1]], trainable: false, regularizer: 'l2', initializer: [[1, 2, 3]][0] }], call: (tf, [x]) => x`);
    const analysis = analyzeSource(MODEL, 'm.yaml', registry);
    expect(analysis.shapes!.layers.get('probe')!.weights).toEqual([
      { name: 'w', shape: [3], trainable: false, initializer: [1, 2, 3], regularizer: 'l2', constraint: null },
    ]);
  });

  it('validates YAML parameters with the plugin\'s zod object, strictly, at the key', async () => {
    const { registry } = await registryWith(`params: z.object({ units: z.int().positive() }), inferShape: ([x], p) => [null, p.units], call: (tf, [x]) => x`);
    const source = 'layerspec: 1\ninput: { shape: [4] }\nlayers:\n  - { type: Probe, units: 0, unit: 2 }\n';
    const diagnostics = analyzeSource(source, 'm.yaml', registry).diagnostics;
    expect(diagnostics.map((d) => [d.code, d.range?.line])).toEqual([['schema/out-of-range', 4], ['schema/unknown-key', 4]]);
  });
});

describe('a model file', () => {
  it('has no way to load a plugin: an unknown type hints at --plugin', () => {
    const source = 'layerspec: 1\nplugin: ./evil.mjs\ninput: { shape: [4] }\nlayers:\n  - { type: MyLayer, output_dim: 2, plugin: ./evil.mjs }\n';
    const diagnostics = analyzeSource(source, 'm.yaml').diagnostics;
    expect(diagnostics.map((d) => d.code)).toEqual(['schema/unknown-key', 'schema/unknown-layer-type']);
    expect(diagnostics[1].hint).toMatch(/--plugin FILE on the command line/);
  });
});
