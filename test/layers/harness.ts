/**
 * One harness for every layer type (like Keras's `run_layer_test`): the schema accepts the
 * documented examples and rejects bad parameters; the static shape rule, the weight shapes and the
 * parameter count equal the values known from Keras, and - where a case names the tfjs layer -
 * equal what TensorFlow.js itself builds for the same configuration.
 *
 * The runtime half, for every type with a tfjs side (`builderFor`: its `build`, or its `call` in the
 * generic custom layer of src/runtime/defined-layer.ts): each valid case is built the way
 * buildModel builds it, on the cpu backend, and must give the static output shape, parameter count
 * and weights (Keras names, compared with the last segment of tfjs's `layer/kernel` names); a
 * forward pass on random data runs; for a `call` layer, a gradient reaches every trainable weight;
 * and a save/reload round trip (test/support/tf.ts roundTrip) gives the same outputs.
 */
import { describe, expect, it } from 'vitest';
import type { AnyLayerDef, ShapeContext, TfModule, WeightSpec } from '../../src/layers/define.js';
import { weightSize } from '../../src/layers/define.js';
import { builtinRegistry } from '../../src/layers/index.js';
import { layerSchema } from '../../src/spec/schema.js';
import { ShapeError } from '../../src/shape/shape-error.js';
import type { Shape } from '../../src/shape/shape.js';
import { nestedLayerContext } from '../../src/shape/nested.js';
import { loadTf as loadBackend } from '../../src/runtime/backend.js';
import { builderFor, nestedBuilder } from '../../src/runtime/build-model.js';
import { roundTrip } from '../support/tf.js';

// The tfjs module type, without importing tfjs here (it is loaded on demand by cases that use it).
type Tf = TfModule;
type TfLayer = import('@tensorflow/tfjs').layers.Layer;

export interface ValidCase {
  title?: string;
  /** Parameters as written in YAML, without `type`. */
  params: Record<string, unknown>;
  /** Input shapes with the batch dimension as null. */
  inputs: Shape[];
  /** Expected output shape (from Keras's documentation or tfjs). */
  output: Shape;
  /** Expected total parameter count. */
  count?: number;
  /** Expected trainable parameter count when it differs from the total. */
  trainable?: number;
  /** Expected weights by name and shape, in creation order. */
  weights?: [string, number[]][];
  /** Builds the same layer in tfjs; the harness then compares shape and parameter count. */
  tfjs?: (tf: Tf) => TfLayer;
  /** Skips the runtime half (building the layer through its `build`), with the reason. */
  skipRuntime?: string;
  /** The runtime half expects `build` to refuse the case with this message (a tfjs limitation). */
  runtimeError?: RegExp;
}

export interface BadParamsCase {
  title?: string;
  params: Record<string, unknown>;
  /** The first issue's path, e.g. 'units'. */
  path?: string;
}

export interface BadShapeCase {
  title?: string;
  params: Record<string, unknown>;
  inputs: Shape[];
  /** Diagnostic code of the expected ShapeError. */
  code: string;
  /** A fragment of the message. */
  message?: string | RegExp;
}

export interface LayerCases {
  valid: ValidCase[];
  badParams?: BadParamsCase[];
  badShapes?: BadShapeCase[];
}

/**
 * tfjs as the commands load it (src/runtime/backend.ts), on the cpu backend; HARNESS_BACKEND=wasm
 * runs the same cases on wasm.
 */
async function loadTf(): Promise<Tf> {
  return (await loadBackend({ backend: process.env.HARNESS_BACKEND === 'wasm' ? 'wasm' : 'cpu' })).tf;
}

const registry = builtinRegistry();

export function parseParams(def: AnyLayerDef, params: Record<string, unknown>) {
  return layerSchema(def).safeParse({ type: def.type, ...params });
}

/** Runs the shape rule and the weight rule the way the engine does. */
export function staticLayer(def: AnyLayerDef, params: Record<string, unknown>, inputs: Shape[]): { output: Shape; weights: WeightSpec[] } {
  const parsed = parseParams(def, params);
  if (!parsed.success) throw new Error(`schema rejected ${JSON.stringify(params)}: ${JSON.stringify(parsed.error.issues)}`);
  const p = parsed.data as Record<string, unknown>;
  const ctx: ShapeContext = nestedLayerContext(registry);
  const output = def.inferShape(inputs, p, ctx);
  const weights = def.weights ? def.weights(inputs, p, ctx) : [];
  return { output, weights };
}

