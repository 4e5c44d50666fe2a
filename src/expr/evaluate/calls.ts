import type { Expr, Span } from '../ast.js';
import { FUNCTION_BY_NAME, type FunctionSpec } from '../functions.js';
import { batchDot, dot, matmul } from './linalg.js';
import { asTensor, EvaluationError, normalizeAxis, product, promote, tensorValue, withZeroGradient, type DType, type Tensor, type Tf, type Value } from './values.js';

type Call = Extract<Expr, { kind: 'call' }>;
/** Arguments of one call by parameter name, already evaluated. */
type Args = Map<string, Value>;

/** Elementwise functions of one tensor; `float` ones compute in float32 (an int input is cast first). */
const UNARY: Record<string, { float: boolean; apply: (tf: Tf, x: Tensor) => Tensor }> = {
  abs: { float: false, apply: (tf, x) => tf.abs(x) },
  exp: { float: true, apply: (tf, x) => tf.exp(x) },
  log: { float: true, apply: (tf, x) => tf.log(x) },
  log1p: { float: true, apply: (tf, x) => tf.log1p(x) },
  expm1: { float: true, apply: (tf, x) => tf.expm1(x) },
  sqrt: { float: true, apply: (tf, x) => tf.sqrt(x) },
  rsqrt: { float: true, apply: (tf, x) => tf.rsqrt(x) },
  square: { float: false, apply: (tf, x) => tf.square(x) },
  reciprocal: { float: true, apply: (tf, x) => tf.reciprocal(x) },
  sin: { float: true, apply: (tf, x) => tf.sin(x) },
  cos: { float: true, apply: (tf, x) => tf.cos(x) },
  tan: { float: true, apply: (tf, x) => tf.tan(x) },
  tanh: { float: true, apply: (tf, x) => tf.tanh(x) },
  sigmoid: { float: true, apply: (tf, x) => tf.sigmoid(x) },
  relu: { float: false, apply: (tf, x) => tf.relu(x) },
  relu6: { float: false, apply: (tf, x) => tf.relu6(x) },
  softplus: { float: true, apply: (tf, x) => tf.softplus(x) },
  elu: { float: true, apply: (tf, x) => tf.elu(x) },
  selu: { float: true, apply: (tf, x) => tf.selu(x) },
  sign: { float: false, apply: (tf, x) => tf.sign(x) },
  // tfjs's round is half-to-even, like NumPy's. Integers are already whole.
  floor: { float: false, apply: (tf, x) => (x.dtype === 'float32' ? tf.floor(x) : x) },
  ceil: { float: false, apply: (tf, x) => (x.dtype === 'float32' ? tf.ceil(x) : x) },
  round: { float: false, apply: (tf, x) => (x.dtype === 'float32' ? tf.round(x) : x) },
  negative: { float: false, apply: (tf, x) => tf.neg(x) },
};

/** Binds positional and keyword arguments to the function's parameters, Python style. */
function bindArguments(spec: FunctionSpec, call: Call, evaluate: (e: Expr) => Value): Args {
  if (call.args.length > spec.params.length) {
    throw new EvaluationError(`${spec.name}() takes at most ${spec.params.length} arguments, got ${call.args.length}`, call.span);
  }
  const args: Args = new Map();
  call.args.forEach((arg, i) => args.set(spec.params[i].name, evaluate(arg)));
  for (const kw of call.kwargs) {
    if (!spec.params.some((p) => p.name === kw.name)) throw new EvaluationError(`${spec.name}() has no parameter '${kw.name}'`, kw.nameSpan);
    if (args.has(kw.name)) throw new EvaluationError(`${spec.name}() got '${kw.name}' twice`, kw.nameSpan);
    args.set(kw.name, evaluate(kw.value));
  }
  for (const p of spec.params) {
    if (args.has(p.name)) continue;
    if (p.default === undefined) throw new EvaluationError(`${spec.name}() is missing the argument '${p.name}'`, call.span);
    args.set(p.name, fromDefault(p.default));
  }
  return args;
}

function fromDefault(d: number | boolean | null | number[]): Value {
  if (d === null) return { kind: 'none' };
  if (typeof d === 'boolean') return { kind: 'bool', value: d };
  if (typeof d === 'number') return { kind: 'number', value: d, integer: Number.isInteger(d) };
  return { kind: 'list', items: d.map((value) => ({ kind: 'number', value, integer: Number.isInteger(value) })) };
}

