import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { weightSize, type WeightSpec } from '../layers/define.js';
import type { Registry } from '../layers/registry.js';
import type { Locator, Path } from '../spec/locate.js';
import type { LayerNode, ModelSpec } from '../spec/model.js';
import { issuesToDiagnostics } from '../spec/zod-issues.js';
import { NestedLayerError, nestedLayerContext } from './nested.js';
import { ShapeError } from './shape-error.js';
import { formatShape, type Shape } from './shape.js';

export interface LayerInfo {
  outputShape: Shape;
  weights: WeightSpec[];
  params: number;
  trainableParams: number;
}

export interface ShapeResult {
  /** Output shape of every model input and every layer that could be inferred. */
  shapes: Map<string, Shape>;
  /** Shapes and weights of every layer that could be inferred. */
  layers: Map<string, LayerInfo>;
  diagnostics: Diagnostic[];
}

/**
 * Runs every layer's static shape rule in graph order. A layer that fails is reported once; its
 * consumers are skipped silently, so one mistake gives one diagnostic, not a cascade.
 */
export function inferShapes(
  spec: ModelSpec,
  order: readonly LayerNode[],
  broken: ReadonlySet<string>,
  registry: Registry,
  locator: Locator | undefined,
): ShapeResult {
  const shapes = new Map<string, Shape>();
  const layers = new Map<string, LayerInfo>();
  const diagnostics: Diagnostic[] = [];
  const ctx = nestedLayerContext(registry);
  for (const input of spec.inputs) if (!input.broken) shapes.set(input.name, [null, ...input.shape]);
  const dtypes = new Map(spec.inputs.map((input) => [input.name, input.dtype] as const));

  for (const layer of order) {
    if (!layer.def || !layer.params || broken.has(layer.name)) continue;
    const inputShapes: Shape[] = [];
    for (const ref of layer.inputs) {
      const s = shapes.get(ref);
      if (!s) break;
      inputShapes.push(s);
    }
    if (inputShapes.length !== layer.inputs.length) continue; // fed by a broken layer
    const subject = `Layer '${layer.name}' (${layer.type})`;
    try {
      const layerCtx = { ...ctx, inputNames: layer.inputs, inputDtypes: layer.inputs.map((ref) => dtypes.get(ref)) };
      const outputShape = layer.def.inferShape(inputShapes, layer.params, layerCtx);
      checkShape(outputShape, 'output shape');
      const weights = layer.def.weights ? layer.def.weights(inputShapes, layer.params, layerCtx) : [];
      for (const w of weights) checkShape(w.shape, `weight '${w.name}'`);
      if (!layer.trainable) for (const w of weights) w.trainable = false;
      let params = 0;
      let trainableParams = 0;
      for (const w of weights) {
        const n = weightSize(w);
        params += n;
        if (w.trainable) trainableParams += n;
      }
      shapes.set(layer.name, outputShape);
      layers.set(layer.name, { outputShape, weights, params, trainableParams });
    } catch (error) {
      diagnostics.push(...toDiagnostics(error, layer, subject, inputShapes, spec, locator));
    }
  }
  return { shapes, layers, diagnostics };
}

/**
 * A layer knows that its input has the wrong rank, not where that comes from. When the cause is
 * one step upstream, in a model input's `shape:` or a recurrent layer's `return_sequences`, say
 * so (`root`: this beats the layer's own hint); otherwise offer what fed it as a fallback.
 */
function rankHint(message: string, layer: LayerNode, inputShapes: Shape[], spec: ModelSpec): { hint: string; root: boolean } | undefined {
  if (layer.inputs.length !== 1) return undefined;
  const wanted = /expects an? (\d+)D input/.exec(message);
  const expected = wanted ? Number(wanted[1]) : undefined;
  const got = inputShapes[0].length;
  const ref = layer.inputs[0];
  const input = spec.inputs.find((i) => i.name === ref);
  if (input) {
    const where = spec.form === 'sequential' ? 'the model\'s `input:`' : `input '${input.name}'`;
    const shape = (dims: (number | null)[]) => `[${dims.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
    if (expected !== undefined && got === expected + 1 && input.shape[0] === null) {
      return { root: true, hint: `the \`shape:\` of ${where} is one sample's shape, without the batch dimension: write ${shape(input.shape.slice(1))}` };
    }
    if (expected !== undefined && got === expected - 1) {
      return { root: true, hint: `${where} has shape ${shape(input.shape)}; this layer needs one more axis, e.g. ${shape([...input.shape, 1])} (one sample's shape, without the batch dimension)` };
    }
    return { root: false, hint: `check the \`shape:\` of ${where}: it is one sample's shape, without the batch dimension` };
  }
  const source = spec.layers.find((l) => l.name === ref);
  if (!source) return undefined;
  if (source.params?.return_sequences === false && expected !== undefined && got === expected - 1) {
    return { root: true, hint: `set \`return_sequences: true\` on '${source.name}' (${source.type}) so that it outputs the whole sequence` };
  }
  if (source.type === 'Flatten' && expected !== undefined && got < expected) {
    return { root: true, hint: `'${source.name}' (Flatten) has already flattened the input; move the Flatten after the layers that need the other axes` };
  }
  return { root: false, hint: `its input comes from '${source.name}' (${source.type}); a Reshape, Flatten or global pooling layer in between can change the rank` };
}

