/**
 * The generic tfjs layer of LayerDefs with `call` (src/runtime/defined-layer.ts), on the cpu
 * backend and on wasm: Scale, KernelDot and LocallyConnected2D against NumPy references
 * (scripts/custom_layer_fixtures.py), weight names, gradients to every weight, regularizers and
 * constraints, save/reload through tfjs's own serialization, and hostile saved configs.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnyLayerDef, BuildContext, TfModule } from '../../src/layers/define.js';
import { builtinRegistry } from '../../src/layers/index.js';
import { Registry } from '../../src/layers/registry.js';
import { builderFor } from '../../src/runtime/build-model.js';
import { defineSpecLayer, literalValues, type SpecLayer, type SpecLayerClass } from '../../src/runtime/defined-layer.js';
import { toHex } from '../../src/runtime/hex-config.js';
import type { Shape } from '../../src/shape/shape.js';
import { z } from '../../src/zod-configured.js';
import { readNpy } from '../support/npy.js';
import { loadTf, roundTrip, useBackend } from '../support/tf.js';

// The type the runtime passes layers (`import type * as`, which includes the CommonJS `default`).
type Tf = TfModule;

type SymbolicTensor = import('@tensorflow/tfjs').SymbolicTensor;
type Tensor = import('@tensorflow/tfjs').Tensor;

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const FIXTURES = join(root, 'test', 'fixtures', 'custom');
const registry = builtinRegistry();

interface FixtureCase {
  name: string;
  type: string;
  params: Record<string, unknown>;
  input: string;
  weights: [string, string][];
  output: string;
}
const manifest = JSON.parse(readFileSync(join(FIXTURES, 'manifest.json'), 'utf8')) as FixtureCase[];

function parse(def: AnyLayerDef, params: Record<string, unknown>): Record<string, unknown> {
  return def.params.parse(params) as Record<string, unknown>;
}

/** A one-layer model built the way buildModel builds a layer (builderFor + the static shapes). */
function oneLayerModel(tf: Tf, type: string, params: Record<string, unknown>, inputShape: Shape, opts: { name?: string; trainable?: boolean } = {}) {
  const def = registry.get(type)!;
  const parsed = parse(def, params);
  const ctx: BuildContext = {
    name: opts.name ?? 'layer',
    inputShapes: [inputShape],
    outputShape: def.inferShape([inputShape], parsed, { nested: () => { throw new Error('unused'); } }),
    inputNames: ['x'],
    trainable: opts.trainable ?? true,
    buildNested: () => { throw new Error('unused'); },
  };
  const layer = builderFor(def)!(tf, parsed, ctx) as SpecLayer;
  const input = tf.input({ shape: inputShape.slice(1) as number[] });
  const output = layer.apply(input) as SymbolicTensor;
  return { model: tf.model({ inputs: input, outputs: output }), layer, output };
}

function tensorOf(tf: Tf, file: string): Tensor {
  const a = readNpy(join(FIXTURES, file));
  return tf.tensor(a.data as Float32Array, a.shape, 'float32');
}

/** Largest |a - b| / max(1, |b|): absolute for small values, relative for large ones. */
function worstError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  return worst;
}

