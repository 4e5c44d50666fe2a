import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ShapeResult } from '../shape/infer.js';
import type { Locator } from '../spec/locate.js';
import type { ModelSpec } from '../spec/model.js';
import { formatCount } from '../summary/table.js';

/**
 * The parameter budget (defaults.ts says why). The total comes from static shape inference (what
 * `summary` shows), so a model over it is refused before TensorFlow.js is loaded.
 */

/** An error at the largest layer when the model's parameters exceed `maxParams`. */
export function paramBudgetDiagnostic(spec: ModelSpec, shapes: ShapeResult, maxParams: number, locator: Locator | undefined): Diagnostic | undefined {
  let total = 0;
  let largest: { name: string; params: number; index: number } | undefined;
  spec.layers.forEach((layer, index) => {
    const params = shapes.layers.get(layer.name)?.params ?? 0;
    total += params;
    if (!largest || params > largest.params) largest = { name: layer.name, params, index };
  });
  if (total <= maxParams || !largest) return undefined;
  const layer = spec.layers[largest.index];
  return {
    code: 'budget/params',
    severity: 'error',
    file: spec.file,
    range: locator?.locate(layer.path, 'key') ?? { line: 1, column: 1, endLine: 1, endColumn: 1 },
    layer: layer.name,
    message: `the model has ${formatCount(total)} parameters, more than the budget of ${formatCount(maxParams)} (layer '${layer.name}' alone has ${formatCount(largest.params)})`,
    hint: 'check the sizes (units, filters, input shapes); if the model is meant to be this large, raise the budget with --max-params N',
  };
}
