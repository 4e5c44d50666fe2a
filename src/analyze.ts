import type { Diagnostic } from './diagnostics/diagnostic.js';
import { pushAll, sortDiagnostics } from './diagnostics/diagnostic.js';
import { activationBudgetDiagnostics } from './budget/activations.js';
import { paramBudgetDiagnostic } from './budget/params.js';
import { checkGraph } from './graph/graph.js';
import { builtinRegistry } from './layers/index.js';
import type { Registry } from './layers/registry.js';
import { inferShapes, type ShapeResult } from './shape/infer.js';
import { loadYaml } from './spec/load-yaml.js';
import type { ModelSpec } from './spec/model.js';
import { parseSpec } from './spec/parse-spec.js';

export interface Analysis {
  file: string;
  spec?: ModelSpec;
  shapes?: ShapeResult;
  diagnostics: Diagnostic[];
}

/** Budgets checked by the analysis itself; none unless given (the command line gives its defaults). */
export interface AnalysisBudgets {
  maxParams?: number;
  /** Values one layer may output per sample. */
  maxActivations?: number;
}

let defaultRegistry: Registry | undefined;

/**
 * text -> spec -> graph -> shapes, collecting every problem of the file in one pass.
 * Pure and synchronous: no file system, no TensorFlow.js.
 */
export function analyzeSource(source: string | Uint8Array, file: string, registry?: Registry, budgets: AnalysisBudgets = {}): Analysis {
  registry ??= defaultRegistry ??= builtinRegistry();
  const loaded = loadYaml(source, file);
  if (loaded.data === undefined) return { file, diagnostics: loaded.diagnostics };
  const parsed = parseSpec(loaded.data, { file, locator: loaded.locator, registry });
  const diagnostics = [...loaded.diagnostics, ...parsed.diagnostics];
  if (!parsed.spec) return { file, diagnostics: sortDiagnostics(diagnostics) };
  const graph = checkGraph(parsed.spec, loaded.locator);
  pushAll(diagnostics, graph.diagnostics);
  const shapes = inferShapes(parsed.spec, graph.order, graph.broken, registry, loaded.locator);
  pushAll(diagnostics, shapes.diagnostics);
  if (!diagnostics.some((d) => d.severity === 'error')) {
    const overParams = budgets.maxParams === undefined ? undefined : paramBudgetDiagnostic(parsed.spec, shapes, budgets.maxParams, loaded.locator);
    if (overParams) diagnostics.push(overParams);
    if (budgets.maxActivations !== undefined) pushAll(diagnostics, activationBudgetDiagnostics(parsed.spec, shapes, budgets.maxActivations, loaded.locator));
  }
  return { file, spec: parsed.spec, shapes, diagnostics: sortDiagnostics(diagnostics) };
}
