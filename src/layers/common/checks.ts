import { ShapeError } from '../../shape/shape-error.js';
import { formatShape, type Dim, type Shape } from '../../shape/shape.js';

/** Requires an exact rank (batch included), e.g. 4 for images. */
export function requireRank(input: Shape, rank: number, what: string): void {
  if (input.length !== rank) {
    throw new ShapeError(
      `expects a ${rank}D input ${what}, but got ${input.length}D input ${formatShape(input)}`,
      { code: 'shape/rank' },
    );
  }
}

export function requireMinRank(input: Shape, rank: number, what: string): void {
  if (input.length < rank) {
    throw new ShapeError(
      `expects an input of rank ${rank} or more ${what}, but got ${input.length}D input ${formatShape(input)}`,
      { code: 'shape/rank' },
    );
  }
}

/** A weight shape needs this dimension: unknown (None) is an error. */
export function requireKnown(dim: Dim, what: string, input: Shape): number {
  if (dim === null) {
    throw new ShapeError(
      `needs ${what} to be known to create its weights, but the input shape is ${formatShape(input)}`,
      { code: 'shape/unknown-dim' },
    );
  }
  return dim;
}

/** An output dimension that came out below 1 (kernel larger than the input, too much cropping). */
export function requirePositive(dim: Dim, what: string, param?: string): Dim {
  if (dim !== null && dim < 1) {
    throw new ShapeError(`${what} would be ${dim}`, { code: 'shape/non-positive', param });
  }
  return dim;
}
