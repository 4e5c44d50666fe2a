import { z } from '../zod-configured.js';
import { tuple } from '../shape/conv.js';
import { requireKnown } from './common/checks.js';
import { dataFormat, intOrTuple, padding } from './common/conv-params.js';
import { featureMap, readFeatureMap, requireStridesOrDilation, slidingWindow } from './common/conv-shape.js';
import { kernelAndBias, kernelBiasParams } from './common/kernel-bias.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.Conv2D: `activation(conv2d(input, kernel) + bias)` over the rows and cols of an image. */
export default defineLayer({
  type: 'Conv2D',
  category: 'convolution',
  rowwise: true,
  description: '2D convolution over images: activation(conv2d(input, kernel) + bias).',
  params: () => z.strictObject({
    filters: z.int().positive().describe('Dimensionality of the output space (the number of output filters).'),
    kernel_size: intOrTuple(2, 'Height and width of the convolution window: an integer or [rows, cols].'),
    strides: intOrTuple(2, 'Strides of the convolution along the rows and cols: an integer or [rows, cols].', 1),
    padding: padding().describe('Padding: "valid" (none) or "same" (the output has ceil(size / stride) rows and cols).'),
    data_format: dataFormat,
    dilation_rate: intOrTuple(2, 'Dilation rate of the window: an integer or [rows, cols]; above 1 only with strides 1.', 1),
    groups: z
      .literal(1)
      .default(1)
      .describe('Number of channel groups; only 1: tfjs has no grouped convolution (it would silently ignore groups).'),
    ...kernelBiasParams(),
  }),
  inferShape([x], p) {
    const map = readFeatureMap(x, 2, p.data_format);
    requireStridesOrDilation(p.strides, p.dilation_rate, 2);
    const spatial = slidingWindow(x, map, {
      param: 'kernel_size', window: p.kernel_size, strides: p.strides, padding: p.padding, dilation: p.dilation_rate,
    });
    return featureMap({ batch: map.batch, spatial, channels: p.filters }, p.data_format);
  },
  weights([x], p) {
    const channels = requireKnown(readFeatureMap(x, 2, p.data_format).channels, 'the number of input channels', x);
    return kernelAndBias(p, [...tuple(p.kernel_size, 2), channels, p.filters], [p.filters]);
  },
  build(tf, p, ctx) {
    return tf.layers.conv2d({
      ...K.baseConfig(ctx), filters: p.filters, kernelSize: K.tuple(p.kernel_size, 2), strides: K.tuple(p.strides, 2),
      padding: p.padding as 'valid' | 'same', dataFormat: K.dataFormat(p.data_format), dilationRate: K.tuple(p.dilation_rate, 2) as [number, number],
      ...K.kernelBiasConfig(tf, p),
    });
  },
});
