import { z } from '../zod-configured.js';
import { tuple } from '../shape/conv.js';
import { ShapeError } from '../shape/shape-error.js';
import { activation } from './common/activations.js';
import { requireKnown } from './common/checks.js';
import { constraint } from './common/constraints.js';
import { dataFormat, intOrTuple, padding, useBias } from './common/conv-params.js';
import { featureMap, readFeatureMap, requireStridesOrDilation, slidingWindow } from './common/conv-shape.js';
import { initializer } from './common/initializers.js';
import { activityRegularizer, regularizer } from './common/regularizers.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/**
 * keras.layers.SeparableConv2D: a depthwise convolution (each channel on its own, depth_multiplier
 * outputs per channel) followed by a 1x1 pointwise convolution that mixes the channels:
 * `activation(pointwise(depthwise(input)) + bias)`.
 */
export default defineLayer({
  type: 'SeparableConv2D',
  category: 'convolution',
  rowwise: true,
  description:
    'Depthwise separable 2D convolution: a per-channel depthwise convolution, then a 1x1 pointwise one mixing the channels.',
  params: () => z.strictObject({
    filters: z.int().positive().describe('Dimensionality of the output space (the number of output filters).'),
    kernel_size: intOrTuple(2, 'Height and width of the depthwise window: an integer or [rows, cols].'),
    strides: intOrTuple(2, 'Strides of the depthwise convolution along the rows and cols: an integer or [rows, cols].', 1),
    padding: padding().describe('Padding: "valid" (none) or "same" (the output has ceil(size / stride) rows and cols).'),
    data_format: dataFormat.describe(
      'Position of the channel axis: channels_last (batch, rows, cols, channels) or channels_first ' +
        '(batch, channels, rows, cols). channels_first only with use_bias: false: tfjs 4.22 adds the bias on the wrong axis there.',
    ),
    dilation_rate: intOrTuple(2, 'Dilation rate of the depthwise window: an integer or [rows, cols]; above 1 only with strides 1.', 1),
    depth_multiplier: z.int().positive().default(1).describe('Depthwise outputs per input channel (before the pointwise step).'),
    activation: activation(null),
    use_bias: useBias,
    depthwise_initializer: initializer('glorot_uniform', 'the depthwise kernel'),
    pointwise_initializer: initializer('glorot_uniform', 'the pointwise kernel'),
    bias_initializer: initializer('zeros', 'the bias'),
    depthwise_regularizer: regularizer('the depthwise kernel'),
    pointwise_regularizer: regularizer('the pointwise kernel'),
    bias_regularizer: regularizer('the bias'),
    activity_regularizer: activityRegularizer(),
    depthwise_constraint: constraint('the depthwise kernel'),
    pointwise_constraint: constraint('the pointwise kernel'),
    bias_constraint: constraint('the bias'),
  }),
  inferShape([x], p) {
    const map = readFeatureMap(x, 2, p.data_format);
    if (p.data_format === 'channels_first' && p.use_bias) {
      throw new ShapeError('cannot add a bias with data_format channels_first: tfjs 4.22 adds it on the wrong axis', {
        code: 'schema/invalid',
        param: 'data_format',
        hint: 'use channels_last (Permute the input), or set use_bias: false and add the bias elsewhere',
      });
    }
    requireStridesOrDilation(p.strides, p.dilation_rate, 2);
    const spatial = slidingWindow(x, map, {
      param: 'kernel_size', window: p.kernel_size, strides: p.strides, padding: p.padding, dilation: p.dilation_rate,
    });
    return featureMap({ batch: map.batch, spatial, channels: p.filters }, p.data_format);
  },
  weights([x], p) {
    const channels = requireKnown(readFeatureMap(x, 2, p.data_format).channels, 'the number of input channels', x);
    return [
      {
        name: 'depthwise_kernel',
        shape: [...tuple(p.kernel_size, 2), channels, p.depth_multiplier],
        trainable: true,
        initializer: p.depthwise_initializer,
      },
      {
        name: 'pointwise_kernel',
        shape: [1, 1, channels * p.depth_multiplier, p.filters],
        trainable: true,
        initializer: p.pointwise_initializer,
      },
      ...(p.use_bias ? [{ name: 'bias', shape: [p.filters], trainable: true, initializer: p.bias_initializer }] : []),
    ];
  },
  build(tf, p, ctx) {
    // tfjs 4.22 ignores pointwiseInitializer (it uses depthwiseInitializer for both); passed anyway.
    const layer = tf.layers.separableConv2d({
      ...K.baseConfig(ctx), filters: p.filters, kernelSize: K.tuple(p.kernel_size, 2), strides: K.tuple(p.strides, 2),
      padding: p.padding as 'valid' | 'same', dataFormat: K.dataFormat(p.data_format), dilationRate: K.tuple(p.dilation_rate, 2) as [number, number],
      depthMultiplier: p.depth_multiplier, activation: K.activation(p.activation), useBias: p.use_bias,
      depthwiseInitializer: K.initializer(tf, p.depthwise_initializer), pointwiseInitializer: K.initializer(tf, p.pointwise_initializer),
      biasInitializer: K.initializer(tf, p.bias_initializer), depthwiseRegularizer: K.regularizer(tf, p.depthwise_regularizer),
      pointwiseRegularizer: K.regularizer(tf, p.pointwise_regularizer), biasRegularizer: K.regularizer(tf, p.bias_regularizer),
      activityRegularizer: K.activityRegularizer(p.activity_regularizer), depthwiseConstraint: K.constraint(tf, p.depthwise_constraint),
      pointwiseConstraint: K.constraint(tf, p.pointwise_constraint), biasConstraint: K.constraint(tf, p.bias_constraint),
    });
    // tfjs 4.22's SeparableConv2D leaves depthMultiplier out of its config: a reloaded model would
    // have depth_multiplier 1 and fail to load its weights. Added back on this instance.
    const getConfig = layer.getConfig.bind(layer);
    layer.getConfig = () => ({ ...getConfig(), depthMultiplier: p.depth_multiplier });
    return layer;
  },
});
