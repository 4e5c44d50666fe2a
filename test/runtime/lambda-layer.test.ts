/**
 * The tfjs Lambda layer (src/runtime/lambda-layer.ts), on the cpu backend and on wasm: its
 * symbolic shapes are the static ones, it predicts the tutorial's slice, it trains, and a
 * save/reload through tfjs's own (snake_casing) serialization gives back the expression, the
 * arguments and the predictions unchanged.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import lambdaDef from '../../src/layers/lambda.js';
import { toHex } from '../../src/runtime/hex-config.js';
import { defineLambdaLayer, type LambdaLayer, type LambdaLayerArgs, type LambdaLayerClass } from '../../src/runtime/lambda-layer.js';

import { loadTf, roundTrip, useBackend, type Tf } from '../support/tf.js';
type LayersModel = import('@tensorflow/tfjs').LayersModel;
type SymbolicTensor = import('@tensorflow/tfjs').SymbolicTensor;

const here = dirname(fileURLToPath(import.meta.url));
const TUTORIAL_INPUT = [[[1, 2], [2, 3], [3, 4], [4, 5]]];

/** What `check` infers for the Lambda (batch dimension first, `null`). */
function staticShape(args: LambdaLayerArgs, inputs: (number | null)[][]) {
  const params = { expr: args.expr, arguments: { ...(args.arguments ?? {}) }, output_shape: args.outputShape && [...args.outputShape] };
  return lambdaDef.inferShape(inputs, params, { nested: () => { throw new Error('unused'); }, inputNames: args.inputNames });
}

