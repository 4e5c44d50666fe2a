import type { z } from 'zod';
import type { Shape } from '../../shape/shape.js';
import type { TfModule, TfTensor, WeightSpec } from '../define.js';
import { requireRank } from './checks.js';
import { constraint } from './constraints.js';
import { initializer } from './initializers.js';
import { regularizer } from './regularizers.js';

/** DANet's attention modules (PAM, CAM) add `gamma * attention` to their input; gamma starts at 0. */
export const gammaParams = {
  gamma_initializer: initializer(
    'zeros',
    'gamma, the learned weight of the attention output (zeros: the layer starts as the identity, as in DANet)',
  ),
  gamma_regularizer: regularizer('gamma'),
  gamma_constraint: constraint('gamma'),
};

export type GammaParams = { [K in keyof typeof gammaParams]: z.output<(typeof gammaParams)[K]> };

export function gammaWeight(p: GammaParams): WeightSpec {
  return {
    name: 'gamma',
    shape: [1],
    trainable: true,
    initializer: p.gamma_initializer,
    regularizer: p.gamma_regularizer,
    constraint: p.gamma_constraint,
  };
}

/** DANet works on channels_last feature maps. */
export function requireFeatureMap(x: Shape): void {
  requireRank(x, 4, '(batch, height, width, channels)');
}

/** `gamma * attended + x`, with `attended` [B, H*W, C] back in the input's shape. */
export function addScaled(tf: TfModule, gamma: TfTensor, attended: TfTensor, x: TfTensor): TfTensor {
  return tf.add(tf.mul(gamma, tf.reshape(attended, x.shape)), x);
}
