import { z } from 'zod';
import { ShapeError } from '../shape/shape-error.js';
import { defineLayer } from './define.js';

/**
 * keras.layers.Lambda as a safe expression: `expr` is parsed and interpreted, never run as code.
 * The expression language and its shape rules are the next step; until then a Lambda is accepted
 * by the schema and reported as not checked, and layers fed by it are not checked either.
 */
export default defineLayer({
  type: 'Lambda',
  category: 'core',
  description: 'An expression over the inputs (x ** 2, x[:, :, index], ...), parsed and shape-checked, never run as code.',
  arity: { min: 1, max: Number.POSITIVE_INFINITY },
  params: z.strictObject({
    expr: z.string().min(1).max(4000).describe('The expression, e.g. "x ** 2" or "x[:, :, index]"; the single input is `x`.'),
    arguments: z
      .record(z.string(), z.union([z.number(), z.boolean(), z.array(z.number())]))
      .default({})
      .describe('Values bound to names in the expression (Keras `arguments`), e.g. {index: 0}.'),
    output_shape: z
      .array(z.int().positive().nullable())
      .optional()
      .describe('Declared output shape without the batch dimension (Keras `output_shape`); checked against the inferred one.'),
  }),
  inferShape() {
    throw new ShapeError('is not shape-checked yet: the Lambda expression language is not available in this version', {
      code: 'layer/not-implemented',
      hint: 'layers fed by this Lambda are not checked either',
    });
  },
});
