import type { BinaryOp, Expr, IndexItem, Program } from './ast.js';
import type { Binding } from './bindings.js';
import { applyScalar, type Constant } from './static.js';
import { callFunction } from './evaluate/calls.js';
import { indexTensor, type ResolvedIndex } from './evaluate/indexing.js';
import { matmul } from './evaluate/linalg.js';
import { describe, EvaluationError, promote, tensorValue, withZeroGradient, type Tensor, type Tf, type Value } from './evaluate/values.js';

export { EvaluationError } from './evaluate/values.js';

/**
 * Runs a parsed and bound Lambda expression on tfjs tensors, with NumPy's semantics (broadcasting,
 * basic indexing, Python's `//` and `%`) and only differentiable ops, so a Lambda trains. `tf` is
 * passed in: this module imports tfjs types only, so `check` never loads tfjs. Intermediate
 * tensors are freed (tf.tidy); the result is the caller's to dispose.
 */
export function evaluateProgram(tf: Tf, program: Program, names: ReadonlyMap<string, Binding>, inputs: readonly Tensor[]): Tensor {
  return tf.tidy(() => {
    const result = new Evaluator(tf, names, inputs).evaluate(program.body);
    // A fresh tensor even for `x` or `x[...]`: the caller may dispose the result, never an input.
    if (result.kind === 'tensor') return inputs.includes(result.tensor) ? result.tensor.clone() : result.tensor;
    if (result.kind === 'number' || result.kind === 'bool') return promote(tf, [result])[0];
    throw new EvaluationError(`the expression must give a tensor, not ${describe(result)}`, program.body.span);
  });
}

const COMPARISON: Partial<Record<BinaryOp, (tf: Tf, a: Tensor, b: Tensor) => Tensor>> = {
  '==': (tf, a, b) => tf.equal(a, b),
  '!=': (tf, a, b) => tf.notEqual(a, b),
  '<': (tf, a, b) => tf.less(a, b),
  '<=': (tf, a, b) => tf.lessEqual(a, b),
  '>': (tf, a, b) => tf.greater(a, b),
  '>=': (tf, a, b) => tf.greaterEqual(a, b),
};

class Evaluator {
  constructor(
    private readonly tf: Tf,
    private readonly names: ReadonlyMap<string, Binding>,
    private readonly inputs: readonly Tensor[],
  ) {}

  evaluate(e: Expr): Value {
    switch (e.kind) {
      case 'number': return { kind: 'number', value: e.value, integer: e.integer };
      case 'bool': return { kind: 'bool', value: e.value };
      case 'name': return this.name(e.name, e);
      case 'list': return { kind: 'list', items: e.items.map((item) => this.evaluate(item)) };
      case 'unary': return this.unary(e.op, this.evaluate(e.operand), e);
      case 'binary': return this.binary(e.op, this.evaluate(e.left), this.evaluate(e.right), e);
      case 'call': return callFunction(this.tf, e, (arg) => this.evaluate(arg));
      case 'index': return this.index(this.evaluate(e.target), e.items, e);
    }
  }

  private name(name: string, e: Expr): Value {
    const binding = this.names.get(name);
    if (binding === undefined) {
      if (name === 'None') return { kind: 'none' };
      throw new EvaluationError(`unknown name '${name}'`, e.span);
    }
    if (binding.kind === 'input') {
      const tensor = this.inputs[binding.index];
      if (tensor === undefined) throw new EvaluationError(`input ${binding.index + 1} was not given`, e.span);
      return tensorValue(tensor);
    }
    return constant(binding.value);
  }

  private unary(op: '-' | '+', v: Value, e: Expr): Value {
    if (op === '+') return v;
    if (v.kind === 'number') return { ...v, value: -v.value };
    if (v.kind === 'bool') return { kind: 'number', value: -Number(v.value), integer: true };
    if (v.kind === 'tensor') {
      const t = v.tensor.dtype === 'bool' ? this.tf.cast(v.tensor, 'int32') : v.tensor;
      return tensorValue(this.tf.neg(t));
    }
    throw new EvaluationError(`cannot negate ${describe(v)}`, e.span);
  }

