import { broadcastShapes } from '../../shape/broadcast.js';
import type { Dim } from '../../shape/shape.js';
import type { Span } from '../ast.js';
import { fail, show, type TensorValue } from './values.js';

/**
 * NumPy broadcasting of several tensors that keeps the batch axis first: a batched operand must
 * have the highest rank (otherwise its batch axis would land in the middle of the result), and
 * the other operands must have size 1 (or nothing) at the batch position.
 */
export function broadcastTensors(operands: readonly { t: TensorValue; span: Span }[], at: { span: Span }, op: string): Dim[] {
  let shape: Dim[] = [];
  for (const o of operands) {
    const next = broadcastShapes(shape, o.t.shape);
    if (!next) {
      fail('shape/mismatch', `${op}: shapes ${operands.map((p) => show(p.t.shape)).join(' and ')} cannot be broadcast together`, at,
        'NumPy broadcasting aligns shapes at the right; each pair of sizes must be equal or one of them 1');
    }
    shape = next;
  }
  const rank = shape.length;
  const batched = operands.filter((o) => o.t.batched);
  for (const b of batched) {
    if (b.t.shape.length < rank) {
      fail('shape/batch-axis', `${op}: broadcasting ${show(b.t.shape)} to rank ${rank} would move its batch axis away from the first position`, b.span,
        'an operand without the batch axis must not have more axes than one with it; index it or use expand_dims on the batched side');
    }
  }
  if (batched.length > 0) {
    for (const o of operands) {
      if (o.t.batched || o.t.shape.length < rank) continue;
      const d = o.t.shape[0];
      if (d !== 1 && d !== null) {
        fail('shape/batch-axis', `${op}: ${show(o.t.shape)} would be broadcast against the batch axis with size ${d}`, o.span,
          'a tensor without the batch axis needs size 1 in the first position, or one axis fewer');
      }
    }
    shape[0] = batched.map((b) => b.t.shape[0]).find((d) => d !== 1) ?? null;
  }
  return shape;
}
