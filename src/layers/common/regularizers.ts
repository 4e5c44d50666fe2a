import { z } from '../../zod-configured.js';

const factor = z.number().min(0);

/**
 * Keras regularizers: a name (`l1`, `l2`, `l1_l2`, factor 0.01 as in Keras) or the factors
 * themselves, `{l1: 0.001, l2: 0.01}`.
 */
export const regularizerSpec = z.union([
  z.enum(['l1', 'l2', 'l1_l2']),
  z
    .strictObject({
      l1: factor.optional().describe('L1 factor.'),
      l2: factor.optional().describe('L2 factor.'),
    })
    .refine((r) => r.l1 !== undefined || r.l2 !== undefined, 'give l1, l2 or both'),
]).meta({ id: 'regularizer' });

export function regularizer(what: string) {
  return regularizerSpec
    .nullable()
    .default(null)
    .describe(`Regularizer applied to ${what}: l1, l2, l1_l2 or {l1, l2} factors.`);
}

/**
 * Keras's `activity_regularizer` (a penalty on the layer's output). TensorFlow.js 4.22 cannot run a
 * layer that has one, so only null is accepted, with the reason as the field's description.
 */
export function activityRegularizer() {
  return z
    .null()
    .default(null)
    .describe("Keras's regularizer on the layer's output. Not supported: TensorFlow.js 4.22 cannot run a layer with one; leave it out (or regularize the next layer's kernel instead).");
}
