import type * as tfTypes from '@tensorflow/tfjs';
import type { Span } from '../ast.js';

/**
 * The tfjs namespace, passed in by the caller: this module never loads tfjs itself. Without
 * `default`, which only some ways of importing tfjs (ESM namespace of a CommonJS package) have.
 */
export type Tf = Omit<typeof tfTypes, 'default'>;
export type Tensor = tfTypes.Tensor;
export type DType = 'float32' | 'int32' | 'bool';

/**
 * What an expression evaluates to. Python scalars and lists stay plain values (indices, axes,
 * shapes) until they meet a tensor; then they become constants of that tensor's dtype.
 */
export type Value =
  | { kind: 'tensor'; tensor: Tensor }
  | { kind: 'number'; value: number; /** a Python int */ integer: boolean }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'list'; items: Value[] };

/** A problem only visible with real tensors (the static checks catch the rest first). */
export class EvaluationError extends Error {
  constructor(message: string, readonly span?: Span) {
    super(message);
    this.name = 'EvaluationError';
  }
}

export const tensorValue = (tensor: Tensor): Value => ({ kind: 'tensor', tensor });

/** Rank of dtypes for promotion, NumPy-like: bool < int32 < float32. */
const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2 };

function dtypeOf(t: Tensor): DType {
  if (t.dtype === 'float32' || t.dtype === 'int32' || t.dtype === 'bool') return t.dtype;
  throw new EvaluationError(`unsupported tensor dtype ${t.dtype}`);
}

/** The weak kind of a Python value (NumPy's rule: a Python scalar adopts the tensor's dtype where it fits). */
function weakDtype(v: Value, span?: Span): DType {
  switch (v.kind) {
    case 'number': return v.integer ? 'int32' : 'float32';
    case 'bool': return 'bool';
    case 'list': return v.items.reduce<DType>((d, item) => (RANK[weakDtype(item, span)] > RANK[d] ? weakDtype(item, span) : d), 'bool');
    default: throw new EvaluationError(`expected a tensor or a number, got ${describe(v)}`, span);
  }
}

function staticData(v: Value, span?: Span): number | boolean | unknown[] {
  switch (v.kind) {
    case 'number': case 'bool': return v.value;
    case 'list': return v.items.map((item) => staticData(item, span));
    default: throw new EvaluationError(`expected a number, got ${describe(v)}`, span);
  }
}

export function describe(v: Value): string {
  switch (v.kind) {
    case 'tensor': return `a ${v.tensor.dtype} tensor of shape [${v.tensor.shape.join(', ')}]`;
    case 'none': return 'None';
    case 'list': return 'a list';
    default: return `the ${v.kind} ${String(v.value)}`;
  }
}

/**
 * Tensors for several operands in one common dtype: tensors decide it (the highest of them),
 * Python scalars only raise it from int/bool to float32 for a float literal. `minimum` forces at
 * least that dtype (float32 for true division and transcendental functions).
 */
export function promote(tf: Tf, values: Value[], span?: Span, minimum: DType = 'bool'): Tensor[] {
  let strong: DType | undefined;
  let weak: DType = minimum;
  for (const v of values) {
    if (v.kind === 'tensor') {
      const d = dtypeOf(v.tensor);
      if (strong === undefined || RANK[d] > RANK[strong]) strong = d;
    } else {
      const d = weakDtype(v, span);
      if (RANK[d] > RANK[weak]) weak = d;
    }
  }
  let target: DType = strong ?? weak;
  if (strong !== undefined && RANK[weak] > RANK[strong]) target = weak === 'bool' ? strong : weak;
  if (RANK[minimum] > RANK[target]) target = minimum;
  return values.map((v) => {
    if (v.kind === 'tensor') return v.tensor.dtype === target ? v.tensor : tf.cast(v.tensor, target);
    const data = staticData(v, span);
    return tf.tensor(data as number, undefined, target);
  });
}

/** One operand as a tensor, at least of dtype `minimum`. */
export function asTensor(tf: Tf, v: Value, span?: Span, minimum: DType = 'bool'): Tensor {
  return promote(tf, [v], span, minimum)[0];
}

/** Non-differentiable ops (comparisons) recorded with a zero gradient: tfjs has none for them. */
export function withZeroGradient(tf: Tf, inputs: Tensor[], compute: (...xs: Tensor[]) => Tensor): Tensor {
  const op = tf.customGrad((...args: unknown[]) => {
    const xs = args.slice(0, inputs.length) as Tensor[];
    return { value: compute(...xs), gradFunc: () => xs.map((x) => tf.zerosLike(x)) };
  });
  return (op as (...xs: Tensor[]) => Tensor)(...inputs);
}

/** Normalizes a possibly negative axis for a tensor of `rank` dimensions. */
export function normalizeAxis(axis: number, rank: number, span?: Span): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new EvaluationError(`axis ${axis} is out of range for a ${rank}D tensor`, span);
  }
  return axis < 0 ? axis + rank : axis;
}

export function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
