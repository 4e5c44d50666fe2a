import type { Dim, Shape } from './shape.js';

/**
 * NumPy broadcasting of two shapes, right-aligned. Returns `undefined` when two known
 * dimensions differ and neither is 1. An unknown dimension against 1 stays unknown.
 */
export function broadcastShapes(a: Shape, b: Shape): Dim[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (da === 1) out.push(db);
    else if (db === 1) out.push(da);
    else if (da === null) out.push(db);
    else if (db === null) out.push(da);
    else if (da === db) out.push(da);
    else return undefined;
  }
  return out;
}