/** Readers of the static arguments (axes, shapes, flags) and tensor arguments of one call. */
function argReaders(tf: Tf, args: Args, fn: string, span: Span) {
  const get = (name: string): Value => args.get(name)!;
  const number = (name: string): number => {
    const v = get(name);
    if (v.kind === 'number') return v.value;
    if (v.kind === 'bool') return v.value ? 1 : 0;
    throw new EvaluationError(`${fn}(): '${name}' must be a number known before running`, span);
  };
  const int = (name: string): number => {
    const n = number(name);
    if (!Number.isInteger(n)) throw new EvaluationError(`${fn}(): '${name}' must be an integer, got ${n}`, span);
    return n;
  };
  const ints = (name: string, allowNone = false): (number | null)[] => {
    const v = get(name);
    if (v.kind !== 'list') throw new EvaluationError(`${fn}(): '${name}' must be a list of integers`, span);
    return v.items.map((item) => {
      if (allowNone && item.kind === 'none') return null;
      if (item.kind !== 'number' || !Number.isInteger(item.value)) throw new EvaluationError(`${fn}(): '${name}' must be a list of integers`, span);
      return item.value;
    });
  };
  const intOrInts = (name: string): number | number[] | null => {
    const v = get(name);
    if (v.kind === 'none') return null;
    if (v.kind === 'list') return ints(name) as number[];
    return int(name);
  };
  const flag = (name: string): boolean => {
    const v = get(name);
    if (v.kind === 'bool') return v.value;
    if (v.kind === 'number') return v.value !== 0;
    throw new EvaluationError(`${fn}(): '${name}' must be True or False`, span);
  };
  const tensor = (name: string, minimum: DType = 'bool'): Tensor => asTensor(tf, get(name), span, minimum);
  const tensors = (name: string): Tensor[] => {
    const v = get(name);
    if (v.kind !== 'list' || v.items.length === 0) throw new EvaluationError(`${fn}(): '${name}' must be a non-empty list of tensors`, span);
    return promote(tf, v.items, span);
  };
  return { get, number, int, ints, intOrInts, flag, tensor, tensors };
}

/** Calls one allow-listed function with tfjs ops that all have gradients. */
export function callFunction(tf: Tf, call: Call, evaluate: (e: Expr) => Value): Value {
  const spec = FUNCTION_BY_NAME.get(call.callee);
  if (!spec) throw new EvaluationError(`'${call.callee}' is not a function of the expression language`, call.calleeSpan);
  const a = argReaders(tf, bindArguments(spec, call, evaluate), spec.name, call.span);
  const span = call.span;
  const unary = UNARY[spec.name];
  if (unary) return tensorValue(unary.apply(tf, a.tensor('x', unary.float ? 'float32' : 'bool')));

  switch (spec.name) {
    case 'clip': {
      const lo = a.number('min');
      const hi = a.number('max');
      // An int tensor with fractional bounds becomes float32, as NumPy would promote it.
      const x = a.tensor('x', Number.isInteger(lo) && Number.isInteger(hi) ? 'int32' : 'float32');
      return tensorValue(tf.clipByValue(x, lo, hi));
    }
    case 'pow': case 'minimum': case 'maximum': {
      const [x, y] = promote(tf, [a.get('x'), a.get('y')], span, spec.name === 'pow' ? 'int32' : 'bool');
      return tensorValue(spec.name === 'pow' ? tf.pow(x, y) : spec.name === 'minimum' ? tf.minimum(x, y) : tf.maximum(x, y));
    }
    case 'where': {
      const c = a.tensor('condition');
      const condition = c.dtype === 'bool' ? c : withZeroGradient(tf, [c], (t) => tf.notEqual(t, tf.zerosLike(t)));
      const [x, y] = promote(tf, [a.get('x'), a.get('y')], span);
      return tensorValue(tf.where(condition, x, y));
    }
    case 'sum': case 'mean': case 'max': case 'min': case 'prod': case 'std': case 'var': case 'logsumexp':
      return tensorValue(reduce(tf, spec.name, a.tensor('x'), a.intOrInts('axis'), a.flag('keepdims')));
    case 'argmax': case 'argmin': {
      const x = a.tensor('x');
      const axis = normalizeAxis(a.int('axis'), x.rank, span);
      return tensorValue(withZeroGradient(tf, [x], (t) => (spec.name === 'argmax' ? tf.argMax(t, axis) : tf.argMin(t, axis))));
    }
    case 'cumsum': {
      const x = a.tensor('x');
      // Along the last axis only: tfjs's Cumsum gradient transposes wrongly for any other axis.
      const axis = normalizeAxis(a.int('axis'), x.rank, span);
      return tensorValue(alongLastAxis(tf, x.dtype === 'bool' ? tf.cast(x, 'int32') : x, axis, (t) => tf.cumsum(t, t.rank - 1)));
    }
    case 'softmax': case 'log_softmax': {
      const x = a.tensor('x', 'float32');
      const axis = normalizeAxis(a.int('axis'), x.rank, span);
      return tensorValue(alongLastAxis(tf, x, axis, (t) => (spec.name === 'softmax' ? tf.softmax(t) : tf.logSoftmax(t))));
    }
    case 'l2_normalize': {
      // tf.math.l2_normalize: x * rsqrt(max(sum(x ** 2, axis, keepdims), epsilon)).
      const x = a.tensor('x', 'float32');
      const axis = normalizeAxis(a.int('axis'), x.rank, span);
      const squareSum = tf.sum(tf.square(x), axis, true);
      return tensorValue(tf.mul(x, tf.rsqrt(tf.maximum(squareSum, tf.scalar(a.number('epsilon'))))));
    }
    case 'reshape': return tensorValue(reshape(tf, a.tensor('x'), a.ints('shape', true), span));
    case 'transpose': {
      const x = a.tensor('x');
      const axes = a.get('axes').kind === 'none' ? undefined : (a.ints('axes') as number[]).map((p) => normalizeAxis(p, x.rank, span));
      return tensorValue(tf.transpose(x, axes));
    }
    case 'expand_dims': {
      const x = a.tensor('x');
      const axis = a.int('axis');
      return tensorValue(tf.expandDims(x, normalizeAxis(axis, x.rank + 1, span)));
    }
    case 'squeeze': {
      const x = a.tensor('x');
      const axis = a.intOrInts('axis');
      const axes = axis === null
        ? x.shape.map((_, i) => i).filter((i) => i > 0 && x.shape[i] === 1)
        : (typeof axis === 'number' ? [axis] : axis).map((i) => normalizeAxis(i, x.rank, span));
      for (const i of axes) if (x.shape[i] !== 1) throw new EvaluationError(`squeeze: axis ${i} has size ${x.shape[i]}, not 1`, span);
      return tensorValue(tf.reshape(x, x.shape.filter((_, i) => !axes.includes(i))));
    }
    case 'flatten': {
      const x = a.tensor('x');
      return tensorValue(tf.reshape(x, [x.shape[0], product(x.shape.slice(1))]));
    }
    case 'concat': case 'concatenate': {
      const xs = a.tensors('tensors');
      return tensorValue(xs.length === 1 ? xs[0] : tf.concat(xs, normalizeAxis(a.int('axis'), xs[0].rank, span)));
    }
    case 'stack': {
      // expandDims + concat rather than tf.stack, whose gradient (unstack) is slow.
      const xs = a.tensors('tensors');
      const axis = normalizeAxis(a.int('axis'), xs[0].rank + 1, span);
      const expanded = xs.map((t) => tf.expandDims(t, axis));
      return tensorValue(expanded.length === 1 ? expanded[0] : tf.concat(expanded, axis));
    }
    case 'tile': {
      const x = a.tensor('x');
      const reps = a.ints('reps') as number[];
      if (reps.length > x.rank) throw new EvaluationError(`tile: ${reps.length} repetitions for a ${x.rank}D tensor`, span);
      return tensorValue(tf.tile(x, [...x.shape.slice(reps.length).map(() => 1), ...reps]));
    }
    case 'reverse': {
      const x = a.tensor('x');
      const axis = a.intOrInts('axis');
      const axes = axis === null ? x.shape.map((_, i) => i) : (typeof axis === 'number' ? [axis] : axis).map((i) => normalizeAxis(i, x.rank, span));
      return tensorValue(tf.reverse(x, axes));
    }
    case 'matmul': case 'dot': case 'batch_dot': {
      const [x, y] = promote(tf, [a.get('x'), a.get('y')], span, 'float32');
      if (spec.name === 'matmul') return tensorValue(matmul(tf, x, y, span));
      if (spec.name === 'dot') return tensorValue(dot(tf, x, y, span));
      return tensorValue(batchDot(tf, x, y, a.intOrInts('axes'), span));
    }
    default:
      throw new EvaluationError(`${spec.name}() has no tfjs implementation`, call.calleeSpan);
  }
}