export function runLayerCases(def: AnyLayerDef, cases: LayerCases): void {
  describe(`${def.type} (layer harness)`, () => {
    it('is registered', () => {
      expect(registry.get(def.type)).toBe(def);
    });

    it('describes every parameter', () => {
      for (const [key, schema] of Object.entries(def.params.shape)) {
        expect((schema as { description?: string }).description, `${def.type}.${key} has no description`).toBeTruthy();
      }
      expect(def.description.length).toBeGreaterThan(10);
    });

    for (const [i, c] of cases.valid.entries()) {
      const title = c.title ?? `${JSON.stringify(c.params)} on ${c.inputs.map((s) => JSON.stringify(s)).join(', ')}`;
      it(`valid #${i}: ${title}`, async () => {
        const { output, weights } = staticLayer(def, c.params, c.inputs);
        expect(output).toEqual(c.output);
        const total = weights.reduce((n, w) => n + weightSize(w), 0);
        const trainable = weights.filter((w) => w.trainable).reduce((n, w) => n + weightSize(w), 0);
        if (c.count !== undefined) expect(total).toBe(c.count);
        if (c.trainable !== undefined) expect(trainable).toBe(c.trainable);
        else if (c.count !== undefined) expect(trainable).toBe(c.count);
        if (c.weights) expect(weights.map((w) => [w.name, w.shape])).toEqual(c.weights);
        if (c.tfjs) {
          const tf = await loadTf();
          const layer = c.tfjs(tf);
          const symbolic = c.inputs.map((s) => tf.input({ shape: s.slice(1) as number[] }));
          const out = layer.apply(symbolic.length === 1 ? symbolic[0] : symbolic) as unknown as { shape: Shape };
          expect(out.shape, 'static shape == tfjs shape').toEqual(output);
          expect(total, 'parameter count == tfjs countParams()').toBe(layer.countParams());
        }
      });
    }

    const build = builderFor(def);
    for (const [i, c] of cases.valid.entries()) {
      if (!build) break;
      const title = c.title ?? `${JSON.stringify(c.params)} on ${c.inputs.map((s) => JSON.stringify(s)).join(', ')}`;
      it.skipIf(c.skipRuntime !== undefined)(`runs #${i} in tfjs: ${title}`, async () => {
        const tf = await loadTf();
        await runtimeCase(tf, def, c);
      });
    }

    for (const [i, c] of (cases.badParams ?? []).entries()) {
      it(`rejects params #${i}: ${c.title ?? JSON.stringify(c.params)}`, () => {
        const parsed = parseParams(def, c.params);
        expect(parsed.success).toBe(false);
        if (c.path !== undefined && !parsed.success) expect(parsed.error.issues[0].path.join('.')).toBe(c.path);
      });
    }

    for (const [i, c] of (cases.badShapes ?? []).entries()) {
      it(`rejects shapes #${i}: ${c.title ?? JSON.stringify(c.inputs)}`, () => {
        let error: unknown;
        try {
          staticLayer(def, c.params, c.inputs);
        } catch (e) {
          error = e;
        }
        expect(error, 'a ShapeError').toBeInstanceOf(ShapeError);
        expect((error as ShapeError).code).toBe(c.code);
        if (c.message) expect((error as ShapeError).message).toMatch(c.message);
      });
    }
  });
}

/** A weight's name as Keras names it, from tfjs's `layer/sublayer/name` path. */
function kerasWeightName(tfName: string, staticNames: readonly string[]): string {
  const parts = tfName.split('/');
  const last = parts[parts.length - 1].replace(/_\d+$/, '');
  // Bidirectional: tfjs's `bidi/forward_lstm_LSTM1/kernel` is Keras's `forward_kernel`.
  const parent = parts[parts.length - 2] ?? '';
  const direction = /^(forward|backward)_/.exec(parent)?.[1];
  if (direction && staticNames.includes(`${direction}_${last}`)) return `${direction}_${last}`;
  return last;
}

/** Whether the layer (or its wrapped layer) has a weight constraint. */
function hasConstraint(params: Record<string, unknown>): boolean {
  return Object.entries(params).some(([key, value]) =>
    (key.endsWith('_constraint') && value !== null && value !== undefined) ||
    (key === 'layer' && typeof value === 'object' && value !== null && hasConstraint(value as Record<string, unknown>)));
}

/**
 * A size for each unknown (None) axis: the size another input or the output has on that axis
 * (counted from the end), else 5, so that inputs that must agree do.
 */
function concreteShape(shape: Shape, c: ValidCase, batch: number): number[] {
  return [batch, ...shape.slice(1).map((d, i) => {
    if (d !== null) return d;
    const fromEnd = shape.length - 1 - i;
    for (const other of [...c.inputs, c.output]) {
      const size = other.length === shape.length ? other[other.length - fromEnd] : null;
      if (size !== null && size !== undefined) return size;
    }
    // An output of another rank (Embedding adds an axis): the same axis counted from the front.
    return c.output[i + 1] ?? 5;
  })];
}

/** Random data for one input: ints in [0, input_dim) for an Embedding, floats in [-1, 1) otherwise. */
function randomInput(tf: Tf, def: AnyLayerDef, params: Record<string, unknown>, c: ValidCase, shape: Shape, batch: number) {
  const concrete = concreteShape(shape, c, batch);
  const inner = (params.layer as { type?: string; input_dim?: number } | undefined) ?? params;
  const inputDim = (def.type === 'Embedding' ? params.input_dim : inner.type === 'Embedding' ? inner.input_dim : undefined) as number | undefined;
  return inputDim !== undefined ? tf.randomUniform(concrete, 0, inputDim, 'int32') : tf.randomUniform(concrete, -1, 1);
}

