import { z } from '../zod-configured.js';
import { requireRank } from './common/checks.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.RepeatVector: (batch, features) -> (batch, n, features). */
export default defineLayer({
  type: 'RepeatVector',
  category: 'reshaping',
  rowwise: true,
  description: 'Repeats the input n times: (batch, features) -> (batch, n, features).',
  params: () => z.strictObject({
    n: z.int().positive().describe('Number of repetitions (the new axis 1).'),
  }),
  inferShape([x], p) {
    requireRank(x, 2, '(batch, features)');
    return [x[0], p.n, x[1]];
  },
  build(tf, p, ctx) {
    return tf.layers.repeatVector({ ...K.baseConfig(ctx), n: p.n });
  },
});
