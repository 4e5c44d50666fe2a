import type { Tf } from './patches.js';

/**
 * Gradients for ops whose output is boolean. tfjs registers none, so a gradient through them
 * throws ("gradient function not found for Any"): Masking (`any(notEqual(x, mask_value))` times x)
 * cannot train after a trainable layer. As in TensorFlow, nothing flows through a boolean: zeros.
 */
const BOOLEAN_OPS: Readonly<Record<string, readonly string[]>> = {
  All: ['x'],
  Any: ['x'],
  Equal: ['a', 'b'],
  Greater: ['a', 'b'],
  GreaterEqual: ['a', 'b'],
  Less: ['a', 'b'],
  LessEqual: ['a', 'b'],
  NotEqual: ['a', 'b'],
};

/** Registers the zero gradients tfjs lacks (gradients are global, not per backend); idempotent. */
export function registerBooleanGradients(tf: Tf): void {
  for (const [kernelName, inputs] of Object.entries(BOOLEAN_OPS)) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: [...inputs],
      // Float zeros: tfjs wants float32 gradients even for a boolean or int input.
      gradFunc: (_dy, saved) => Object.fromEntries(inputs.map((name, i) => [name, () => tf.zeros(saved[i].shape, 'float32')])),
    });
  }
}