/**
 * The runtime half: the layer built through its `build` (the path buildModel takes) gives the
 * static output shape, parameter count and weights; a forward pass runs; a save/reload round trip
 * gives identical outputs.
 */
async function runtimeCase(tf: Tf, def: AnyLayerDef, c: ValidCase): Promise<void> {
  const build = builderFor(def)!;
  const parsed = parseParams(def, c.params);
  if (!parsed.success) throw new Error('schema rejected the case');
  const { type: _type, trainable: _trainable, ...params } = parsed.data as Record<string, unknown>;
  const { output, weights } = staticLayer(def, c.params, c.inputs);
  const buildIt = () => build(tf, params, {
    inputShapes: c.inputs,
    outputShape: output,
    // The names the static rule used without names (see lambda.ts).
    inputNames: c.inputs.map((_, i) => `<input ${i + 1}>`),
    trainable: true,
    buildNested: nestedBuilder(tf, registry, def.type, true),
  });
  if (c.runtimeError) {
    expect(buildIt).toThrow(c.runtimeError);
    return;
  }
  const layer = buildIt();
  const symbolic = c.inputs.map((s) => tf.input({ shape: s.slice(1) as number[] }));
  const out = layer.apply(symbolic.length === 1 ? symbolic[0] : symbolic) as unknown as import('@tensorflow/tfjs').SymbolicTensor;
  expect(out.shape, 'static shape == tfjs shape').toEqual(output);
  const total = weights.reduce((n, w) => n + weightSize(w), 0);
  expect(layer.countParams(), 'static parameter count == tfjs countParams()').toBe(total);
  const staticNames = weights.map((w) => w.name);
  expect(layer.weights.map((w) => [kerasWeightName(w.name, staticNames), w.shape]), 'weights (Keras names, shapes)').toEqual(
    weights.map((w) => [w.name, w.shape]),
  );
  expect(layer.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b as number), 1), 0)).toBe(
    weights.filter((w) => w.trainable).reduce((n, w) => n + weightSize(w), 0),
  );

  const model = tf.model({ inputs: symbolic, outputs: out });
  // tfjs applies constraints whenever weights are written (load, setWeights), Keras only after an
  // update: apply them to the fresh weights first, so that the reloaded model can be identical.
  // (Copies: writing a variable's own tensor back is a no-op.)
  const fresh = model.getWeights().map((w) => w.clone());
  model.setWeights(fresh);
  tf.dispose(fresh);
  const xs = c.inputs.map((s) => randomInput(tf, def, params, c, s, 2));
  const feed = xs.length === 1 ? xs[0] : xs;
  // `apply` rather than `predict`: predict reshapes a rank-1 input (batch only) to (batch, 1).
  const y = model.apply(feed) as import('@tensorflow/tfjs').Tensor;
  expect(y.shape.every((d, k) => output[k] === null || output[k] === d), `forward pass shape ${JSON.stringify(y.shape)} fits ${JSON.stringify(output)}`).toBe(true);
  const before = y.arraySync();

  const { reloaded } = await roundTrip(tf, model);
  const y2 = reloaded.apply(feed) as import('@tensorflow/tfjs').Tensor;
  if (hasConstraint(params)) {
    // Constraints are re-applied on load, and they are not exactly idempotent (max_norm and
    // unit_norm divide by norm + 1e-7): equal up to float rounding only.
    const after = (y2.dataSync() as Float32Array);
    const ref = y.dataSync() as Float32Array;
    const worst = Math.max(0, ...Array.from(ref, (v, k) => Math.abs(v - after[k]) / (1 + Math.abs(v))));
    expect(worst, 'save/reload gives the same outputs (up to float rounding)').toBeLessThan(1e-5);
  } else {
    expect(y2.arraySync(), 'save/reload gives identical outputs').toEqual(before);
  }
  if (def.call && layer.trainableWeights.length > 0) {
    // `call` is ours, so its differentiability is ours to check. Random weights first: at its
    // initial value a weight may cut others off (PAM's gamma = 0); positive, or a non_neg
    // constraint (applied on write) would zero half of them. Random weights on the output, so that
    // no sum is constant (e.g. over a softmax).
    const random = model.getWeights().map((w) => tf.randomUniform(w.shape, 0.1, 1));
    model.setWeights(random);
    tf.dispose(random);
    const mix = tf.randomUniform(y.shape, -1, 1);
    const variables = layer.trainableWeights.map((w) => w.read() as import('@tensorflow/tfjs').Variable);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(feed) as import('@tensorflow/tfjs').Tensor, mix)), variables);
    for (const v of variables) {
      expect(tf.max(tf.abs(grads[v.name])).dataSync()[0], `a gradient reaches ${v.name}`).toBeGreaterThan(0);
    }
    tf.dispose([mix, value, ...Object.values(grads)]);
  }
  tf.dispose([...xs, y, y2]);
  model.dispose();
  reloaded.dispose();
}
