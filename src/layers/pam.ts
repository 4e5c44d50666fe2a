import { z } from '../zod-configured.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, type Shape } from '../shape/shape.js';
import { requireKnown } from './common/checks.js';
import { constraint } from './common/constraints.js';
import { addScaled, gammaParams, gammaWeight, requireFeatureMap } from './common/danet.js';
import { initializer } from './common/initializers.js';
import { regularizer } from './common/regularizers.js';
import { defineLayer, type TfTensor } from './define.js';

/** The projections b and c have C/8 filters: C must be a positive multiple of 8. */
function requireChannelsDivisibleBy8(x: Shape): void {
  const channels = x[3];
  if (channels !== null && (channels < 8 || channels % 8 !== 0)) {
    const below = 8 * Math.max(1, Math.floor(channels / 8));
    const above = 8 * Math.ceil(channels / 8);
    throw new ShapeError(
      `needs a number of channels that is a multiple of 8 (at least 8), but its input ${formatShape(x)} has ${channels} channels`,
      {
        code: 'shape/incompatible',
        hint:
          `its query and key projections have channels/8 filters; bring its input to ${below === above ? above : `${below} or ${above}`} ` +
          `channels (e.g. the filters of the Conv2D before it), or add a 1x1 Conv2D with ${above} filters before it`,
      },
    );
  }
}

/**
 * DANet's position attention module. With b, c = 1x1 projections of x to C/8 channels and d
 * to C channels (no bias, as in the tutorial; DANet's convs have one), flattened to (h*w, ·):
 * `out = gamma * reshape(softmax(b · cᵀ) · d) + x`. The softmax runs over the h*w positions.
 * Unlike the tutorial's version, which creates the Conv2D layers inside `call`, the projection
 * kernels are weights of the layer: trained and saved. Parameters: 1 + 2*C*(C/8) + C*C.
 */
export default defineLayer({
  type: 'PAM',
  category: 'attention',
  rowwise: true,
  description:
    'DANet position attention: every position becomes a softmax-weighted sum of all positions, gamma * attention + input (gamma starts at 0).',
  params: () => z.strictObject({
    ...gammaParams,
    kernel_initializer: initializer('he_normal', 'the kernels of the 1x1 projections b, c and d (he_normal, as in the tutorial)'),
    kernel_regularizer: regularizer('the projection kernels'),
    kernel_constraint: constraint('the projection kernels'),
  }),
  inferShape([x]) {
    requireFeatureMap(x);
    requireChannelsDivisibleBy8(x);
    return [...x];
  },
  weights([x], p) {
    requireFeatureMap(x);
    const channels = requireKnown(x[3], 'the number of channels (the last axis)', x);
    requireChannelsDivisibleBy8(x);
    const projection = (name: string, filters: number) => ({
      name,
      shape: [1, 1, channels, filters],
      trainable: true,
      initializer: p.kernel_initializer,
      regularizer: p.kernel_regularizer,
      constraint: p.kernel_constraint,
    });
    return [
      gammaWeight(p),
      projection('b_kernel', channels / 8),
      projection('c_kernel', channels / 8),
      projection('d_kernel', channels),
    ];
  },
  call(tf, [x], w) {
    const [batch, height, width, channels] = x.shape;
    const count = height * width;
    // A 1x1 convolution is a matmul over channels, [B*HW, C] x [C, filters]: cheaper than conv2d.
    const rows = tf.reshape(x, [batch * count, channels]);
    const project = (kernel: TfTensor) => tf.reshape(tf.matMul(rows, tf.reshape(kernel, [channels, -1])), [batch, count, -1]);
    const query = project(w.b_kernel);
    const key = project(w.c_kernel);
    const value = project(w.d_kernel);
    // attention[i, j] = softmax_j(b_i · c_j). DANet (da_att.py PAM_Module) computes
    // bmm(value, attentionᵀ) on value [B, C, HW]; its transpose is attention · d on [B, HW, C].
    const attention = tf.softmax(tf.matMul(query, key, false, true));
    return addScaled(tf, w.gamma, tf.matMul(attention, value), x);
  },
});
