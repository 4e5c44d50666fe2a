import { z } from '../../zod-configured.js';

/** Keras initializer names (tfjs implements all of them). */
export const INITIALIZERS = [
  'zeros',
  'ones',
  'constant',
  'random_normal',
  'random_uniform',
  'truncated_normal',
  'variance_scaling',
  'orthogonal',
  'identity',
  'glorot_uniform',
  'glorot_normal',
  'he_normal',
  'he_uniform',
  'lecun_normal',
  'lecun_uniform',
] as const;

const seed = z.int().min(0).optional().describe('Seed for reproducible initial values.');

/** The object form: `{type: random_normal, stddev: 0.02}`, Keras's arguments by name. */
const initializerObject = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('zeros').describe('All zeros.') }),
  z.strictObject({ type: z.literal('ones').describe('All ones.') }),
  z.strictObject({
    type: z.literal('constant').describe('Every value set to `value`.'),
    value: z.number().default(0).describe('The constant.'),
  }),
  z.strictObject({
    type: z.literal('random_normal').describe('Normal distribution.'),
    mean: z.number().default(0).describe('Mean.'),
    stddev: z.number().positive().default(0.05).describe('Standard deviation.'),
    seed,
  }),
  z.strictObject({
    type: z.literal('random_uniform').describe('Uniform distribution.'),
    minval: z.number().default(-0.05).describe('Lower bound.'),
    maxval: z.number().default(0.05).describe('Upper bound.'),
    seed,
  }),
  z.strictObject({
    type: z.literal('truncated_normal').describe('Normal distribution cut at two standard deviations.'),
    mean: z.number().default(0).describe('Mean.'),
    stddev: z.number().positive().default(0.05).describe('Standard deviation.'),
    seed,
  }),
  z.strictObject({
    type: z.literal('variance_scaling').describe('Scale adapted to the weight shape.'),
    scale: z.number().positive().default(1).describe('Scaling factor.'),
    mode: z.enum(['fan_in', 'fan_out', 'fan_avg']).default('fan_in').describe('Which fan to scale by.'),
    distribution: z
      .enum(['truncated_normal', 'untruncated_normal', 'uniform'])
      .default('truncated_normal')
      .describe('Distribution to draw from.'),
    seed,
  }),
  z.strictObject({
    type: z.literal('orthogonal').describe('Random orthogonal matrix.'),
    gain: z.number().default(1).describe('Multiplicative factor.'),
    seed,
  }),
  z.strictObject({
    type: z.literal('identity').describe('Identity matrix (2D weights only).'),
    gain: z.number().default(1).describe('Multiplicative factor.'),
  }),
  ...(['glorot_uniform', 'glorot_normal', 'he_normal', 'he_uniform', 'lecun_normal', 'lecun_uniform'] as const).map(
    (name) => z.strictObject({ type: z.literal(name).describe(`Keras's ${name}.`), seed }),
  ),
]);

export const initializerSpec = z.union([z.enum(INITIALIZERS), initializerObject]).meta({ id: 'initializer' });
export type InitializerSpec = z.output<typeof initializerSpec>;

export function initializer(defaultValue: (typeof INITIALIZERS)[number], what: string) {
  return initializerSpec
    .default(defaultValue)
    .describe(`Initializer for ${what}: a Keras name or {type, ...arguments}.`);
}