describe('the Lambda layer module', () => {
  it('imports only the types of tfjs, so `check` never loads it', () => {
    const text = readFileSync(join(here, '..', '..', 'src', 'runtime', 'lambda-layer.ts'), 'utf8');
    const tfImports = [...text.matchAll(/^import (.*) from '@tensorflow\/[^']+';$/gm)].map((m) => m[1]);
    expect(tfImports.length).toBeGreaterThan(0);
    expect(tfImports.every((what) => what.startsWith('type '))).toBe(true);
    expect(text).not.toMatch(/import\(\s*'@tensorflow/);
  });
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`the Lambda layer on tfjs (${backend})`, () => {
    let tf: Tf;
    let Lambda: LambdaLayerClass;
    let available = false;
    beforeAll(async () => {
      tf = await loadTf();
      available = await useBackend(tf, backend);
      Lambda = defineLambdaLayer(tf);
    });

    /** One-Lambda functional model over inputs of shape [4, 2] with the given names. */
    function lambdaModel(args: LambdaLayerArgs, inputShape: number[] = [4, 2]) {
      const inputs = args.inputNames.map((name) => tf.input({ shape: inputShape, name }));
      const layer = new Lambda({ name: 'the_lambda', ...args });
      const output = layer.apply(inputs.length === 1 ? inputs[0] : inputs) as SymbolicTensor;
      return { model: tf.model({ inputs, outputs: output }), output, layer };
    }

    const reloadedLambda = (model: LayersModel, name = 'the_lambda') => model.getLayer(name) as LambdaLayer;

    it('registers one class per tfjs instance, under its own name', (ctx) => {
      if (!available) return ctx.skip();
      expect(tf.getBackend()).toBe(backend);
      expect(defineLambdaLayer(tf)).toBe(Lambda);
      expect(Lambda.className).toBe('LayerspecLambda');
    });

    it('slices like the tutorial: x[:, :, index:index+1] with index 0', async (ctx) => {
      if (!available) return ctx.skip();
      const args = { expr: 'x[:, :, index:index+1]', arguments: { index: 0 }, inputNames: ['a'] };
      const { model, output } = lambdaModel(args);
      expect(output.shape).toEqual([null, 4, 1]);
      expect(output.shape).toEqual(staticShape(args, [[null, 4, 2]]));

      const x = tf.tensor3d(TUTORIAL_INPUT);
      const before = tf.memory().numTensors;
      const y = model.predict(x) as import('@tensorflow/tfjs').Tensor;
      expect(y.arraySync()).toEqual([[[1], [2], [3], [4]]]);
      y.dispose();
      expect(tf.memory().numTensors, 'predict leaks nothing').toBe(before);

      const { json, reloaded } = await roundTrip(tf, model);
      const layer = reloadedLambda(reloaded);
      expect(layer).toBeInstanceOf(Lambda);
      expect(layer.expr).toBe(args.expr);
      expect(layer.arguments).toEqual(args.arguments);
      expect(layer.inputNames).toEqual(['a']);
      expect(json).toContain(toHex(args.expr).slice(0, 40));
      const again = reloaded.predict(x) as import('@tensorflow/tfjs').Tensor;
      expect(again.arraySync()).toEqual([[[1], [2], [3], [4]]]);
      tf.dispose([x, again]);
    });

    /**
     * Names tfjs would rewrite if they were stored as plain strings: camelCase (snake_cased on
     * save), snake_case (camelCased on load), capitals (lowercased), a leading underscore
     * (`private_`), and an argument key `my_index` (becomes `myIndex`).
     */
    const CASES: { title: string; args: LambdaLayerArgs; expected: number[][][]; corrupted: string[] }[] = [
      {
        title: 'camelCase names',
        args: { expr: 'myInput * scaleFactor', arguments: { scaleFactor: 2 }, inputNames: ['myInput'] },
        expected: [[[2, 4], [4, 6], [6, 8], [8, 10]]],
        corrupted: ['my_input', 'scale_factor'],
      },
      {
        title: 'snake_case, capitals and a leading underscore',
        args: {
          expr: 'my_input[:, :, my_index:my_index+1] * Scale + _offset',
          arguments: { my_index: 1, Scale: 10, _offset: [0.5] },
          inputNames: ['my_input'],
          outputShape: [4, 1],
        },
        expected: [[[20.5], [30.5], [40.5], [50.5]]],
        corrupted: ['myInput', 'myIndex', 'scale', 'private', 'offset'],
      },
    ];

    for (const c of CASES) {
      it(`keeps ${c.title} byte-identical through save and reload`, async (ctx) => {
        if (!available) return ctx.skip();
        const { model, output } = lambdaModel(c.args);
        expect(output.shape).toEqual(staticShape(c.args, [[null, 4, 2]]));
        const x = tf.tensor3d(TUTORIAL_INPUT);
        const y = model.predict(x) as import('@tensorflow/tfjs').Tensor;
        expect(y.arraySync()).toEqual(c.expected);

        const { json, reloaded } = await roundTrip(tf, model);
        const layer = reloadedLambda(reloaded);
        expect(layer.expr).toBe(c.args.expr);
        expect(JSON.stringify(layer.arguments)).toBe(JSON.stringify(c.args.arguments));
        expect(layer.inputNames).toEqual(c.args.inputNames);
        expect(layer.declaredOutputShape).toEqual(c.args.outputShape);
        const again = reloaded.predict(x) as import('@tensorflow/tfjs').Tensor;
        expect(again.arraySync()).toEqual(y.arraySync());

        // The saved JSON holds the parameters only as hex: no readable (or rewritten) copy.
        const layerConfig = JSON.stringify((JSON.parse(json) as { config: { layers: { name: string; config: unknown }[] } })
          .config.layers.find((l) => l.name === 'the_lambda')!.config);
        expect(layerConfig).not.toContain('*');
        for (const text of [...c.corrupted, ...Object.keys(c.args.arguments ?? {})]) expect(layerConfig).not.toContain(text);
        tf.dispose([x, y, again]);
      });
    }

    it('takes several inputs: lambda a, b: a @ transpose(b, [0, 2, 1])', async (ctx) => {
      if (!available) return ctx.skip();
      const args = { expr: 'lambda a, b: a @ transpose(b, [0, 2, 1])', inputNames: ['left', 'right'] };
      const { model, output } = lambdaModel(args);
      expect(output.shape).toEqual([null, 4, 4]);
      expect(output.shape).toEqual(staticShape(args, [[null, 4, 2], [null, 4, 2]]));

      const a = tf.tensor3d(TUTORIAL_INPUT);
      const b = tf.tensor3d([[[1, 0], [0, 1], [1, 1], [2, -1]]]);
      const y = model.predict([a, b]) as import('@tensorflow/tfjs').Tensor;
      const expected = tf.matMul(a, b, false, true);
      expect(y.arraySync()).toEqual(expected.arraySync());

      const { reloaded } = await roundTrip(tf, model);
      expect(reloadedLambda(reloaded).expr).toBe(args.expr);
      const again = reloaded.predict([a, b]) as import('@tensorflow/tfjs').Tensor;
      expect(again.arraySync()).toEqual(y.arraySync());
      tf.dispose([a, b, y, expected, again]);
    });

    it('passes gradients: one fit step of Dense -> Lambda -> Dense changes the first Dense', async (ctx) => {
      if (!available) return ctx.skip();
      const input = tf.input({ shape: [3], name: 'features' });
      const first = tf.layers.dense({ units: 4, name: 'first', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) });
      const hidden = first.apply(input) as SymbolicTensor;
      const lambda = new Lambda({ name: 'square', expr: 'x ** 2 * scale', arguments: { scale: 0.5 }, inputNames: ['first'] });
      const squared = lambda.apply(hidden) as SymbolicTensor;
      const out = tf.layers.dense({ units: 1, name: 'last', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(squared) as SymbolicTensor;
      const model = tf.model({ inputs: input, outputs: out });
      model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });

      const x = tf.tensor2d([[1, 2, 3], [-1, 0.5, 2], [0, 1, -2], [3, -1, 1]]);
      const y = tf.tensor2d([[1], [0], [2], [-1]]);
      const kernelBefore = first.getWeights()[0].arraySync() as number[][];
      const history = await model.fit(x, y, { epochs: 1, batchSize: 4, shuffle: false, verbose: 0 });
      const loss = history.history.loss[0] as number;
      expect(Number.isFinite(loss)).toBe(true);
      const kernelAfter = first.getWeights()[0].arraySync() as number[][];
      expect(kernelAfter).not.toEqual(kernelBefore);
      expect(kernelAfter.flat().every(Number.isFinite)).toBe(true);
      tf.dispose([x, y]);
      model.optimizer.dispose();
    });

    it('reports a bad expression, an unknown name and a wrong input count clearly', (ctx) => {
      if (!available) return ctx.skip();
      expect(() => new Lambda({ name: 'bad', expr: 'x[:, ', inputNames: ['a'] })).toThrow(/Lambda layer 'bad' has an invalid expression/);
      expect(() => new Lambda({ name: 'bad2', expr: 'x * factor', inputNames: ['a'] })).toThrow(/Lambda layer 'bad2'.*factor/);
      const layer = new Lambda({ name: 'two', expr: 'lambda a, b: a + b', inputNames: ['a', 'b'] });
      const x = tf.ones([1, 2]);
      expect(() => layer.call(x, {})).toThrow(/takes 2 input\(s\).*got 1/);
      expect(() => layer.apply(tf.input({ shape: [3, 2] }))).toThrow(/Lambda layer 'two' takes 2 input\(s\) \(a, b\), got 1/);
      x.dispose();
    });

    it('checks output_shape like `check` does', (ctx) => {
      if (!available) return ctx.skip();
      const layer = new Lambda({ name: 'declared', expr: 'x[:, :, 0]', inputNames: ['a'], outputShape: [4, 1] });
      expect(() => layer.apply(tf.input({ shape: [4, 2] }))).toThrow(/Lambda layer 'declared' declares output_shape \[4, 1\]/);
    });

    it('refuses a saved config whose payload was rewritten or tampered with', async (ctx) => {
      if (!available) return ctx.skip();
      const { model } = lambdaModel({ expr: 'x * k', arguments: { k: 3 }, inputNames: ['a'] });
      let saved: import('@tensorflow/tfjs').io.ModelArtifacts | undefined;
      await model.save(tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }));
      const tamper = async (spec: unknown) => {
        const topology = JSON.parse(JSON.stringify(saved!.modelTopology));
        topology.config.layers.find((l: { name: string }) => l.name === 'the_lambda').config.spec = spec;
        return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: topology, weightSpecs: [], weightData: new ArrayBuffer(0) }));
      };
      await expect(tamper('x * k')).rejects.toThrow(/Lambda layer 'the_lambda' in the saved model cannot be restored: 'spec' is not a lowercase hex string/);
      await expect(tamper(toHex('{"expr": 1}'))).rejects.toThrow(/cannot be restored: expr/);
      await expect(tamper(toHex(JSON.stringify({ expr: 'x * k', arguments: {}, input_names: ['a'] })))).rejects.toThrow(/Lambda layer 'the_lambda'.*\bk\b/);
    });
  });
}
