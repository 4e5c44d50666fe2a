import type * as tfTypes from '@tensorflow/tfjs';
import type { Analysis } from '../analyze.js';
import type { AnyLayerDef, BuildContext, TfLayer, TfModule } from '../layers/define.js';
import { builtinRegistry } from '../layers/index.js';
import type { Registry } from '../layers/registry.js';
import { callShapeProblem } from '../plugins/check-call.js';
import { nestedLayerContext } from '../shape/nested.js';
import { formatShape, type Shape } from '../shape/shape.js';
import type { LayerNode } from '../spec/model.js';
import { defineSpecLayer } from './defined-layer.js';
import { defineLambdaLayer } from './lambda-layer.js';

/**
 * spec -> tf.LayersModel. The model is built with the functional API from the analysis that
 * `check` made (so it never runs on a file with errors): one `tf.input` per model input (its dtype),
 * every layer's tfjs side (`build` of its type) applied in graph order, under the spec's names.
 */

export type Builder = (tf: TfModule, params: Record<string, unknown>, ctx: BuildContext) => TfLayer;

/** A model that cannot be built: errors in the file, or a layer type without a tfjs side yet. */
export class BuildError extends Error {
  constructor(message: string, readonly layer?: string) {
    super(message);
    this.name = 'BuildError';
  }
}

/**
 * tfjs sides that live in src/runtime because they need runtime modules the layer file cannot
 * import without a cycle (lambda-layer.ts imports lambda.ts for its shape rule).
 */
const RUNTIME_BUILDERS: Readonly<Record<string, Builder>> = {
  Lambda: (tf, p, ctx) => {
    const LambdaLayer = defineLambdaLayer(tf);
    return new LambdaLayer({
      ...(ctx.name === undefined ? {} : { name: ctx.name }),
      trainable: ctx.trainable,
      expr: p.expr as string,
      arguments: p.arguments as Record<string, number | boolean | number[]>,
      inputNames: ctx.inputNames,
      outputShape: p.output_shape as (number | null)[] | undefined,
    });
  },
};

/** The generic custom layer (src/runtime/defined-layer.ts) for a type that gives `call` and no `build`. */
function specLayerBuilder(def: AnyLayerDef): Builder {
  return (tf, params, ctx) => {
    const SpecLayer = defineSpecLayer(tf);
    return new SpecLayer({ ...(ctx.name === undefined ? {} : { name: ctx.name }), trainable: ctx.trainable, def, params });
  };
}

/** The tfjs builder of a layer type, or undefined when the type cannot run yet. */
export function builderFor(def: AnyLayerDef): Builder | undefined {
  if (def.build) return def.build as Builder;
  if (def.call) return specLayerBuilder(def);
  return RUNTIME_BUILDERS[def.type];
}

/** A BuildContext's `buildNested` for wrapped layers (Bidirectional, TimeDistributed). */
export function nestedBuilder(tf: TfModule, registry: Registry, owner: string, trainable: boolean): BuildContext['buildNested'] {
  const shapeCtx = nestedLayerContext(registry);
  const buildNested: BuildContext['buildNested'] = (config, param, inputShapes) => {
    const inner = shapeCtx.nested(config, param);
    const build = builderFor(inner.def);
    if (!build) throw new BuildError(`${owner} wraps a ${inner.type} layer, which cannot run yet in this version`);
    return build(tf, inner.params, { inputShapes, outputShape: inner.inferShape(inputShapes), inputNames: [], trainable, buildNested });
  };
  return buildNested;
}

/** The layers in an order where every layer comes after its inputs. */
function graphOrder(layers: readonly LayerNode[]): LayerNode[] {
  const byName = new Map(layers.map((l) => [l.name, l] as const));
  const done = new Set<string>();
  const order: LayerNode[] = [];
  const visit = (layer: LayerNode, depth: number) => {
    if (done.has(layer.name) || depth > layers.length) return;
    for (const ref of layer.inputs) {
      const source = byName.get(ref);
      if (source) visit(source, depth + 1);
    }
    done.add(layer.name);
    order.push(layer);
  };
  for (const layer of layers) visit(layer, 0);
  return order;
}

