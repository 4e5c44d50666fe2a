/** The library: analyse model files without TensorFlow.js. */
export { analyzeSource, type Analysis } from './analyze.js';
export type { Diagnostic, Severity, SourceRange } from './diagnostics/diagnostic.js';
export { DIAGNOSTIC_CODES } from './diagnostics/codes.js';
export { FORMATTERS } from './diagnostics/formatters/index.js';
export { defineLayer, type AnyLayerDef, type LayerDef, type WeightSpec, type ShapeContext } from './layers/define.js';
export { BUILTIN_LAYERS, builtinRegistry } from './layers/index.js';
export { Registry } from './layers/registry.js';
export { ShapeError } from './shape/shape-error.js';
export type { Dim, Shape } from './shape/shape.js';
export { summarize, type ModelSummary } from './summary/summary.js';
export { buildJsonSchema } from './spec/json-schema.js';
