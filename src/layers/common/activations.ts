import { z } from '../../zod-configured.js';

/** Keras activation names that tfjs implements (`silu` is Keras's alias of `swish`). */
export const ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'hard_sigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'swish',
  'silu',
  'mish',
  'gelu',
] as const;

export type ActivationName = (typeof ACTIVATIONS)[number];

export const activationName = z.enum(ACTIVATIONS).meta({ id: 'activation' });

/** Keras's `activation=None` means linear; YAML `null` is accepted for it. */
export function activation(defaultValue: ActivationName | null, what = 'Activation function applied to the output') {
  return activationName
    .nullable()
    .default(defaultValue)
    .describe(`${what} (Keras name; null or "linear" for none).`);
}
