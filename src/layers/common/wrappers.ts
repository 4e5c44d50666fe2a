import { z } from '../../zod-configured.js';
import { NestedLayerError } from '../../shape/nested.js';
import { ShapeError } from '../../shape/shape-error.js';

/** The `layer:` of a wrapper: a layer mapping, validated against its own type by `ctx.nested`. */
export function wrappedLayer(description: string) {
  return z
    .looseObject({ type: z.string().describe('The wrapped layer type, e.g. LSTM.') })
    .describe(`${description} Written like any layer, without input or name.`);
}

/**
 * Runs the wrapped layer's rule; a ShapeError it throws is re-thrown as the wrapper's, with its
 * `param` moved under `layer` and the message reworded by `reword`.
 */
export function runWrapped<T>(run: () => T, reword: (message: string) => string = (m) => m): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof ShapeError) || error instanceof NestedLayerError) throw error;
    throw new ShapeError(reword(error.message), {
      code: error.code,
      param: error.param ? ['layer', ...error.param] : undefined,
      hint: error.hint,
    });
  }
}
