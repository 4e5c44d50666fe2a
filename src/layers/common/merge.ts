import { z } from '../../zod-configured.js';
import { ShapeError } from '../../shape/shape-error.js';
import { formatShape, type Dim, type Shape } from '../../shape/shape.js';
import { defineLayer, TWO_OR_MORE, type Arity, type BuildContext, type TfLayer, type TfModule } from '../define.js';

/** All input shapes in one line, for messages about inputs that do not fit together. */
export function formatShapes(inputs: readonly Shape[]): string {
  return inputs.map(formatShape).join(', ');
}

/** tfjs's Merge: at most one known batch size among the inputs. */
function mergedBatch(inputs: readonly Shape[]): Dim {
  const sizes = [...new Set(inputs.map((s) => s[0]).filter((d) => d !== null))];
  if (sizes.length > 1) {
    throw new ShapeError(`expects inputs with the same batch size, but got ${formatShapes(inputs)}`, {
      code: 'shape/mismatch',
      hint: 'feed inputs that come from the same batch',
    });
  }
  return sizes[0] ?? null;
}

/**
 * tfjs's `Merge.computeElementwiseOpOutputShape` (Keras 2's rule too), over the axes after the
 * batch: shapes are aligned on their last axis, the extra leading axes of a longer shape are kept,
 * a size 1 broadcasts, and an unknown size (None) on either side gives None.
 */
export function elementwiseMergeShape(inputs: readonly Shape[]): Shape {
  let merged: Dim[] = inputs[0].slice(1);
  for (const input of inputs.slice(1)) {
    const [long, short] = merged.length >= input.length - 1 ? [merged, input.slice(1)] : [input.slice(1), merged];
    const next = long.slice(0, long.length - short.length);
    for (let k = 0; k < short.length; k++) {
      const i = long[long.length - short.length + k];
      const j = short[k];
      if (i === null || j === null) next.push(null);
      else if (i === 1 || i === j) next.push(j);
      else if (j === 1) next.push(i);
      else {
        throw new ShapeError(
          `expects inputs of the same shape (or shapes that broadcast: in each axis, counted from the last, equal sizes or 1), ` +
            `but axis ${k - short.length} has size ${i} in one input and ${j} in another; input shapes: ${formatShapes(inputs)}`,
          {
            code: 'shape/mismatch',
            hint: 'bring the inputs to the same shape before merging, e.g. a Dense or 1x1 Conv2D to match the features/channels, or a Reshape',
          },
        );
      }
    }
    merged = next;
  }
  return [mergedBatch(inputs), ...merged];
}

/** A parameter-less elementwise merge layer (Add, Multiply, ...): one file each stays one call. */
export function elementwiseMergeLayer(spec: {
  type: string;
  description: string;
  arity?: Arity;
  /** The tfjs layer; absent when tfjs has none (Subtract). */
  build?: (tf: TfModule, ctx: BuildContext) => TfLayer;
}) {
  const build = spec.build;
  return defineLayer({
    type: spec.type,
    category: 'merging',
    rowwise: true,
    description: spec.description,
    params: () => z.strictObject({}),
    arity: spec.arity ?? TWO_OR_MORE,
    inferShape: (inputs) => elementwiseMergeShape(inputs),
    ...(build ? { build: (tf: TfModule, _p: unknown, ctx: BuildContext) => build(tf, ctx) } : {}),
  });
}