/** The layer's own hint, unless the cause is upstream; a hint from the graph where it has none. */
function hintFor(error: ShapeError, layer: LayerNode, inputShapes: Shape[], spec: ModelSpec): string | undefined {
  if (error.code === 'shape/rank') {
    const upstream = rankHint(error.message, layer, inputShapes, spec);
    return upstream?.root ? upstream.hint : (error.hint ?? upstream?.hint);
  }
  if (error.code === 'shape/unknown-dim') return error.hint ?? unknownDimHint(layer, spec);
  return error.hint;
}

/** Unknown (None) sizes come from a model input's `null`s: point there. */
function unknownDimHint(layer: LayerNode, spec: ModelSpec): string {
  const input = spec.inputs.find((i) => layer.inputs.includes(i.name) && i.shape.includes(null));
  if (input) {
    const where = spec.form === 'sequential' ? 'the model\'s `input:`' : `input '${input.name}'`;
    return `${where} has a null (variable) size in its \`shape:\`; give that axis a fixed size, or keep null only for the sequence axis, before the features`;
  }
  return 'the unknown size comes from a null in a model input\'s `shape:`; give that axis a fixed size, or remove it first with a global pooling layer';
}

function checkShape(shape: readonly (number | null)[], what: string): void {
  for (const d of shape) {
    if (d !== null && (!Number.isSafeInteger(d) || d < 0)) {
      throw new ShapeError(`would have ${what} ${formatShape(shape)}, which is not a valid shape`, { code: 'shape/non-positive' });
    }
  }
}

function toDiagnostics(error: unknown, layer: LayerNode, subject: string, inputShapes: Shape[], spec: ModelSpec, locator: Locator | undefined): Diagnostic[] {
  if (error instanceof NestedLayerError) {
    return issuesToDiagnostics(error.issues, {
      file: spec.file, locator, basePath: [...layer.path, ...(error.param ?? [])], subject: `${subject}, wrapped layer`, schema: error.schema, layer: layer.name,
    }, error.data);
  }
  const where: Path = error instanceof ShapeError && error.param
    ? [...layer.path, ...error.param]
    : layer.inputPaths.length > 1
      ? [...layer.path, 'inputs']
      : spec.form === 'sequential'
        ? [...layer.path, 'type']
        : layer.inputPaths[0] ?? layer.path;
  const target = error instanceof ShapeError && error.param ? 'value' : spec.form === 'sequential' ? 'value' : layer.inputPaths.length > 1 ? 'key' : 'value';
  if (error instanceof ShapeError) {
    const range = error.span && error.param ? locator?.locateInString(where, error.span.start, error.span.end) : locator?.locate(where, target);
    return [{
      code: error.code,
      severity: error.code === 'layer/not-implemented' ? 'warning' : 'error',
      message: `${subject} ${error.message}`,
      hint: hintFor(error, layer, inputShapes, spec),
      file: spec.file,
      range,
      layer: layer.name,
    }];
  }
  // A shape rule that fails in an unplanned way is a bug of ours (or of a plugin): say so plainly.
  return [{
    code: 'shape/incompatible',
    severity: 'error',
    message: `${subject} could not compute its output shape for input ${inputShapes.map(formatShape).join(', ')}: ${(error as Error)?.message ?? String(error)}`,
    hint: 'this is likely a bug in the layer definition; please report it with this file',
    file: spec.file,
    range: locator?.locate(where, target),
    layer: layer.name,
  }];
}
