import { z } from '../../zod-configured.js';

const positive = z.int().positive();

/** An integer or a list of `n` integers, as Keras accepts for kernel_size/strides/... */
export function intOrTuple(n: number, description: string, defaultValue?: number) {
  const schema = z.union([positive, z.array(positive).length(n)]);
  return defaultValue === undefined
    ? schema.describe(description)
    : schema.default(defaultValue).describe(description);
}

export function padding(options: readonly string[] = ['valid', 'same']) {
  return z
    .enum(options as [string, ...string[]])
    .default('valid')
    .describe(`Padding: ${options.map((o) => `"${o}"`).join(', ')}. "valid" means none; "same" keeps the size (stride 1).`);
}

export const dataFormat = z
  .enum(['channels_last', 'channels_first'])
  .default('channels_last')
  .describe('Position of the channel axis: channels_last (batch, ..., channels) or channels_first (batch, channels, ...).');

export type DataFormat = z.output<typeof dataFormat>;

export const useBias = z.boolean().default(true).describe('Whether the layer adds a bias vector.');
