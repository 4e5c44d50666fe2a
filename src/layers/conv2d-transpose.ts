import { z } from '../zod-configured.js';
import { deconvOutputLength, tuple } from '../shape/conv.js';
import { requireKnown } from './common/checks.js';
import { dataFormat, intOrTuple, padding } from './common/conv-params.js';
import { featureMap, readFeatureMap } from './common/conv-shape.js';
import { kernelAndBias, kernelBiasParams } from './common/kernel-bias.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/**
 * keras.layers.Conv2DTranspose: the gradient of a Conv2D with respect to its input
 * ("deconvolution"), `activation(conv2d_transpose(input, kernel) + bias)`; it upsamples by the strides.
 */
export default defineLayer({
  type: 'Conv2DTranspose',
  category: 'convolution',
  rowwise: true,
  description: 'Transposed 2D convolution ("deconvolution"): upsamples by the strides, activation(conv2d_transpose(input, kernel) + bias).',
  params: () => z.strictObject({
    filters: z.int().positive().describe('Dimensionality of the output space (the number of output filters).'),
    kernel_size: intOrTuple(2, 'Height and width of the convolution window: an integer or [rows, cols].'),
    strides: intOrTuple(2, 'Strides (the upsampling factors) along the rows and cols: an integer or [rows, cols].', 1),
    padding: padding().describe(
      'Padding: "same" (the output has size * stride rows and cols) or "valid" ' +
        '(size * stride + max(kernel_size - stride, 0), tfjs\'s rule).',
    ),
    output_padding: z
      .null()
      .default(null)
      .describe('Only null (the output size is inferred from padding): tfjs has no output_padding for Conv2DTranspose.'),
    data_format: dataFormat,
    dilation_rate: z
      .union([z.literal(1), z.tuple([z.literal(1), z.literal(1)])])
      .default(1)
      .describe('Only 1 (or [1, 1]): tfjs\'s Conv2DTranspose has no dilation (it would silently ignore it).'),
    ...kernelBiasParams(),
  }),
  inferShape([x], p) {
    const map = readFeatureMap(x, 2, p.data_format);
    const kernel = tuple(p.kernel_size, 2);
    const strides = tuple(p.strides, 2);
    const mode = p.padding === 'same' ? 'same' : 'valid';
    const spatial = map.spatial.map((length, i) => deconvOutputLength(length, strides[i], kernel[i], mode));
    return featureMap({ batch: map.batch, spatial, channels: p.filters }, p.data_format);
  },
  weights([x], p) {
    const channels = requireKnown(readFeatureMap(x, 2, p.data_format).channels, 'the number of input channels', x);
    // Transposed: the output filters come before the input channels.
    return kernelAndBias(p, [...tuple(p.kernel_size, 2), p.filters, channels], [p.filters]);
  },
  build(tf, p, ctx) {
    return tf.layers.conv2dTranspose({
      ...K.baseConfig(ctx), filters: p.filters, kernelSize: K.tuple(p.kernel_size, 2), strides: K.tuple(p.strides, 2),
      padding: p.padding as 'valid' | 'same', dataFormat: K.dataFormat(p.data_format), ...K.kernelBiasConfig(tf, p),
    });
  },
});
