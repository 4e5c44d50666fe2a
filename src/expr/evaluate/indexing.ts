import type { Span } from '../ast.js';
import { EvaluationError, product, type Tensor, type Tf } from './values.js';

/** One item of `x[...]` with its bounds already evaluated to Python integers (`null` = omitted / None). */
export type ResolvedIndex =
  | { kind: 'slice'; start: number | null; stop: number | null; step: number | null; span?: Span }
  | { kind: 'ellipsis'; span?: Span }
  | { kind: 'newaxis'; span?: Span }
  | { kind: 'at'; index: number; span?: Span };

/** Python's `slice.indices(n)` followed by the element count: the first index taken and how many. */
export function sliceRange(n: number, start: number | null, stop: number | null, step: number | null, span?: Span): { first: number; count: number; step: number } {
  const s = step ?? 1;
  if (s === 0) throw new EvaluationError('slice step cannot be zero', span);
  if (s > 0) {
    const lo = start === null ? 0 : start < 0 ? Math.max(0, start + n) : Math.min(start, n);
    const hi = stop === null ? n : stop < 0 ? Math.max(0, stop + n) : Math.min(stop, n);
    return { first: lo, count: hi > lo ? Math.ceil((hi - lo) / s) : 0, step: s };
  }
  const hi = start === null ? n - 1 : start < 0 ? Math.max(-1, start + n) : Math.min(start, n - 1);
  const lo = stop === null ? -1 : stop < 0 ? Math.max(-1, stop + n) : Math.min(stop, n - 1);
  return { first: hi, count: hi > lo ? Math.ceil((hi - lo) / -s) : 0, step: s };
}

/**
 * NumPy basic indexing with differentiable tfjs ops only (tfjs has no gradient for stridedSlice):
 * one `slice` of the covered range, every |step| > 1 taken by padding the axis to a multiple of
 * the step, reshaping it to (count, step) and keeping column 0 (pad, reshape and slice all have
 * gradients, unlike gather's on the wasm backend), `reverse` for negative steps, and a final
 * `reshape` that drops integer-indexed axes and inserts `None` axes.
 */
export function indexTensor(tf: Tf, x: Tensor, items: readonly ResolvedIndex[], span?: Span): Tensor {
  const shape = x.shape;
  const consuming = items.filter((i) => i.kind === 'slice' || i.kind === 'at').length;
  const ellipses = items.filter((i) => i.kind === 'ellipsis').length;
  if (ellipses > 1) throw new EvaluationError("an index can only have a single ellipsis ('...')", span);
  if (consuming > shape.length) throw new EvaluationError(`too many indices for a ${shape.length}D tensor: ${consuming} were indexed`, span);

  const full = (): ResolvedIndex => ({ kind: 'slice', start: null, stop: null, step: null });
  const expanded: ResolvedIndex[] = [];
  for (const item of items) {
    if (item.kind === 'ellipsis') for (let i = consuming; i < shape.length; i++) expanded.push(full());
    else expanded.push(item);
  }
  if (ellipses === 0) for (let i = consuming; i < shape.length; i++) expanded.push(full());

  const begin: number[] = [];
  const size: number[] = [];
  const strides: number[] = [];
  const reversed: number[] = [];
  const outShape: number[] = [];
  let axis = 0;
  for (const item of expanded) {
    if (item.kind === 'newaxis') {
      outShape.push(1);
      continue;
    }
    const n = shape[axis];
    if (item.kind === 'at') {
      const i = item.index < 0 ? item.index + n : item.index;
      if (!Number.isInteger(item.index) || i < 0 || i >= n) {
        throw new EvaluationError(`index ${item.index} is out of bounds for axis ${axis} with size ${n}`, item.span ?? span);
      }
      begin.push(i); size.push(1); strides.push(1);
    } else if (item.kind === 'slice') {
      const { first, count, step } = sliceRange(n, item.start, item.stop, item.step, item.span ?? span);
      const stride = Math.abs(step);
      if (count === 0) {
        begin.push(0); size.push(0); strides.push(1);
      } else {
        begin.push(step > 0 ? first : first + (count - 1) * step);
        size.push((count - 1) * stride + 1);
        strides.push(count > 1 ? stride : 1);
        if (step < 0 && count > 1) reversed.push(axis);
      }
      outShape.push(count);
    }
    axis++;
  }

  let y = begin.every((b) => b === 0) && size.every((s, i) => s === shape[i]) ? x : tf.slice(x, begin, size);
  strides.forEach((stride, a) => {
    if (stride > 1) y = everyNth(tf, y, a, stride);
  });
  if (reversed.length > 0) y = tf.reverse(y, reversed);
  const same = outShape.length === y.shape.length && outShape.every((d, i) => d === y.shape[i]);
  if (!same) {
    if (product(outShape) !== product(y.shape)) throw new EvaluationError('internal error: index shape mismatch', span);
    y = tf.reshape(y, outShape);
  }
  return y;
}

/** Elements 0, n, 2n, ... of `axis`, whose length is (count - 1) * n + 1. */
function everyNth(tf: Tf, x: Tensor, axis: number, n: number): Tensor {
  const length = x.shape[axis];
  const count = Math.ceil(length / n);
  const padding = x.shape.map((_, a): [number, number] => [0, a === axis ? count * n - length : 0]);
  const padded = tf.pad(x, padding);
  const pre = x.shape.slice(0, axis);
  const post = x.shape.slice(axis + 1);
  const grouped = tf.reshape(padded, [...pre, count, n, ...post]);
  const firsts = tf.slice(grouped, grouped.shape.map(() => 0), [...pre, count, 1, ...post]);
  return tf.reshape(firsts, [...pre, count, ...post]);
}
