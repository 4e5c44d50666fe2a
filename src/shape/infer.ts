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
      const outputShape = layer.def.inferShape(inputShapes, layer.params, ctx);
      checkShape(outputShape, 'output shape');
      const weights = layer.def.weights ? layer.def.weights(inputShapes, layer.params, ctx) : [];
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
    return [{
      code: error.code,
      severity: error.code === 'layer/not-implemented' ? 'warning' : 'error',
      message: `${subject} ${error.message}`,
      hint: error.hint,
      file: spec.file,
      range: locator?.locate(where, target),
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
