import { z } from '../../zod-configured.js';

const axis = z.union([z.int(), z.array(z.int())]).default(0).describe('Axis or axes along which the norm is computed.');

export const constraintSpec = z.union([
  z.enum(['non_neg', 'unit_norm', 'max_norm', 'min_max_norm', 'radial_constraint']),
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('non_neg').describe('Weights kept >= 0.') }),
    z.strictObject({ type: z.literal('unit_norm').describe('Norm kept at 1.'), axis }),
    z.strictObject({
      type: z.literal('max_norm').describe('Norm kept <= max_value.'),
      max_value: z.number().positive().default(2).describe('Maximum norm.'),
      axis,
    }),
    z.strictObject({
      type: z.literal('min_max_norm').describe('Norm kept between min_value and max_value.'),
      min_value: z.number().min(0).default(0).describe('Minimum norm.'),
      max_value: z.number().positive().default(1).describe('Maximum norm.'),
      rate: z.number().min(0).max(1).default(1).describe('Rate of enforcement.'),
      axis,
    }),
    z.strictObject({ type: z.literal('radial_constraint').describe('Radially constant kernel (2D conv).') }),
  ]),
]).meta({ id: 'constraint' });

export function constraint(what: string) {
  return constraintSpec
    .nullable()
    .default(null)
    .describe(`Constraint applied to ${what} after each update: a Keras name or {type, ...}.`);
}
