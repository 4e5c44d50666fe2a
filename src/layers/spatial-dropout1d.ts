import { z } from '../zod-configured.js';
import { requireRank } from './common/checks.js';
import { dropoutRate, dropoutSeed } from './common/dropout-params.js';
import { defineLayer } from './define.js';

/** keras.layers.SpatialDropout1D: Dropout with noise shape (batch, 1, channels), so whole channels are dropped. */
export default defineLayer({
  type: 'SpatialDropout1D',
  category: 'regularization',
  description: 'Dropout of entire 1D feature maps: a channel is dropped at every timestep at once (mask shape (batch, 1, channels)).',
  params: z.strictObject({
    rate: dropoutRate,
    seed: dropoutSeed,
  }),
  inferShape([x]) {
    requireRank(x, 3, '(batch, steps, channels)');
    return [...x];
  },
});