function reduce(tf: Tf, name: string, input: Tensor, axis: number | number[] | null, keepdims: boolean): Tensor {
  const axes = axis ?? undefined;
  const float = name === 'mean' || name === 'std' || name === 'var' || name === 'logsumexp';
  const x = float && input.dtype !== 'float32' ? tf.cast(input, 'float32') : input.dtype === 'bool' && name !== 'max' && name !== 'min' ? tf.cast(input, 'int32') : input;
  switch (name) {
    case 'sum': return tf.sum(x, axes, keepdims);
    case 'mean': return tf.mean(x, axes, keepdims);
    case 'max': return tf.max(x, axes, keepdims);
    case 'min': return tf.min(x, axes, keepdims);
    case 'prod': return tf.prod(x, axes, keepdims);
    case 'logsumexp': return tf.logSumExp(x, axes, keepdims);
    default: {
      const variance = tf.moments(x, axes, keepdims).variance;
      return name === 'var' ? variance : tf.sqrt(variance);
    }
  }
}

/** Applies a last-axis-only tfjs op (softmax, cumsum) along any axis by swapping that axis to the end. */
function alongLastAxis(tf: Tf, x: Tensor, axis: number, op: (t: Tensor) => Tensor): Tensor {
  if (axis === x.rank - 1) return op(x);
  const perm = x.shape.map((_, i) => i);
  perm[axis] = x.rank - 1;
  perm[x.rank - 1] = axis;
  return tf.transpose(op(tf.transpose(x, perm)), perm);
}

/** Keras-style reshape: the shape includes the batch axis, written -1 or None. */
function reshape(tf: Tf, x: Tensor, shape: (number | null)[], span: Span): Tensor {
  const target = shape.map((d) => d ?? -1);
  if (target.filter((d) => d === -1).length > 1 && target[0] === -1) target[0] = x.shape[0];
  if (target.filter((d) => d === -1).length > 1) throw new EvaluationError('reshape: only one dimension can be -1', span);
  return tf.reshape(x, target);
}
