import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ShapeResult } from '../shape/infer.js';
import { formatShape } from '../shape/shape.js';
import type { Locator } from '../spec/locate.js';
import type { ModelSpec } from '../spec/model.js';
import { formatCount } from '../summary/table.js';

/**
 * An error at each layer whose output for one sample holds more values than `maxValues` (dims
 * unknown until run time, None, are not counted). From the static shapes, before tensors exist.
 */
export function activationBudgetDiagnostics(spec: ModelSpec, shapes: ShapeResult, maxValues: number, locator: Locator | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const layer of spec.layers) {
    const shape = shapes.layers.get(layer.name)?.outputShape;
    if (!shape) continue;
    const values = shape.slice(1).reduce<number>((n, d) => n * (d ?? 1), 1);
    if (values <= maxValues) continue;
    out.push({
      code: 'budget/activations',
      severity: 'error',
      file: spec.file,
      range: locator?.locate(layer.path, 'key') ?? { line: 1, column: 1, endLine: 1, endColumn: 1 },
      layer: layer.name,
      message: `Layer '${layer.name}' (${layer.type}) outputs ${formatCount(values)} values per sample (shape ${formatShape(shape)}), more than the budget of ${formatCount(maxValues)}`,
      hint: 'check its sizes (n, size, padding, target_shape); if this is meant, raise the budget with --max-activations N',
    });
  }
  return out;
}
