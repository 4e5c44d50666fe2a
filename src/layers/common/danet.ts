import type { Shape } from '../../shape/shape.js';
import type { WeightSpec } from '../define.js';
import { requireRank } from './checks.js';
import { constraint } from './constraints.js';
import { initializer, type InitializerSpec } from './initializers.js';
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

export function gammaWeight(p: { gamma_initializer: InitializerSpec }): WeightSpec {
  return { name: 'gamma', shape: [1], trainable: true, initializer: p.gamma_initializer };
}

/** DANet works on channels_last feature maps. */
export function requireFeatureMap(x: Shape): void {
  requireRank(x, 4, '(batch, height, width, channels)');
}