  private binary(op: BinaryOp, left: Value, right: Value, e: Expr): Value {
    const tf = this.tf;
    if (isScalar(left) && isScalar(right)) return scalarBinary(op, left, right, e);
    if (left.kind !== 'tensor' && right.kind !== 'tensor') {
      throw new EvaluationError(`'${op}' needs a tensor or numbers, got ${describe(left)} and ${describe(right)}`, e.span);
    }
    const compare = COMPARISON[op];
    if (compare) {
      const [a, b] = promote(tf, [left, right], e.span);
      return tensorValue(withZeroGradient(tf, [a, b], (x, y) => compare(tf, x, y)));
    }
    // Arithmetic on booleans counts them as 0 and 1; `/` and `@` always give floats.
    const minimum = op === '/' || op === '@' ? 'float32' : 'int32';
    const [a, b] = promote(tf, [left, right], e.span, minimum);
    switch (op) {
      case '+': return tensorValue(tf.add(a, b));
      case '-': return tensorValue(tf.sub(a, b));
      case '*': return tensorValue(tf.mul(a, b));
      case '/': return tensorValue(tf.div(a, b));
      // tfjs's floorDiv returns int32 even for floats on the cpu backend: floor(a / b) keeps float32.
      case '//': return tensorValue(a.dtype === 'int32' ? tf.floorDiv(a, b) : tf.floor(tf.div(a, b)));
      // tfjs's mod takes the divisor's sign, as Python's.
      case '%': return tensorValue(tf.mod(a, b));
      case '**': return tensorValue(tf.pow(a, b));
      case '@': return tensorValue(matmul(tf, a, b, e.span));
      default: throw new EvaluationError(`unknown operator '${op}'`, e.span);
    }
  }

  private index(target: Value, items: IndexItem[], e: Expr): Value {
    if (target.kind === 'list') return indexList(target, items.map((item) => this.resolveIndex(item)), e);
    if (target.kind !== 'tensor') throw new EvaluationError(`cannot index ${describe(target)}`, e.span);
    return tensorValue(indexTensor(this.tf, target.tensor, items.map((item) => this.resolveIndex(item)), e.span));
  }

  private resolveIndex(item: IndexItem): ResolvedIndex {
    const integer = (expr: Expr | undefined): number | null => {
      if (expr === undefined) return null;
      const v = this.evaluate(expr);
      if (v.kind === 'none') return null;
      if (v.kind === 'bool') return Number(v.value);
      if (v.kind !== 'number' || !Number.isInteger(v.value)) {
        throw new EvaluationError(`indices must be integers known before running (tensor indices are not supported), got ${describe(v)}`, expr.span);
      }
      return v.value;
    };
    switch (item.kind) {
      case 'slice': return { kind: 'slice', start: integer(item.start), stop: integer(item.stop), step: integer(item.step), span: item.span };
      case 'at': {
        const index = integer(item.index);
        if (index === null) return { kind: 'newaxis', span: item.span };
        return { kind: 'at', index, span: item.span };
      }
      default: return { kind: item.kind, span: item.span };
    }
  }
}

type Scalar = Extract<Value, { kind: 'number' } | { kind: 'bool' }>;
const isScalar = (v: Value): v is Scalar => v.kind === 'number' || v.kind === 'bool';

/** Python arithmetic on two numbers (shared with the static folding: applyScalar). */
function scalarBinary(op: BinaryOp, left: Scalar, right: Scalar, e: Expr): Value {
  const a = Number(left.value);
  const b = Number(right.value);
  const result = applyScalar(op, a, b);
  if (result === undefined || (typeof result === 'number' && !Number.isFinite(result))) {
    throw new EvaluationError(`'${op}' cannot be computed for ${a} and ${b}`, e.span);
  }
  if (typeof result === 'boolean') return { kind: 'bool', value: result };
  const ints = (left.kind === 'bool' || left.integer) && (right.kind === 'bool' || right.integer);
  const integer = ints && op !== '/' && !(op === '**' && b < 0);
  return { kind: 'number', value: result as number, integer };
}

/** Integer indexing of a constant list (e.g. `shape[0]` for an argument `shape: [4, 2]`). */
function indexList(list: Extract<Value, { kind: 'list' }>, items: ResolvedIndex[], e: Expr): Value {
  const only = items[0];
  if (items.length !== 1 || only.kind !== 'at') throw new EvaluationError('a list can only be indexed by one integer', e.span);
  const i = only.index < 0 ? only.index + list.items.length : only.index;
  if (i < 0 || i >= list.items.length) throw new EvaluationError(`index ${only.index} is out of range for a list of ${list.items.length}`, e.span);
  return list.items[i];
}

function constant(value: Constant): Value {
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (typeof value === 'number') return { kind: 'number', value, integer: Number.isInteger(value) };
  return { kind: 'list', items: value.map((v) => ({ kind: 'number', value: v, integer: Number.isInteger(v) })) };
}
