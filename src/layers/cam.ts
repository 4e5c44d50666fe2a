import { z } from '../zod-configured.js';
import { addScaled, gammaParams, gammaWeight, requireFeatureMap } from './common/danet.js';
import { defineLayer } from './define.js';

/**
 * DANet's channel attention module. With A the input reshaped to (C, h*w), one row per channel:
 * `out = gamma * reshape(softmax(A · Aᵀ) · A) + x`, the softmax over the last axis (channels): each
 * channel becomes a weighted sum of all channels, weighted by their similarity. DANet's PyTorch
 * original (da_att.py CAM_Module) softmaxes `max(A · Aᵀ) - A · Aᵀ` instead, which, softmax being
 * shift-invariant per row, is softmax(-A · Aᵀ): it weights the *least* similar channels most.
 * (The DANet-keras port computes `vec_a · softmax(vec_aᵀ · vec_a)`, which applies the transpose of
 * this attention; here the rows of the attention sum to 1, as in DANet.)
 * One weight, gamma [1]; the spatial and channel sizes may be unknown.
 */
export default defineLayer({
  type: 'CAM',
  category: 'attention',
  rowwise: true,
  description:
    'DANet channel attention: every channel becomes a softmax-weighted sum of all channels, gamma * attention + input (gamma starts at 0).',
  params: () => z.strictObject({ ...gammaParams }),
  inferShape([x]) {
    requireFeatureMap(x);
    return [...x];
  },
  weights([x], p) {
    requireFeatureMap(x);
    return [gammaWeight(p)];
  },
  call(tf, [x], w) {
    const [batch, height, width, channels] = x.shape;
    const flat = tf.reshape(x, [batch, height * width, channels]); // Aᵀ: [B, HW, C]
    const attention = tf.softmax(tf.matMul(flat, flat, true, false)); // softmax(A · Aᵀ): [B, C, C]
    // (attention · A)ᵀ = Aᵀ · attentionᵀ, on [B, HW, C]
    return addScaled(tf, w.gamma, tf.matMul(flat, attention, false, true), x);
  },
});