const sameShape = (a: readonly (number | null)[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((d, i) => (d ?? null) === (b[i] ?? null));

/**
 * tfjs-layers warns on the console, unconditionally, when the orthogonal initializer (LSTM/GRU/
 * SimpleRNN's recurrent kernel) fills more than 2000 values ("Slowness may result"): noise for a
 * command-line user. Only that message is dropped, and only while a model is being built.
 */
function withoutOrthogonalWarning<T>(run: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Orthogonal initializer is being called on a matrix with more than')) return;
    warn.apply(console, args);
  };
  try {
    return run();
  } finally {
    console.warn = warn;
  }
}

export function buildModel(tf: TfModule, analysis: Analysis, registry: Registry = builtinRegistry()): tfTypes.LayersModel {
  return withoutOrthogonalWarning(() => buildModelQuietly(tf, analysis, registry));
}

function buildModelQuietly(tf: TfModule, analysis: Analysis, registry: Registry): tfTypes.LayersModel {
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  const { spec, shapes } = analysis;
  if (errors.length > 0 || !spec || !shapes) {
    const n = Math.max(errors.length, 1);
    throw new BuildError(`${analysis.file} has ${n} error${n === 1 ? '' : 's'}; run \`layerspec check ${analysis.file}\` to see ${n === 1 ? 'it' : 'them'}`);
  }

  // Refuse every type that cannot run before creating anything, naming the first such layer.
  for (const layer of spec.layers) {
    if (!layer.def || !builderFor(layer.def)) {
      throw new BuildError(`layer '${layer.name}' (${layer.type}) cannot run yet in this version`, layer.name);
    }
  }

  // A saved model of this registry's custom (e.g. plugin) layers can then be loaded back.
  defineSpecLayer(tf, registry);
  const tensors = new Map<string, tfTypes.SymbolicTensor>();
  const inputs = spec.inputs.map((input) => {
    const t = tf.input({ shape: input.shape as number[], dtype: input.dtype, name: input.name });
    tensors.set(input.name, t);
    return t;
  });

  for (const layer of graphOrder(spec.layers)) {
    const def = layer.def as AnyLayerDef;
    const build = builderFor(def) as Builder;
    const info = shapes.layers.get(layer.name);
    const inputShapes = layer.inputs.map((ref) => shapes.shapes.get(ref));
    const args = layer.inputs.map((ref) => tensors.get(ref));
    if (!info || inputShapes.some((s) => !s) || args.some((t) => !t)) {
      throw new BuildError(`layer '${layer.name}' (${layer.type}) has no inferred shape; run \`layerspec check\``, layer.name);
    }
    const subject = `layer '${layer.name}' (${layer.type})`;
    let output: tfTypes.SymbolicTensor;
    try {
      const ctx: BuildContext = {
        name: layer.name,
        inputShapes: inputShapes as Shape[],
        outputShape: info.outputShape,
        inputNames: layer.inputs,
        trainable: layer.trainable,
        buildNested: nestedBuilder(tf, registry, subject, layer.trainable),
      };
      const tfLayer = build(tf, layer.params ?? {}, ctx);
      const x = args as tfTypes.SymbolicTensor[];
      output = tfLayer.apply(x.length === 1 ? x[0] : x) as tfTypes.SymbolicTensor;
      const problem = def.plugin ? callShapeProblem(tf, tfLayer, x, info.outputShape) : undefined;
      if (problem) throw new BuildError(`layer '${layer.name}' (${layer.type}, plugin ${def.plugin}): ${problem}`, layer.name);
    } catch (error) {
      if (error instanceof BuildError) throw error;
      throw new BuildError(`${subject} could not be built in TensorFlow.js: ${error instanceof Error ? error.message : String(error)}`, layer.name);
    }
    if (!sameShape(output.shape, info.outputShape)) {
      throw new BuildError(
        `${subject}: TensorFlow.js gives output shape ${formatShape(output.shape)}, but the static rule gives ${formatShape(info.outputShape)}; this is a bug in layerspec, please report it`,
        layer.name,
      );
    }
    tensors.set(layer.name, output);
  }

  const outputs = spec.outputs.map((name) => {
    const t = tensors.get(name);
    if (!t) throw new BuildError(`output '${name}' is not a layer or input of the model`);
    return t;
  });
  return tf.model({ inputs, outputs, name: spec.name });
}
