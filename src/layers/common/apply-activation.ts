import type { TfModule, TfTensor } from '../define.js';
import type { ActivationName } from './activations.js';

/**
 * Keras activations as tensor ops, for layers whose `call` applies one themselves (the tfjs
 * layers take the name instead). The same formulas as tfjs's activations, which the built-in
 * layers use: hard_sigmoid is clip(0.2x + 0.5, 0, 1), gelu the erf form, softmax over the last axis.
 */
const ACTIVATION_OPS: Record<ActivationName, (tf: TfModule, x: TfTensor) => TfTensor> = {
  linear: (_tf, x) => x,
  relu: (tf, x) => tf.relu(x),
  relu6: (tf, x) => tf.relu6(x),
  elu: (tf, x) => tf.elu(x),
  selu: (tf, x) => tf.selu(x),
  sigmoid: (tf, x) => tf.sigmoid(x),
  hard_sigmoid: (tf, x) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1),
  tanh: (tf, x) => tf.tanh(x),
  softmax: (tf, x) => tf.softmax(x, -1),
  softplus: (tf, x) => tf.softplus(x),
  softsign: (tf, x) => tf.div(x, tf.add(tf.abs(x), 1)),
  swish: (tf, x) => tf.mul(x, tf.sigmoid(x)),
  silu: (tf, x) => tf.mul(x, tf.sigmoid(x)),
  mish: (tf, x) => tf.mul(x, tf.tanh(tf.softplus(x))),
  gelu: (tf, x) => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.div(x, Math.SQRT2)), 1)),
};

/** Applies a Keras activation (null = linear) to `x`. */
export function applyActivation(tf: TfModule, name: ActivationName | null, x: TfTensor): TfTensor {
  return name === null ? x : ACTIVATION_OPS[name](tf, x);
}
