import { z } from '../zod-configured.js';
import { requireMinRank } from './common/checks.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.Masking: masks the timesteps whose features all equal `mask_value` (and zeroes them). */
export default defineLayer({
  type: 'Masking',
  category: 'core',
  rowwise: true,
  description: 'Masks (skips in later layers, and zeroes) every timestep whose features all equal mask_value.',
  params: () => z.strictObject({
    mask_value: z.number().default(0).describe('Feature value that marks a padded timestep.'),
  }),
  inferShape([x]) {
    // The mask is computed over the last (features) axis; on a (batch,) input it would run across samples.
    requireMinRank(x, 2, '(batch, ..., features)');
    return [...x];
  },
  build(tf, p, ctx) {
    return tf.layers.masking({ ...K.baseConfig(ctx), maskValue: p.mask_value });
  },
});
