import { z } from '../../zod-configured.js';

/** Keras's `rate`, restricted to [0, 1): tfjs skips dropout entirely at rate 1 (Keras would zero everything). */
export const dropoutRate = z
  .number()
  .min(0)
  .lt(1)
  .describe('Fraction of the input units to drop, in [0, 1). 1 is not accepted: tfjs would then drop nothing at all.');

export const dropoutSeed = z.int().min(0).optional().describe('Seed of the random dropout mask, for reproducible runs.');
