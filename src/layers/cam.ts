import { z } from '../zod-configured.js';
import { gammaParams, gammaWeight, requireFeatureMap } from './common/danet.js';
import { defineLayer } from './define.js';

/**
 * DANet's channel attention module. With A the input reshaped to (C, h*w), one row per channel:
 * `out = gamma * reshape(softmax(A · Aᵀ) · A) + x`, the softmax over the last axis (channels): each
 * channel becomes a weighted sum of all channels, weighted by their similarity. This is the Keras
 * ports' formula; DANet's PyTorch original softmaxes `max(A · Aᵀ) - A · Aᵀ` instead.
 * One weight, gamma [1]; the spatial and channel sizes may be unknown.
 */
export default defineLayer({
  type: 'CAM',
  category: 'attention',
  description:
    'DANet channel attention: every channel becomes a softmax-weighted sum of all channels, gamma * attention + input (gamma starts at 0).',
  params: z.strictObject({ ...gammaParams }),
  inferShape([x]) {
    requireFeatureMap(x);
    return [...x];
  },
  weights([x], p) {
    requireFeatureMap(x);
    return [gammaWeight(p)];
  },
});
