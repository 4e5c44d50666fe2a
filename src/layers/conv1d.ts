import { z } from '../zod-configured.js';
import { tuple } from '../shape/conv.js';
import { requireKnown } from './common/checks.js';
import { intOrTuple, padding } from './common/conv-params.js';
import { featureMap, readFeatureMap, requireStridesOrDilation, slidingWindow } from './common/conv-shape.js';
import { kernelAndBias, kernelBiasParams } from './common/kernel-bias.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.Conv1D: `activation(conv1d(input, kernel) + bias)` along the steps of a sequence. */
export default defineLayer({
  type: 'Conv1D',
  category: 'convolution',
  rowwise: true,
  description: 'Temporal convolution: activation(conv1d(input, kernel) + bias) over (batch, steps, channels).',
  params: () => z.strictObject({
    filters: z.int().positive().describe('Dimensionality of the output space (the number of output filters).'),
    kernel_size: intOrTuple(1, 'Length of the convolution window: an integer or [length].'),
    strides: intOrTuple(1, 'Stride of the convolution: an integer or [stride].', 1),
    padding: padding().describe(
      'Padding: "valid" (none) or "same" (the output keeps ceil(steps / stride) steps). ' +
        'Keras\'s "causal" is not accepted: tfjs 4.22 does not implement it for Conv1D ' +
        '(put a ZeroPadding1D of (kernel_size - 1) * dilation_rate steps on the left before a "valid" Conv1D instead).',
    ),
    data_format: z
      .literal('channels_last')
      .default('channels_last')
      .describe(
        'Only channels_last (batch, steps, channels): tfjs 4.22 computes channels_first Conv1D with its output ' +
          'in the wrong layout; transpose with Permute instead.',
      ),
    dilation_rate: intOrTuple(1, 'Dilation rate of the window (an integer or [rate]); above 1 only with strides 1.', 1),
    groups: z
      .literal(1)
      .default(1)
      .describe('Number of channel groups; only 1: tfjs has no grouped convolution.'),
    ...kernelBiasParams(),
  }),
  inferShape([x], p) {
    const map = readFeatureMap(x, 1, p.data_format);
    requireStridesOrDilation(p.strides, p.dilation_rate, 1);
    const spatial = slidingWindow(x, map, {
      param: 'kernel_size', window: p.kernel_size, strides: p.strides, padding: p.padding, dilation: p.dilation_rate,
    });
    return featureMap({ batch: map.batch, spatial, channels: p.filters }, p.data_format);
  },
  weights([x], p) {
    const channels = requireKnown(readFeatureMap(x, 1, p.data_format).channels, 'the number of input channels', x);
    return kernelAndBias(p, [...tuple(p.kernel_size, 1), channels, p.filters], [p.filters]);
  },
  build(tf, p, ctx) {
    return tf.layers.conv1d({
      ...K.baseConfig(ctx), filters: p.filters, kernelSize: K.tuple(p.kernel_size, 1), strides: K.tuple(p.strides, 1),
      padding: p.padding as 'valid' | 'same', dataFormat: 'channelsLast', dilationRate: K.tuple(p.dilation_rate, 1) as [number], ...K.kernelBiasConfig(tf, p),
    });
  },
});
