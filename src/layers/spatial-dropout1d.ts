import { z } from '../zod-configured.js';
import { requireRank } from './common/checks.js';
import { dropoutRate, dropoutSeed } from './common/dropout-params.js';
import { defineLayer } from './define.js';
import type { TfModule } from './define.js';

/** keras.layers.SpatialDropout1D: Dropout with noise shape (batch, 1, channels), so whole channels are dropped. */
export default defineLayer({
  type: 'SpatialDropout1D',
  category: 'regularization',
  rowwise: true,
  description: 'Dropout of entire 1D feature maps: a channel is dropped at every timestep at once (mask shape (batch, 1, channels)).',
  params: () => z.strictObject({
    rate: dropoutRate,
    seed: dropoutSeed,
  }),
  inferShape([x]) {
    requireRank(x, 3, '(batch, steps, channels)');
    return [...x];
  },
  build(tf, p, ctx) {
    // Its config type is a JSON dict: no undefined values.
    const config: Record<string, number | string | boolean> = { rate: p.rate, trainable: ctx.trainable };
    if (ctx.name !== undefined) config.name = ctx.name;
    if (p.seed !== undefined) config.seed = p.seed;
    return tf.layers.spatialDropout1d(config as unknown as Parameters<TfModule['layers']['spatialDropout1d']>[0]);
  },
});
