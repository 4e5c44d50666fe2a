import type { Dim } from '../../shape/shape.js';
import type { Expr, IndexItem } from '../ast.js';
import { fail, show, type TensorValue } from './values.js';

/**
 * NumPy basic indexing, statically: `x[:, 1:-1:2, index, None, ...]`. Slices keep their axis
 * (Python's slice.indices rules, negative bounds and steps), integers drop it, `None` inserts an
 * axis of size 1, `...` stands for as many full slices as needed. The batch axis (axis 0) must be
 * taken whole by `:` so that every sample stays; a `None` before it would move it.
 */
export interface IndexContext {
  /** The static integer value of a bound, index or step, or a failure naming `what`. */
  integer(expr: Expr, what: string): number;
}

export function indexShape(t: TensorValue, items: readonly IndexItem[], node: { span: { start: number; end: number } }, ctx: IndexContext): Dim[] {
  const consuming = items.filter((i) => i.kind === 'slice' || i.kind === 'at').length;
  if (consuming > t.shape.length) {
    fail('shape/rank', `too many indices: ${consuming} for a tensor of shape ${show(t.shape)} (rank ${t.shape.length})`, node,
      t.batched ? 'the first index is the batch axis: write x[:, ...] to index the features' : undefined);
  }
  const ellipsisFill = t.shape.length - consuming;
  const expanded: (IndexItem | { kind: 'fill' })[] = [];
  for (const item of items) {
    if (item.kind === 'ellipsis') for (let k = 0; k < ellipsisFill; k++) expanded.push({ kind: 'fill' });
    else expanded.push(item);
  }
  if (!items.some((i) => i.kind === 'ellipsis')) for (let k = 0; k < ellipsisFill; k++) expanded.push({ kind: 'fill' });

  const out: Dim[] = [];
  let axis = 0;
  for (const item of expanded) {
    if (item.kind === 'newaxis') {
      if (t.batched && axis === 0) {
        fail('shape/batch-axis', 'None (a new axis) before the batch axis would move the batch axis away from the first position', item,
          'insert new axes after the batch axis: x[:, None]');
      }
      out.push(1);
      continue;
    }
    const dim = t.shape[axis];
    if (item.kind === 'fill') {
      out.push(dim);
    } else if (item.kind === 'at') {
      const i = ctx.integer(item.index, 'an index');
      if (t.batched && axis === 0) {
        fail('shape/batch-axis', `the integer index ${i} would select one sample of the batch (axis 0 is the batch axis)`, item,
          'keep the batch axis whole with `:` and index the features: x[:, ...]');
      }
      if (dim !== null && (i < -dim || i >= dim)) {
        fail('shape/incompatible', `index ${i} is out of range for axis ${axis} of size ${dim} in ${show(t.shape)} (valid: ${-dim} to ${dim - 1})`, item);
      }
    } else if (item.kind === 'slice') {
      const step = item.step ? ctx.integer(item.step, 'a slice step') : 1;
      if (step === 0) fail('expr/invalid-argument', 'a slice step cannot be zero', item.step ?? item);
      const start = item.start ? ctx.integer(item.start, 'a slice start') : undefined;
      const stop = item.stop ? ctx.integer(item.stop, 'a slice stop') : undefined;
      if (t.batched && axis === 0 && (start !== undefined || stop !== undefined || step !== 1)) {
        fail('shape/batch-axis', 'axis 0 is the batch axis: it must be taken whole with `:`', item,
          'slice the features instead: x[:, ...]; the batch axis is never sliced in a Lambda');
      }
      const length = sliceLength(dim, start, stop, step);
      if (length === 0) {
        fail('shape/non-positive', `the slice selects no elements along axis ${axis} (size ${dim}) of ${show(t.shape)}`, item,
          step > 0 ? 'a slice start:stop takes the elements from start up to, not including, stop' : 'with a negative step the start must be after the stop');
      }
      out.push(length);
    }
    axis++;
  }
  return out;
}

/** The length of `start:stop:step` over an axis of size `n` (Python's slice.indices); null if unknown. */
export function sliceLength(n: Dim, start: number | undefined, stop: number | undefined, step: number): Dim {
  if (n === null) return null;
  const lower = step > 0 ? 0 : -1;
  const upper = step > 0 ? n : n - 1;
  const clamp = (v: number | undefined, fallback: number): number => {
    if (v === undefined) return fallback;
    if (v < 0) return Math.max(v + n, lower);
    return Math.min(v, upper);
  };
  const a = clamp(start, step > 0 ? lower : upper);
  const b = clamp(stop, step > 0 ? upper : lower);
  return step > 0 ? Math.max(0, Math.ceil((b - a) / step)) : Math.max(0, Math.ceil((a - b) / -step));
}
