import { z } from '../zod-configured.js';
import { tuple } from '../shape/conv.js';
import { activation } from './common/activations.js';
import { requireKnown } from './common/checks.js';
import { constraint } from './common/constraints.js';
import { dataFormat, intOrTuple, padding, useBias } from './common/conv-params.js';
import { featureMap, readFeatureMap, slidingWindow } from './common/conv-shape.js';
import { initializer } from './common/initializers.js';
import { activityRegularizer, regularizer } from './common/regularizers.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/**
 * keras.layers.DepthwiseConv2D: each input channel convolved on its own with depth_multiplier
 * kernels, `activation(depthwise_conv2d(input, depthwise_kernel) + bias)`; the output has
 * channels * depth_multiplier channels.
 */
export default defineLayer({
  type: 'DepthwiseConv2D',
  category: 'convolution',
  rowwise: true,
  description: 'Depthwise 2D convolution: each channel convolved on its own, giving channels * depth_multiplier output channels.',
  params: () => z.strictObject({
    kernel_size: intOrTuple(2, 'Height and width of the window: an integer or [rows, cols].'),
    strides: intOrTuple(2, 'Strides of the convolution along the rows and cols: an integer or [rows, cols].', 1),
    padding: padding().describe('Padding: "valid" (none) or "same" (the output has ceil(size / stride) rows and cols).'),
    depth_multiplier: z.int().positive().default(1).describe('Output channels per input channel.'),
    data_format: dataFormat,
    dilation_rate: z
      .union([z.literal(1), z.tuple([z.literal(1), z.literal(1)])])
      .default(1)
      .describe('Only 1 (or [1, 1]): tfjs 4.22\'s DepthwiseConv2D ignores the dilation rate.'),
    activation: activation(null),
    use_bias: useBias,
    depthwise_initializer: initializer('glorot_uniform', 'the depthwise kernel'),
    bias_initializer: initializer('zeros', 'the bias'),
    depthwise_regularizer: regularizer('the depthwise kernel'),
    bias_regularizer: regularizer('the bias'),
    activity_regularizer: activityRegularizer(),
    depthwise_constraint: constraint('the depthwise kernel'),
    bias_constraint: constraint('the bias'),
  }),
  inferShape([x], p) {
    const map = readFeatureMap(x, 2, p.data_format);
    const spatial = slidingWindow(x, map, { param: 'kernel_size', window: p.kernel_size, strides: p.strides, padding: p.padding });
    const channels = map.channels === null ? null : map.channels * p.depth_multiplier;
    return featureMap({ batch: map.batch, spatial, channels }, p.data_format);
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
      ...(p.use_bias
        ? [{ name: 'bias', shape: [channels * p.depth_multiplier], trainable: true, initializer: p.bias_initializer }]
        : []),
    ];
  },
  build(tf, p, ctx) {
    const depthwiseConstraint = K.constraint(tf, p.depthwise_constraint);
    const layer = tf.layers.depthwiseConv2d({
      ...K.baseConfig(ctx), kernelSize: K.tuple(p.kernel_size, 2) as [number, number], strides: K.tuple(p.strides, 2) as [number, number], padding: p.padding as 'valid' | 'same',
      depthMultiplier: p.depth_multiplier, dataFormat: K.dataFormat(p.data_format), activation: K.activation(p.activation), useBias: p.use_bias,
      depthwiseInitializer: K.initializer(tf, p.depthwise_initializer), biasInitializer: K.initializer(tf, p.bias_initializer),
      depthwiseRegularizer: K.regularizer(tf, p.depthwise_regularizer), biasRegularizer: K.regularizer(tf, p.bias_regularizer),
      activityRegularizer: K.activityRegularizer(p.activity_regularizer), depthwiseConstraint,
      biasConstraint: K.constraint(tf, p.bias_constraint),
    });
    // tfjs 4.22's DepthwiseConv2D saves its depthwise *regularizer* as its depthwiseConstraint: a
    // reloaded model would lose the constraint (or get the regularizer as one). Saved correctly here.
    const getConfig = layer.getConfig.bind(layer);
    layer.getConfig = () => ({
      ...getConfig(),
      depthwiseConstraint: depthwiseConstraint ? { className: depthwiseConstraint.getClassName(), config: depthwiseConstraint.getConfig() } : null,
    });
    return layer;
  },
});
