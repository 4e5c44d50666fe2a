import type { Dim, Shape } from '../shape/shape.js';
import type { Expr, Program } from './ast.js';
import type { Binding } from './bindings.js';
import type { ExprError } from './parser.js';
import { broadcastTensors } from './shapes/broadcasting.js';
import { callShape } from './shapes/calls.js';
import { indexShape } from './shapes/indexing.js';
import { matmulShape } from './shapes/linalg.js';
import { asTensor, ExprShapeError, fail, type DType, type TensorValue, type Value } from './shapes/values.js';
import { constantValue, isNone, type Constant } from './static.js';

export type { DType } from './shapes/values.js';

/**
 * The static shape rules of a Lambda expression: from the input shapes (batch first, `null`)
 * to the output shape and dtype, without running anything. Every operator and function of the
 * language has a rule here or in ./shapes/; a failure names the sub-expression to blame by its
 * span. The batch axis is the first axis of every input and must be the first axis of the
 * result: operations that would reduce, move, slice or mix it are errors.
 */
export interface Inferred {
  shape: Dim[];
  dtype: DType;
}

export function inferExpression(
  program: Program,
  bindings: ReadonlyMap<string, Binding>,
  inputShapes: readonly Shape[],
  inputDtypes: readonly DType[] = [],
): { ok: true; shape: Dim[]; dtype: DType } | { ok: false; error: ExprError } {
  const constants = new Map<string, Constant>();
  for (const [name, b] of bindings) if (b.kind === 'constant') constants.set(name, b.value);
  try {
    const result = new Inference(bindings, constants, inputShapes, inputDtypes).evaluate(program.body);
    const body = program.body;
    if (result.kind !== 'tensor') {
      fail('shape/batch-axis', 'the expression does not use any input, so its result has no batch axis', body, 'a Lambda computes one result per sample from its inputs, e.g. x * 2');
    }
    if (!result.batched) fail('shape/batch-axis', 'the result has no batch axis', body);
    return { ok: true, shape: result.shape, dtype: result.dtype };
  } catch (error) {
    if (error instanceof ExprShapeError) {
      const e: ExprError = { message: error.message, span: error.span, code: error.code };
      if (error.hint) e.hint = error.hint;
      return { ok: false, error: e };
    }
    throw error;
  }
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

class Inference {
  constructor(
    private readonly bindings: ReadonlyMap<string, Binding>,
    private readonly constants: ReadonlyMap<string, Constant>,
    private readonly inputShapes: readonly Shape[],
    private readonly inputDtypes: readonly DType[],
  ) {}

  evaluate(expr: Expr): Value {
    switch (expr.kind) {
      case 'number':
      case 'bool':
        return { kind: 'constant', value: expr.value };
      case 'name':
        return this.name(expr);
      case 'list': {
        const folded = constantValue(expr, this.constants);
        if (folded !== undefined) return { kind: 'constant', value: folded };
        return { kind: 'list', items: expr.items.map((i) => this.evaluate(i)), exprs: expr.items };
      }
      case 'unary': {
        const v = this.evaluate(expr.operand);
        if (v.kind === 'constant' && !Array.isArray(v.value)) return { kind: 'constant', value: constantValue(expr, this.constants)! };
        const t = asTensor(v, expr.operand, `the operand of unary ${expr.op}`);
        return { ...t, dtype: t.dtype === 'bool' ? 'int32' : t.dtype };
      }
      case 'binary':
        return this.binary(expr);
      case 'call':
        return callShape(expr, (e) => this.evaluate(e));
      case 'index':
        return this.index(expr);
    }
  }

  private name(expr: Extract<Expr, { kind: 'name' }>): Value {
    if (isNone(expr)) return { kind: 'none' };
    const b = this.bindings.get(expr.name);
    if (!b) return fail('expr/invalid-argument', `unknown name '${expr.name}'`, expr);
    if (b.kind === 'constant') return { kind: 'constant', value: b.value };
    const shape = this.inputShapes[b.index];
    if (!shape || shape.length === 0) return fail('shape/rank', `input ${b.index + 1} has no batch axis`, expr);
    return { kind: 'tensor', shape: [...shape], dtype: this.inputDtypes[b.index] ?? 'float32', batched: true };
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>): Value {
    const left = this.evaluate(expr.left);
    const right = this.evaluate(expr.right);
    const scalar = (v: Value) => v.kind === 'constant' && !Array.isArray(v.value);
    if (scalar(left) && scalar(right)) {
      const folded = constantValue(expr, this.constants);
      if (folded === undefined) {
        fail('expr/invalid-argument', `${expr.op === '@' ? "'@' needs tensors" : 'the constant arithmetic has no finite value (division by zero?)'}`, expr);
      }
      return { kind: 'constant', value: folded };
    }
    const a = asTensor(left, expr.left, `an operand of ${expr.op}`);
    const b = asTensor(right, expr.right, `an operand of ${expr.op}`);
    if (expr.op === '@') return matmulShape(a, b, expr.left.span, expr.right.span, expr, "'@'");
    const shape = broadcastTensors([{ t: a, span: expr.left.span }, { t: b, span: expr.right.span }], expr, `'${expr.op}'`);
    let dtype: DType;
    if (COMPARISONS.has(expr.op)) dtype = 'bool';
    else if (expr.op === '/') dtype = 'float32';
    else dtype = [left, right].some((v) => isFloat(v)) ? 'float32' : 'int32';
    const result: TensorValue = { kind: 'tensor', shape, dtype, batched: a.batched || b.batched };
    return result;
  }

  private index(expr: Extract<Expr, { kind: 'index' }>): Value {
    const target = this.evaluate(expr.target);
    if (target.kind === 'constant') {
      const folded = constantValue(expr, this.constants);
      if (folded === undefined) fail('expr/invalid-argument', 'this index of a constant list is not a valid integer index in range', expr);
      return { kind: 'constant', value: folded };
    }
    const t = asTensor(target, expr.target, 'an indexed value');
    const shape = indexShape(t, expr.items, expr, {
      integer: (e, what) => {
        const v = constantValue(e, this.constants);
        if (typeof v === 'number' && Number.isInteger(v)) return v;
        const tensor = v === undefined && this.evaluate(e).kind === 'tensor';
        return fail('expr/invalid-argument', `${what} must be a static integer${tensor ? ', not a tensor' : ''}`, e,
          'use an integer literal or a name from `arguments:` (arithmetic on them is fine: index+1)');
      },
    });
    return { ...t, shape };
  }
}

function isFloat(v: Value): boolean {
  if (v.kind === 'tensor') return v.dtype === 'float32';
  if (v.kind === 'constant') return (Array.isArray(v.value) ? v.value : [Number(v.value)]).some((n) => !Number.isInteger(n));
  return false;
}
