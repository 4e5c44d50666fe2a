import { z } from '../zod-configured.js';
import { requireMinRank } from './common/checks.js';
import { dropoutRate, dropoutSeed } from './common/dropout-params.js';
import { defineLayer } from './define.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape } from '../shape/shape.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.Dropout: in training, zeroes a `rate` fraction of the units and scales the rest by 1/(1-rate). */
export default defineLayer({
  type: 'Dropout',
  category: 'regularization',
  rowwise: true,
  description: 'Randomly sets a fraction `rate` of the input units to 0 during training, scaling the rest by 1/(1 - rate).',
  params: () => z.strictObject({
    rate: dropoutRate,
    noise_shape: z
      .array(z.int().positive().nullable())
      .min(1)
      .nullable()
      .default(null)
      .describe(
        'Shape of the binary dropout mask, batch included, one entry per input axis; null takes the input\'s size, ' +
          '1 shares the mask along that axis. E.g. [null, 1, null] drops the same features at every timestep.',
      ),
    seed: dropoutSeed,
  }),
  inferShape([x], p) {
    requireMinRank(x, 1, '(batch, ...)');
    const noise = p.noise_shape;
    if (noise) {
      if (noise.length !== x.length) {
        throw new ShapeError(
          `has noise_shape ${formatShape(noise)} of rank ${noise.length}, but its input ${formatShape(x)} has rank ${x.length}`,
          { code: 'shape/rank', param: 'noise_shape', hint: `give one entry per input axis, batch included, e.g. ${formatShape(x.map(() => null))}` },
        );
      }
      noise.forEach((n, i) => {
        // The mask is broadcast against the input: each entry must be 1 or the input's own size.
        if (n !== null && n !== 1 && x[i] !== null && n !== x[i]) {
          throw new ShapeError(
            `has noise_shape ${formatShape(noise)}, which does not broadcast to its input ${formatShape(x)} (axis ${i}: ${n} vs ${x[i]})`,
            { code: 'shape/incompatible', param: ['noise_shape', i], hint: `use null, 1 or ${x[i]} for axis ${i}` },
          );
        }
      });
    }
    return [...x];
  },
  build(tf, p, ctx) {
    return tf.layers.dropout({ ...K.baseConfig(ctx), rate: p.rate, noiseShape: (p.noise_shape ?? undefined) as number[] | undefined, seed: p.seed });
  },
});
