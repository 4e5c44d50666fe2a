import type { WeightSpec } from '../define.js';
import { activation } from './activations.js';
import { constraint } from './constraints.js';
import { useBias } from './conv-params.js';
import { initializer, type InitializerSpec } from './initializers.js';
import { activityRegularizer, regularizer } from './regularizers.js';

/**
 * The arguments every Keras layer with a kernel and an optional bias takes (Dense, Conv*,
 * LocallyConnected2D), with Keras's defaults, in Keras's order. Spread into a layer's params.
 */
export function kernelBiasParams() {
  return {
    activation: activation(null),
    use_bias: useBias,
    kernel_initializer: initializer('glorot_uniform', 'the kernel'),
    bias_initializer: initializer('zeros', 'the bias'),
    kernel_regularizer: regularizer('the kernel'),
    bias_regularizer: regularizer('the bias'),
    activity_regularizer: activityRegularizer(),
    kernel_constraint: constraint('the kernel'),
    bias_constraint: constraint('the bias'),
  };
}

/** The `kernel` weight, then `bias` when `use_bias`, as `build` creates them. */
export function kernelAndBias(
  p: { use_bias: boolean; kernel_initializer: InitializerSpec; bias_initializer: InitializerSpec },
  kernelShape: number[],
  biasShape: number[],
): WeightSpec[] {
  return [
    { name: 'kernel', shape: kernelShape, trainable: true, initializer: p.kernel_initializer },
    ...(p.use_bias ? [{ name: 'bias', shape: biasShape, trainable: true, initializer: p.bias_initializer }] : []),
  ];
}