describe('the custom layer modules', () => {
  it('import only the types of tfjs, so `check` never loads it', () => {
    for (const file of ['src/runtime/defined-layer.ts', 'src/layers/scale.ts', 'src/layers/kernel-dot.ts', 'src/layers/locally-connected2d.ts', 'src/layers/common/apply-activation.ts']) {
      const text = readFileSync(join(root, file), 'utf8');
      const tfImports = [...text.matchAll(/^import (.*) from '@tensorflow\/[^']+';$/gm)].map((m) => m[1]);
      expect(tfImports.every((what) => what.startsWith('type ')), file).toBe(true);
      expect(text, file).not.toMatch(/import\(\s*'@tensorflow/);
    }
  });

  it('builds the layers with call() through the generic class, the others through their build()', () => {
    expect(builderFor(registry.get('Scale')!)).toBeDefined();
    expect(builderFor(registry.get('LocallyConnected2D')!)).toBeDefined();
    expect(builderFor(registry.get('Dense')!)).toBe(registry.get('Dense')!.build);
  });

  it('checks literal initial values against the weight shape', () => {
    expect(literalValues([[1, 2], [3, 4]], [2, 2], 'l/w')).toEqual([1, 2, 3, 4]);
    expect(() => literalValues([1, 2, 3], [2], 'scale/gamma')).toThrow(/scale\/gamma must be shaped \[2\]; the list has 3 entries on axis 0/);
    expect(() => literalValues([[1], [2, 3]], [2, 2], 'l/w')).toThrow(/\[0\] has 1 entries on axis 1/);
    expect(() => literalValues([1, 'a'], [2], 'l/w')).toThrow(/l\/w\[1\] is not a finite number/);
  });
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`the generic custom layer on tfjs (${backend})`, () => {
    let tf: Tf;
    let SpecLayerCls: SpecLayerClass;
    let available = false;
    beforeAll(async () => {
      const loaded = await loadTf();
      tf = loaded as unknown as Tf;
      available = await useBackend(loaded, backend);
      SpecLayerCls = defineSpecLayer(tf);
    });

    it('is one class per tfjs instance, registered under its own name', (ctx) => {
      if (!available) return ctx.skip();
      expect(tf.getBackend()).toBe(backend);
      expect(defineSpecLayer(tf)).toBe(SpecLayerCls);
      expect(SpecLayerCls.className).toBe('LayerspecLayer');
    });

    for (const c of manifest) {
      it(`matches NumPy: ${c.name} (${c.type} ${JSON.stringify(c.params)})`, (ctx) => {
        if (!available) return ctx.skip();
        const x = tensorOf(tf, c.input);
        // tfjs makes weight names unique per process: a fresh layer name per backend.
        const name = `${c.name}_${backend}`;
        const { model } = oneLayerModel(tf, c.type, c.params, [null, ...x.shape.slice(1)], { name });
        if (c.weights.length > 0) {
          expect(model.weights.map((w) => w.name)).toEqual(c.weights.map(([weight]) => `${name}/${weight}`));
          const values = c.weights.map(([, file]) => tensorOf(tf, file));
          model.setWeights(values);
          tf.dispose(values);
        }
        const y = model.predict(x) as Tensor;
        const expected = readNpy(join(FIXTURES, c.output));
        expect(y.shape).toEqual(expected.shape);
        expect(worstError(y.dataSync() as Float32Array, expected.data as Float32Array)).toBeLessThan(1e-5);
        tf.dispose([x, y]);
        model.dispose();
      });
    }

    it('names the weights <layer>/<Keras name>', (ctx) => {
      if (!available) return ctx.skip();
      const scale = oneLayerModel(tf, 'Scale', {}, [null, 4], { name: `scale_${backend}` });
      expect(scale.layer.weights.map((w) => w.name)).toEqual([`scale_${backend}/gamma`, `scale_${backend}/beta`]);
      const lc = oneLayerModel(tf, 'LocallyConnected2D', { filters: 2, kernel_size: 2 }, [null, 3, 3, 1], { name: `lc_${backend}` });
      expect(lc.layer.weights.map((w) => [w.name, w.shape])).toEqual([[`lc_${backend}/kernel`, [4, 4, 2]], [`lc_${backend}/bias`, [2, 2, 2]]]);
      expect(Object.keys(lc.layer.specWeights)).toEqual(['kernel', 'bias']);
      scale.model.dispose();
      lc.model.dispose();
    });

    it('uses the Keras initializers (gamma ones, beta zeros) and literal initial values', (ctx) => {
      if (!available) return ctx.skip();
      const defaults = oneLayerModel(tf, 'Scale', { beta_init: { type: 'constant', value: 0.5 } }, [null, 3]);
      expect(defaults.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual([[1, 1, 1], [0.5, 0.5, 0.5]]);
      const literal = oneLayerModel(tf, 'Scale', { weights: [[1, 2, 3], [4, 5, 6]] }, [null, 3]);
      expect(literal.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual([[1, 2, 3], [4, 5, 6]]);
      defaults.model.dispose();
      literal.model.dispose();
    });

    it('trains: one fit step changes every weight, every LocallyConnected2D position included', async (ctx) => {
      if (!available) return ctx.skip();
      const input = tf.input({ shape: [6, 5, 2] });
      const build = (type: string, params: Record<string, unknown>, name: string, inputShape: Shape) =>
        builderFor(registry.get(type)!)!(tf, parse(registry.get(type)!, params), {
          name, inputShapes: [inputShape], outputShape: [], inputNames: ['x'], trainable: true, buildNested: () => { throw new Error('unused'); },
        });
      const lc = build('LocallyConnected2D', { filters: 3, kernel_size: [3, 2], strides: [2, 1], padding: 'same' }, 'lc', [null, 6, 5, 2]);
      const scale = build('Scale', { axis: -1 }, 'scale', [null, 3, 5, 3]);
      const dot = build('KernelDot', { output_dim: 2 }, 'dot', [null, 3, 5, 3]);
      const output = dot.apply(scale.apply(lc.apply(input))) as SymbolicTensor;
      const model = tf.model({ inputs: input, outputs: output });
      model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
      const before = model.getWeights().map((w) => w.arraySync());
      const x = tf.randomUniform([4, 6, 5, 2], -1, 1);
      const y = tf.randomUniform([4, 3, 5, 2], -1, 1);
      await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
      const after = model.getWeights();
      expect(after.map((w) => w.shape)).toEqual([[15, 12, 3], [3, 5, 3], [3], [3], [3, 2]]);
      after.forEach((w, i) => expect(w.arraySync(), model.weights[i].name).not.toEqual(before[i]));
      // Every position has its own kernel, and every one of them learns.
      const kernelChange = tf.sum(tf.abs(tf.sub(after[0], tf.tensor(before[0] as number[][][]))), [1, 2]).arraySync() as number[];
      expect(kernelChange.every((d) => d > 0)).toBe(true);
      tf.dispose([x, y]);
      model.dispose();
    });

    it('gives LocallyConnected2D the gradients of the obvious per-position computation', (ctx) => {
      if (!available) return ctx.skip();
      const def = registry.get('LocallyConnected2D')!;
      for (const raw of [
        { filters: 3, kernel_size: [3, 2], strides: [2, 1], padding: 'same', data_format: 'channels_last' },
        { filters: 2, kernel_size: [2, 3], strides: [1, 2], padding: 'valid', data_format: 'channels_first' },
      ]) {
        const p = parse(def, raw) as { kernel_size: number[]; strides: number[]; padding: string; data_format: string; filters: number };
        const first = p.data_format === 'channels_first';
        const shape = first ? [2, 3, 5, 6] : [2, 5, 6, 3];
        const weights = def.weights!([[null, ...shape.slice(1)]], p, { nested: () => { throw new Error('unused'); } });
        const x = tf.randomUniform(shape, -1, 1);
        const kernel = tf.randomUniform(weights[0].shape, -1, 1);
        const bias = tf.randomUniform(weights[1].shape, -1, 1);
        const [oh, ow] = weights[1].shape;
        // Keras 2's loop on the Conv2D-'same'-padded input, in the input's own layout.
        const obvious = (xs: Tensor, k: Tensor, b: Tensor): Tensor => {
          const [kh, kw] = p.kernel_size;
          const [sh, sw] = p.strides;
          const [rows, cols] = first ? shape.slice(2) : shape.slice(1, 3);
          const padRows = p.padding === 'same' ? Math.max((oh - 1) * sh + kh - rows, 0) : 0;
          const padCols = p.padding === 'same' ? Math.max((ow - 1) * sw + kw - cols, 0) : 0;
          const spatial: [number, number][] = [[Math.floor(padRows / 2), padRows - Math.floor(padRows / 2)], [Math.floor(padCols / 2), padCols - Math.floor(padCols / 2)]];
          const padded = tf.pad(xs, first ? [[0, 0], [0, 0], ...spatial] : [[0, 0], ...spatial, [0, 0]]);
          const outs: Tensor[] = [];
          for (let i = 0; i < oh; i++) {
            for (let j = 0; j < ow; j++) {
              const patch = first
                ? tf.slice(padded, [0, 0, i * sh, j * sw], [-1, -1, kh, kw])
                : tf.slice(padded, [0, i * sh, j * sw, 0], [-1, kh, kw, -1]);
              const kernelHere = tf.reshape(tf.slice(k, [i * ow + j, 0, 0], [1, -1, -1]), k.shape.slice(1));
              outs.push(tf.matMul(tf.reshape(patch, [shape[0], -1]), kernelHere));
            }
          }
          const out = tf.reshape(tf.stack(outs, 1), [shape[0], oh, ow, p.filters]);
          return first
            ? tf.add(tf.transpose(out, [0, 3, 1, 2]), tf.reshape(b, [1, p.filters, oh, ow]))
            : tf.add(out, tf.reshape(b, [1, oh, ow, p.filters]));
        };
        const ours = (xs: Tensor, k: Tensor, b: Tensor) => def.call!(tf, [xs], { kernel: k, bias: b }, p);
        const mix = tf.randomUniform((ours(x, kernel, bias)).shape, -1, 1);
        const gradsOf = (f: typeof ours) => tf.grads((xs, k, b) => tf.sum(tf.mul(f(xs, k, b), mix)))([x, kernel, bias]);
        const expected = gradsOf(obvious);
        const actual = gradsOf(ours);
        actual.forEach((g, i) => {
          expect(g.shape).toEqual(expected[i].shape);
          expect(worstError(g.dataSync() as Float32Array, expected[i].dataSync() as Float32Array), ['x', 'kernel', 'bias'][i]).toBeLessThan(1e-5);
        });
        tf.dispose([x, kernel, bias, mix, ...expected, ...actual]);
      }
    });

    it('keeps the weights of a layer with trainable: false', async (ctx) => {
      if (!available) return ctx.skip();
      const ctxOf = (name: string, trainable: boolean, inputShape: Shape): BuildContext => ({
        name, inputShapes: [inputShape], outputShape: [], inputNames: ['x'], trainable, buildNested: () => { throw new Error('unused'); },
      });
      const frozen = builderFor(registry.get('KernelDot')!)!(tf, parse(registry.get('KernelDot')!, { output_dim: 2 }), ctxOf(`frozen_${backend}`, false, [null, 3]));
      const scale = builderFor(registry.get('Scale')!)!(tf, parse(registry.get('Scale')!, {}), ctxOf(`after_frozen_${backend}`, true, [null, 2]));
      const input = tf.input({ shape: [3] });
      const model = tf.model({ inputs: input, outputs: scale.apply(frozen.apply(input)) as SymbolicTensor });
      expect(frozen.trainableWeights).toEqual([]);
      expect(frozen.nonTrainableWeights.map((w) => w.name)).toEqual([`frozen_${backend}/kernel`]);
      const values = () => Object.fromEntries(model.weights.map((w) => [w.name, w.read().arraySync()]));
      const before = values();
      model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
      const x = tf.randomUniform([4, 3]);
      const y = tf.randomUniform([4, 2]);
      await model.fit(x, y, { epochs: 1, verbose: 0 });
      const after = values();
      expect(after[`frozen_${backend}/kernel`]).toEqual(before[`frozen_${backend}/kernel`]);
      expect(after[`after_frozen_${backend}/gamma`]).not.toEqual(before[`after_frozen_${backend}/gamma`]);
      tf.dispose([x, y]);
      model.dispose();
    });

    it('adds the regularizers to the losses and attaches the constraints', (ctx) => {
      if (!available) return ctx.skip();
      const { model, layer } = oneLayerModel(tf, 'LocallyConnected2D', {
        filters: 2, kernel_size: 2, kernel_regularizer: { l2: 0.5 }, bias_regularizer: 'l1', bias_constraint: 'non_neg',
        bias_initializer: { type: 'constant', value: 0.01 },
      }, [null, 3, 3, 1]);
      const [kernel, bias] = model.getWeights();
      const losses = layer.losses.map((loss) => (loss() as Tensor).dataSync()[0]);
      const expected = [0.5 * tf.sum(tf.square(kernel)).dataSync()[0], 0.01 * tf.sum(tf.abs(bias)).dataSync()[0]];
      expect(losses[0]).toBeCloseTo(expected[0], 5);
      expect(losses[1]).toBeCloseTo(expected[1], 6);
      // tfjs projects a weight through its constraint when it is written (setWeights, load); its
      // optimizers do not (so `fit` alone does not apply it, for tfjs's own layers neither).
      model.setWeights([kernel, tf.tensor([-1, 2, -3, 4, 5, -6, 7, -8], [2, 2, 2])]);
      expect(Array.from(model.getWeights()[1].dataSync())).toEqual([0, 2, 0, 4, 5, 0, 7, 0]);
      model.dispose();
    });

    it('refuses activity_regularizer: in the schema, and in the layer if params bypass it', (ctx) => {
      if (!available) return ctx.skip();
      const def = registry.get('LocallyConnected2D')!;
      expect(def.params.safeParse({ filters: 2, kernel_size: 2, activity_regularizer: 'l2' }).success).toBe(false);
      const params = { ...parse(def, { filters: 2, kernel_size: 2 }), activity_regularizer: 'l2' };
      const shape: Shape = [null, 3, 3, 1];
      const ctx2: BuildContext = {
        name: 'lc', inputShapes: [shape], outputShape: [null, 2, 2, 2], inputNames: ['x'], trainable: true,
        buildNested: () => { throw new Error('unused'); },
      };
      expect(() => (builderFor(def)!(tf, params, ctx2) as SpecLayer).apply(tf.input({ shape: [3, 3, 1] }))).toThrow(/activity_regularizer is not supported/);
    });

    for (const [title, type, params, shape] of [
      ['LocallyConnected2D channels_first, same, strides', 'LocallyConnected2D',
        { filters: 3, kernel_size: [2, 3], strides: [2, 1], padding: 'same', data_format: 'channels_first', activation: 'tanh', kernel_constraint: 'non_neg' }, [null, 2, 5, 4]],
      ['Scale with initial values (strings of the params survive snake_casing)', 'Scale', { axis: 1, weights: [[1, 2], [3, 4]], gamma_init: 'glorot_uniform' }, [null, 2, 3]],
    ] as [string, string, Record<string, unknown>, Shape][]) {
      it(`saves and reloads with identical outputs: ${title}`, async (ctx) => {
        if (!available) return ctx.skip();
        const { model, layer } = oneLayerModel(tf, type, params, shape, { name: 'custom_one' });
        // tfjs applies constraints when weights are written (load included): apply them before comparing.
        const fresh = model.getWeights().map((w) => w.clone());
        model.setWeights(fresh);
        tf.dispose(fresh);
        const x = tf.randomUniform([2, ...shape.slice(1)] as number[], -1, 1);
        const before = (model.predict(x) as Tensor).arraySync();
        const { json, reloaded } = await roundTrip(tf, model);
        expect(json).toContain('"class_name":"LayerspecLayer"');
        expect(json).not.toContain('channels_first');
        const restored = reloaded.getLayer('custom_one') as SpecLayer;
        expect(restored).toBeInstanceOf(SpecLayerCls);
        expect(restored.def).toBe(registry.get(type));
        expect(restored.params).toEqual(layer.params);
        // Keras names; tfjs numbers the reloaded variables (`custom_one/kernel_1`), its names being unique per process.
        const kerasName = (name: string) => name.replace(/_\d+$/, '');
        expect(restored.weights.map((w) => kerasName(w.name))).toEqual(layer.weights.map((w) => kerasName(w.name)));
        expect((reloaded.predict(x) as Tensor).arraySync()).toEqual(before);
        tf.dispose(x);
        model.dispose();
        reloaded.dispose();
      });
    }

    it('restores a plugin type from the registry it was given', async (ctx) => {
      if (!available) return ctx.skip();
      const myLayer: AnyLayerDef = {
        type: 'TestOnlyTimesKernel',
        category: 'custom',
        description: 'x times a kernel, elementwise (a test plugin).',
        params: z.strictObject({ start: z.number().describe('Initial kernel value.') }),
        inferShape: ([x]) => [...x],
        weights: ([x], p) => [{ name: 'kernel', shape: [x[1] as number], trainable: true, initializer: { type: 'constant', value: p.start } }],
        call: (tfm, [x], w) => tfm.mul(x, w.kernel),
      };
      const plugins = new Registry([...builtinRegistry().defs, myLayer]);
      expect(defineSpecLayer(tf, plugins)).toBe(SpecLayerCls);
      const input = tf.input({ shape: [3] });
      const layer = new SpecLayerCls({ name: 'mine', def: myLayer, params: { start: 2 } });
      const model = tf.model({ inputs: input, outputs: layer.apply(input) as SymbolicTensor });
      const { reloaded } = await roundTrip(tf, model);
      const x = tf.tensor([[1, 2, 3]]);
      expect((reloaded.predict(x) as Tensor).arraySync()).toEqual([[2, 4, 6]]);
      tf.dispose(x);
      model.dispose();
      reloaded.dispose();
    });

    describe('a hostile saved config', () => {
      const restore = (spec: unknown) => () =>
        (SpecLayerCls as unknown as { fromConfig(cls: unknown, config: unknown): unknown }).fromConfig(SpecLayerCls, { name: 'evil', trainable: true, spec });
      const hex = (value: unknown) => toHex(JSON.stringify(value));

      it('is refused with a clear message', (ctx) => {
        if (!available) return ctx.skip();
        expect(restore(undefined)).toThrow(/custom layer 'evil' in the saved model cannot be restored: 'spec' is not a lowercase hex string/);
        expect(restore('ABCD')).toThrow(/not a lowercase hex string/);
        expect(restore('abc')).toThrow(/not a lowercase hex string/);
        expect(restore('ff00')).toThrow(/not hex-encoded UTF-8 JSON/);
        expect(restore(toHex('{"type":'))).toThrow(/not hex-encoded UTF-8 JSON/);
        expect(restore(hex([1, 2]))).toThrow(/holds no layer type/);
        expect(restore(hex({ type: 'NoSuchLayer', params: {} }))).toThrow(/unknown layer type 'NoSuchLayer' \(a plugin layer needs its --plugin\)/);
        expect(restore(hex({ type: 'Dense', params: { units: 2 } }))).toThrow(/unknown layer type 'Dense'/);
        expect(restore(hex({ type: 'LocallyConnected2D', params: { filters: -1, kernel_size: 3 } }))).toThrow(/invalid LocallyConnected2D parameters: filters: /);
        expect(restore(hex({ type: 'Scale', params: { axis: 1, code: 'process.exit()' } }))).toThrow(/invalid Scale parameters: .*code/);
      });

      it('is refused when tfjs loads the model', async (ctx) => {
        if (!available) return ctx.skip();
        const { model } = oneLayerModel(tf, 'Scale', {}, [null, 2], { name: 'victim' });
        let saved: import('@tensorflow/tfjs').io.ModelArtifacts | undefined;
        await model.save(tf.io.withSaveHandler(async (artifacts) => {
          saved = artifacts;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }));
        const json = JSON.stringify(saved!.modelTopology).replace(/"spec":"[0-9a-f]+"/, `"spec":"${hex({ type: 'Scale', params: { axis: 'rm -rf' } })}"`);
        await expect(tf.loadLayersModel(tf.io.fromMemory({ modelTopology: JSON.parse(json), weightSpecs: saved!.weightSpecs, weightData: saved!.weightData })))
          .rejects.toThrow(/custom layer 'victim' in the saved model cannot be restored: invalid Scale parameters: axis/);
        model.dispose();
      });
    });
  });
}
