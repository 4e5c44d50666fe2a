/**
 * Static shapes are plain data: a list of dimensions where `null` is unknown (always the batch
 * dimension, sometimes a sequence length). They never touch TensorFlow.js.
 */
export type Dim = number | null;
export type Shape = readonly Dim[];

/** Keras prints shapes as tuples with `None`: `(None, 32, 32, 3)`. */
export function formatShape(shape: Shape): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

export function formatDim(dim: Dim): string {
  return dim === null ? 'None' : String(dim);
}

/** Product of known dimensions; `null` if any is unknown. */
export function product(dims: readonly Dim[]): number | null {
  let total = 1;
  for (const d of dims) {
    if (d === null) return null;
    total *= d;
  }
  return total;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Two dimensions are compatible when equal or when either is unknown. */
export function dimsCompatible(a: Dim, b: Dim): boolean {
  return a === null || b === null || a === b;
}

/** Normalises a possibly negative axis against a rank; `undefined` when out of range. */
export function normalizeAxis(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : undefined;
}
