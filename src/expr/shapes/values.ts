import { formatShape, type Dim } from '../../shape/shape.js';
import type { Expr, Span } from '../ast.js';
import type { Constant } from '../static.js';

/**
 * What the static shape rules compute for each sub-expression. A tensor's batch axis, when it
 * has one, is always its first axis (`batched`): every rule keeps that invariant or fails, so a
 * Lambda's output always has one row per sample.
 */
export type DType = 'float32' | 'int32' | 'bool';

export interface TensorValue {
  kind: 'tensor';
  shape: Dim[];
  dtype: DType;
  /** Axis 0 is the batch axis (the tensor derives from an input). */
  batched: boolean;
}

/** A compile-time value: a Python number, bool or list of numbers. */
export interface ConstantValue {
  kind: 'constant';
  value: Constant;
}

export type Value = TensorValue | ConstantValue | { kind: 'none' } | { kind: 'list'; items: Value[]; exprs: Expr[] };

export type ErrorCode =
  | 'expr/invalid-argument'
  | 'shape/batch-axis'
  | 'shape/mismatch'
  | 'shape/rank'
  | 'shape/incompatible'
  | 'shape/non-positive'
  | 'shape/unknown-dim';

/** A problem found by a shape rule, at the sub-expression to blame. */
export class ExprShapeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly span: Span,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function fail(code: ErrorCode, message: string, at: { span: Span } | Span, hint?: string): never {
  throw new ExprShapeError(code, message, 'span' in at ? at.span : at, hint);
}

export const show = (shape: readonly Dim[]): string => formatShape(shape);

/** Text of a sub-expression, for messages. */
export function sourceOf(text: string, at: { span: Span }): string {
  const s = text.slice(at.span.start, at.span.end);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** A Python number or list of numbers used as a tensor: shape `()` or `(n,)`, no batch axis. */
export function asTensor(v: Value, at: { span: Span }, what: string): TensorValue {
  if (v.kind === 'tensor') return v;
  if (v.kind === 'constant') {
    if (Array.isArray(v.value)) return { kind: 'tensor', shape: [v.value.length], dtype: v.value.every(Number.isInteger) ? 'int32' : 'float32', batched: false };
    return { kind: 'tensor', shape: [], dtype: typeof v.value === 'boolean' ? 'bool' : Number.isInteger(v.value) ? 'int32' : 'float32', batched: false };
  }
  if (v.kind === 'none') fail('expr/invalid-argument', `None cannot be used as ${what}`, at);
  const nested = constantArray(v);
  if (nested) return { kind: 'tensor', shape: nested.shape, dtype: nested.integer ? 'int32' : 'float32', batched: false };
  const tensors = v.items.every((i) => i.kind === 'tensor');
  return fail('expr/invalid-argument', `a list cannot be used as ${what}`, at, tensors ? 'join tensors with concat([...], axis=...) or stack([...], axis=...)' : undefined);
}

/** Normalises a (possibly negative) axis, or fails naming the valid range. */
export function axisOf(axis: number, rank: number, at: { span: Span }, what = 'axis'): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank) {
    fail('expr/invalid-argument', `${what} ${axis} is out of range for a tensor of rank ${rank} (valid: ${-rank} to ${rank - 1})`, at);
  }
  return a;
}

/** Fails when an operation along `axis` would treat the samples of a batch as one axis of data. */
export function notBatch(t: TensorValue, axis: number, at: { span: Span }, action: string, hint?: string): void {
  if (t.batched && axis === 0) {
    fail('shape/batch-axis', `${action} along axis 0, the batch axis: every sample must stay separate`, at, hint ?? 'use a positive axis (1, 2, ...) or a negative one (-1 is the last axis)');
  }
}

/** The shape of a nested list of numbers (`[[1, 2], [3, 4]]` is (2, 2)); undefined if ragged or not numbers. */
function constantArray(v: Value): { shape: number[]; integer: boolean } | undefined {
  if (v.kind === 'constant') {
    if (Array.isArray(v.value)) return { shape: [v.value.length], integer: v.value.every(Number.isInteger) };
    return typeof v.value === 'number' ? { shape: [], integer: Number.isInteger(v.value) } : undefined;
  }
  if (v.kind !== 'list' || v.items.length === 0) return undefined;
  const inner = v.items.map(constantArray);
  const first = inner[0];
  if (!first || inner.some((i) => !i || i.shape.length !== first.shape.length || i.shape.some((d, k) => d !== first.shape[k]))) return undefined;
  return { shape: [v.items.length, ...first.shape], integer: inner.every((i) => i!.integer) };
}
