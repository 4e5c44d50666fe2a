/**
 * One harness for every layer type (like Keras's `run_layer_test`): the schema accepts the
 * documented examples and rejects bad parameters; the static shape rule, the weight shapes and the
 * parameter count equal the values known from Keras, and - where a case names the tfjs layer -
 * equal what TensorFlow.js itself builds for the same configuration.
 */
import { describe, expect, it } from 'vitest';
import type { AnyLayerDef, ShapeContext, WeightSpec } from '../../src/layers/define.js';
import { weightSize } from '../../src/layers/define.js';
import { builtinRegistry } from '../../src/layers/index.js';
import { layerSchema } from '../../src/spec/schema.js';
import { ShapeError } from '../../src/shape/shape-error.js';
import type { Shape } from '../../src/shape/shape.js';
import { nestedLayerContext } from '../../src/shape/nested.js';

// The tfjs module type, without importing tfjs here (it is loaded on demand by cases that use it).
type Tf = typeof import('@tensorflow/tfjs');
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

let tfPromise: Promise<Tf> | undefined;
async function loadTf(): Promise<Tf> {
  tfPromise ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
    return tf;
  })();
  return tfPromise;
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
