import { dimsCompatible, formatDim, type Dim } from '../../shape/shape.js';
import type { Span } from '../ast.js';
import { broadcastTensors } from './broadcasting.js';
import { axisOf, fail, show, type TensorValue } from './values.js';

/**
 * Shape rules of the products: `@`/matmul (NumPy), Keras's K.dot and K.batch_dot. A product
 * must not contract the batch axis (that would sum over samples) nor move it from the front.
 */
type At = { span: Span };

const contractedBatch = (at: At, what: string): never =>
  fail('shape/batch-axis', `${what} would contract the batch axis (sum over the samples)`, at,
    'a batched operand must keep its batch axis first and out of the contracted axes; transposing it is not possible either');

function checkInner(a: Dim, b: Dim, sa: readonly Dim[], sb: readonly Dim[], at: At, op: string): void {
  if (!dimsCompatible(a, b)) {
    fail('shape/mismatch', `${op}: the contracted sizes differ, ${formatDim(a)} in ${show(sa)} and ${formatDim(b)} in ${show(sb)}`, at);
  }
}

/** NumPy matmul: last two axes multiplied, leading axes broadcast, 1-D operands promoted. */
export function matmulShape(a: TensorValue, b: TensorValue, aSpan: Span, bSpan: Span, at: At, op = 'matmul'): TensorValue {
  if (a.shape.length === 0 || b.shape.length === 0) fail('shape/rank', `${op} needs tensors of rank 1 or more, got ${show(a.shape)} and ${show(b.shape)}`, at, 'use * for a product with a scalar');
  if (a.batched && a.shape.length === 1) contractedBatch(at, `${op} of ${show(a.shape)} (a vector of samples)`);
  if (b.batched && b.shape.length <= 2) contractedBatch(at, `${op} with ${show(b.shape)} on the right`);
  const sa = a.shape.length === 1 ? [1, a.shape[0]] : a.shape;
  const sb = b.shape.length === 1 ? [b.shape[0], 1] : b.shape;
  checkInner(sa[sa.length - 1], sb[sb.length - 2], a.shape, b.shape, at, op);
  const m = sa[sa.length - 2];
  const n = sb[sb.length - 1];
  const leadA = sa.slice(0, -2);
  const leadB = sb.slice(0, -2);
  let lead: Dim[];
  let batched = false;
  if (a.batched && a.shape.length === 2) {
    if (leadB.length > 0) {
      fail('shape/batch-axis', `${op} of ${show(a.shape)} and ${show(b.shape)} would move the batch axis away from the first position`, at,
        'the right operand has leading axes that would come before the batch; give the left one matching leading axes');
    }
    lead = [];
    batched = true;
  } else {
    lead = broadcastTensors([
      { t: { ...a, shape: leadA, batched: a.batched }, span: aSpan },
      { t: { ...b, shape: leadB, batched: b.batched }, span: bSpan },
    ], at, op);
    batched = a.batched || b.batched;
  }
  const shape = [...lead];
  if (a.shape.length > 1) shape.push(m);
  if (b.shape.length > 1) shape.push(n);
  return { kind: 'tensor', shape, dtype: a.dtype === 'float32' || b.dtype === 'float32' ? 'float32' : 'int32', batched };
}

/** Keras K.dot: x's last axis with y's second-to-last (y's only axis for a vector). */
export function dotShape(x: TensorValue, y: TensorValue, at: At): TensorValue {
  if (x.shape.length === 0 || y.shape.length === 0) fail('shape/rank', `dot needs tensors of rank 1 or more, got ${show(x.shape)} and ${show(y.shape)}`, at);
  if (x.batched && y.batched) {
    fail('shape/batch-axis', `dot of two batched tensors ${show(x.shape)} and ${show(y.shape)} would pair every sample with every other`, at,
      'use batch_dot(x, y) or matmul (x @ y) for a per-sample product');
  }
  const yAxis = y.shape.length === 1 ? 0 : y.shape.length - 2;
  if (x.batched && x.shape.length === 1) contractedBatch(at, `dot of ${show(x.shape)}`);
  if (y.batched && (yAxis === 0 || x.shape.length > 1)) {
    if (yAxis === 0) contractedBatch(at, `dot with ${show(y.shape)}`);
    fail('shape/batch-axis', `dot of ${show(x.shape)} and ${show(y.shape)} would put the batch axis of the right operand after the axes of the left one`, at,
      'swap the operands or use matmul');
  }
  checkInner(x.shape[x.shape.length - 1], y.shape[yAxis], x.shape, y.shape, at, 'dot');
  const shape = [...x.shape.slice(0, -1), ...(y.shape.length === 1 ? [] : [...y.shape.slice(0, -2), y.shape[y.shape.length - 1]])];
  return { kind: 'tensor', shape, dtype: x.dtype === 'float32' || y.dtype === 'float32' ? 'float32' : 'int32', batched: x.batched || y.batched };
}

/**
 * Keras K.batch_dot: per sample, contract `axes` (default: x's last with y's second-to-last, or
 * y's last when y is 2-D). A 1-D result becomes (batch, 1), as in Keras.
 */
export function batchDotShape(x: TensorValue, y: TensorValue, axes: number | number[] | null, axesAt: At, at: At): TensorValue {
  if (!x.batched || !y.batched) fail('shape/batch-axis', `batch_dot needs two tensors with the batch axis, got ${show(x.shape)} and ${show(y.shape)}`, at, 'use dot or matmul for a product with a constant');
  if (x.shape.length < 2 || y.shape.length < 2) fail('shape/rank', `batch_dot needs tensors of rank 2 or more, got ${show(x.shape)} and ${show(y.shape)}`, at);
  let pair: number[];
  if (axes === null) pair = [x.shape.length - 1, y.shape.length === 2 ? 1 : y.shape.length - 2];
  else if (typeof axes === 'number') pair = [axes, axes];
  else if (axes.length === 2) pair = axes;
  else return fail('expr/invalid-argument', `axes must be one integer or two, got ${axes.length}`, axesAt);
  const xa = axisOf(pair[0], x.shape.length, axesAt, 'axes[0]');
  const ya = axisOf(pair[1], y.shape.length, axesAt, 'axes[1]');
  if (xa === 0 || ya === 0) fail('shape/batch-axis', 'batch_dot cannot contract axis 0, the batch axis', axesAt);
  checkInner(x.shape[xa], y.shape[ya], x.shape, y.shape, at, 'batch_dot');
  if (!dimsCompatible(x.shape[0], y.shape[0])) fail('shape/mismatch', `batch_dot: batch sizes differ in ${show(x.shape)} and ${show(y.shape)}`, at);
  const shape = [...x.shape.filter((_, i) => i !== xa), ...y.shape.filter((_, i) => i !== 0 && i !== ya)];
  if (shape.length === 1) shape.push(1);
  return { kind: 'tensor', shape, dtype: x.dtype === 'float32' || y.dtype === 'float32' ? 'float32' : 'int32', batched: true };
}
