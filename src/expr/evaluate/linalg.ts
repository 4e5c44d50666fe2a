import type { Span } from '../ast.js';
import { EvaluationError, normalizeAxis, product, type Tensor, type Tf } from './values.js';

/**
 * NumPy's matmul (`@`): the last two axes multiply, leading axes broadcast; a 1D operand is a
 * row (left) or a column (right) that is dropped afterwards. Batch axes are broadcast
 * explicitly (broadcastTo has a gradient) and folded into one, so any backend's 3D batchMatMul does.
 */
export function matmul(tf: Tf, a: Tensor, b: Tensor, span?: Span): Tensor {
  if (a.rank === 0 || b.rank === 0) throw new EvaluationError('matmul needs tensors of at least 1 dimension, not scalars', span);
  const a2 = a.rank === 1 ? tf.reshape(a, [1, a.shape[0]]) : a;
  const b2 = b.rank === 1 ? tf.reshape(b, [b.shape[0], 1]) : b;
  const [m, k] = a2.shape.slice(-2);
  const [k2, n] = b2.shape.slice(-2);
  if (k !== k2) throw new EvaluationError(`matmul: the inner dimensions differ (${k} and ${k2})`, span);
  const batch = broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2), span);
  const fold = (t: Tensor, rows: number, cols: number): Tensor => {
    const full = [...batch, rows, cols];
    const wide = t.shape.length === full.length && t.shape.every((d, i) => d === full[i]) ? t : tf.broadcastTo(t, full);
    return tf.reshape(wide, [product(batch), rows, cols]);
  };
  let out = tf.reshape(tf.matMul(fold(a2, m, k), fold(b2, k, n)), [...batch, m, n]);
  if (a.rank === 1 && b.rank === 1) out = tf.reshape(out, []);
  else if (a.rank === 1) out = tf.reshape(out, [...batch, n]);
  else if (b.rank === 1) out = tf.reshape(out, [...batch, m]);
  return out;
}

function broadcastShapes(a: number[], b: number[], span?: Span): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new EvaluationError(`cannot broadcast [${a.join(', ')}] with [${b.join(', ')}]`, span);
    out.push(da === 1 ? db : da);
  }
  return out;
}

/**
 * Keras `K.dot` (NumPy's `dot`): contracts x's last axis with y's second-to-last (y's only axis
 * for a vector); the result's shape is x[:-1] + y[:-2] + y[-1:].
 */
export function dot(tf: Tf, x: Tensor, y: Tensor, span?: Span): Tensor {
  if (x.rank === 0 || y.rank === 0) return tf.mul(x, y);
  const k = x.shape[x.rank - 1];
  const contracted = y.rank === 1 ? 0 : y.rank - 2;
  if (y.shape[contracted] !== k) throw new EvaluationError(`dot: x's last axis (${k}) differs from y's axis ${contracted} (${y.shape[contracted]})`, span);
  // y's contracted axis first, then everything else flattened.
  const perm = [contracted, ...y.shape.map((_, i) => i).filter((i) => i !== contracted)];
  const yt = tf.reshape(perm.every((p, i) => p === i) ? y : tf.transpose(y, perm), [k, -1]);
  const xt = tf.reshape(x, [-1, k]);
  const outShape = [...x.shape.slice(0, -1), ...y.shape.slice(0, -2), ...(y.rank === 1 ? [] : [y.shape[y.rank - 1]])];
  return tf.reshape(tf.matMul(xt, yt), outShape);
}

/**
 * Keras `K.batch_dot` (tf.keras.backend, TF 2): per sample, contracts x's axis axes[0] with y's
 * axis axes[1]; default axes are (x's last, y's last for 2D y else y's second-to-last). 2D
 * operands gain an axis that is squeezed again, as Keras does.
 */
export function batchDot(tf: Tf, x: Tensor, y: Tensor, axes: number | number[] | null, span?: Span): Tensor {
  if (x.rank < 2 || y.rank < 2) throw new EvaluationError(`batch_dot needs tensors of rank 2 or more, got ${x.rank}D and ${y.rank}D`, span);
  if (x.shape[0] !== y.shape[0]) throw new EvaluationError(`batch_dot: the batch sizes differ (${x.shape[0]} and ${y.shape[0]})`, span);
  const pair = axes === null ? [x.rank - 1, y.rank === 2 ? 1 : y.rank - 2] : typeof axes === 'number' ? [axes, axes] : axes;
  if (pair.length !== 2) throw new EvaluationError('batch_dot axes must be one integer or two', span);
  let a0 = normalizeAxis(pair[0], x.rank, span);
  const a1 = normalizeAxis(pair[1], y.rank, span);
  if (a0 === 0 || a1 === 0) throw new EvaluationError('batch_dot cannot contract the batch axis (axis 0)', span);
  if (x.shape[a0] !== y.shape[a1]) throw new EvaluationError(`batch_dot: the contracted axes differ (${x.shape[a0]} and ${y.shape[a1]})`, span);

  let xs = x;
  let ys = y;
  if (x.rank === 2) { xs = tf.expandDims(xs, 1); a0 += 1; }
  if (y.rank === 2) ys = tf.expandDims(ys, 2);
  // x's contracted axis last, y's at position 1.
  if (a0 !== xs.rank - 1) xs = tf.transpose(xs, [...xs.shape.map((_, i) => i).filter((i) => i !== a0), a0]);
  if (a1 !== 1) {
    const rest = ys.shape.map((_, i) => i).filter((i) => i !== a1 && i !== 0);
    ys = tf.transpose(ys, [0, a1, ...rest]);
  }
  const xMid = xs.shape.slice(1, -1);
  const yTrail = ys.shape.slice(2);
  const x3 = tf.reshape(xs, [xs.shape[0], product(xMid), xs.shape[xs.rank - 1]]);
  const yShape: number[] = ys.shape;
  const y3 = tf.reshape(ys, [yShape[0], yShape[1], product(yTrail)]);
  let out = tf.reshape(tf.matMul(x3, y3), [xs.shape[0], ...xMid, ...yTrail]);
  if (x.rank === 2) out = tf.squeeze(out, [1]);
  else if (y.rank === 2) out = tf.squeeze(out, [out.rank - 1]);
  return out;
}
