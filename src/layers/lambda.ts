import { z } from '../zod-configured.js';
import type { Program } from '../expr/ast.js';
import { bindNames } from '../expr/bindings.js';
import { parseProgram, type ExprError } from '../expr/parser.js';
import { inferExpression } from '../expr/shapes.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, type Dim, type Shape } from '../shape/shape.js';
import { defineLayer } from './define.js';

/**
 * keras.layers.Lambda as a safe expression: `expr` is parsed (src/expr/parser.ts), its names are
 * bound to the inputs and `arguments:` (bindings.ts) and its output shape is inferred by static
 * rules (shapes.ts); it is never run as code. A declared `output_shape` (Keras's, without the
 * batch dimension) is checked against the inferred shape.
 */
export default defineLayer({
  type: 'Lambda',
  category: 'core',
  // An expression keeps the batch as its first axis and never reduces, moves or mixes it (shape/batch-axis).
  rowwise: true,
  description: 'An expression over the inputs (x ** 2, x[:, :, index], ...), parsed and shape-checked, never run as code.',
  arity: { min: 1, max: Number.POSITIVE_INFINITY },
  params: () => z.strictObject({
    expr: z.string().min(1).max(4000).describe('The expression, e.g. "x ** 2" or "x[:, :, index]"; the single input is `x`.'),
    arguments: z
      .record(z.string(), z.union([z.number(), z.boolean(), z.array(z.number())]))
      .default({})
      .describe('Values bound to names in the expression (Keras `arguments`), e.g. {index: 0}.'),
    output_shape: z
      .array(z.int().positive().nullable())
      .optional()
      .describe('Declared output shape without the batch dimension (Keras `output_shape`); checked against the inferred one.'),
  }),
  inferShape(inputs, params, ctx) {
    const parsed = parseProgram(params.expr);
    if (!parsed.ok) throw exprError(parsed.error, 'expr/syntax');
    // Without the names (a harness, a wrapper), placeholders that are not identifiers keep the count.
    const names = ctx.inputNames && ctx.inputNames.length === inputs.length ? ctx.inputNames : inputs.map((_, i) => `<input ${i + 1}>`);
    const bound = bindNames(parsed.program, names, params.arguments);
    if (!bound.ok) throw exprError(bound.error, 'expr/unknown-name');
    const dtypes = inputs.map((_, i) => ctx.inputDtypes?.[i] ?? 'float32');
    const inferred = inferExpression(parsed.program, bound.names, inputs, dtypes);
    if (!inferred.ok) throw exprError(inferred.error, 'shape/incompatible');
    return params.output_shape ? checkDeclared(inferred.shape, params.output_shape, parsed.program, params.expr) : inferred.shape;
  },
});

function exprError(error: ExprError, fallback: string): ShapeError {
  if (error.argument !== undefined) {
    return new ShapeError(error.message, { code: error.code ?? fallback, param: ['arguments', error.argument], hint: error.hint });
  }
  const code = error.code ?? fallback;
  const lead = code.startsWith('shape/') ? 'cannot infer its output shape' : 'has an invalid expression';
  return new ShapeError(`${lead}: ${error.message}`, { code, param: 'expr', span: error.span, hint: error.hint });
}

/**
 * Keras's `output_shape` leaves out the batch dimension. A declared size fills an unknown
 * inferred one; a different rank or size is an error that says what to declare.
 */
function checkDeclared(shape: Dim[], declared: readonly (number | null)[], program: Program, text: string): Shape {
  const sample = shape.slice(1);
  const fits = declared.length === sample.length && declared.every((d, i) => d === null || sample[i] === null || d === sample[i]);
  if (fits) return [shape[0], ...sample.map((d, i) => d ?? declared[i])];
  const list = (dims: readonly Dim[]) => `[${dims.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
  const message = `declares output_shape ${list(declared)}, but its expression gives ${formatShape(shape)}, i.e. output_shape ${list(sample)} (output_shape leaves out the batch dimension)`;
  throw new ShapeError(message, { code: 'shape/declared-mismatch', param: 'output_shape', hint: declaredHint(sample, declared, program, text) });
}

/** When an integer index dropped the axis the declaration keeps, show the slice that keeps it. */
function declaredHint(sample: readonly Dim[], declared: readonly (number | null)[], program: Program, text: string): string {
  const fix = `declare output_shape: [${sample.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
  if (declared.length === sample.length + 1 && program.body.kind === 'index') {
    const at = program.body.items.find((i) => i.kind === 'at');
    if (at && at.kind === 'at') {
      const index = text.slice(at.index.span.start, at.index.span.end);
      const sliced = `${text.slice(program.body.span.start, at.span.start)}${index}:${index}+1${text.slice(at.span.end, program.body.span.end)}`;
      return `the integer index \`${index}\` drops its axis, as in NumPy; to keep that axis with size 1 write \`${sliced}\`, or ${fix}`;
    }
  }
  return `${fix}, or change the expression`;
}
