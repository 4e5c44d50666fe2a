import { z } from '../zod-configured.js';
import { convOutputLength, tuple } from '../shape/conv.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, type Shape } from '../shape/shape.js';
import { applyActivation } from './common/apply-activation.js';
import { requireKnown, requireRank } from './common/checks.js';
import { dataFormat, intOrTuple, padding, type DataFormat } from './common/conv-params.js';
import { kernelAndBias, kernelBiasParams } from './common/kernel-bias.js';
import { unsharedConv2d } from './common/local-conv.js';
import { defineLayer } from './define.js';

interface Geometry {
  channels: number | null;
  outRows: number;
  outCols: number;
}

/** Keras 2's build: the rows and cols must be known (one kernel per output position), the output at least 1x1. */
function geometry(
  x: Shape,
  p: { kernel_size: number | number[]; strides: number | number[]; padding: string; data_format: DataFormat },
): Geometry {
  const layout = p.data_format === 'channels_last' ? '(batch, rows, cols, channels)' : '(batch, channels, rows, cols)';
  requireRank(x, 4, layout);
  const [rows, cols, channels] = p.data_format === 'channels_last' ? [x[1], x[2], x[3]] : [x[2], x[3], x[1]];
  if (rows === null || cols === null) {
    throw new ShapeError(
      `needs the rows and cols of its input to be known (its weights are not shared: there is one kernel per output position), ` +
        `but the input shape is ${formatShape(x)} ${layout}`,
      { code: 'shape/unknown-dim', hint: 'give the height and width of the model input a fixed size, or use Conv2D, whose weights are shared' },
    );
  }
  const kernel = tuple(p.kernel_size, 2);
  const strides = tuple(p.strides, 2);
  const mode = p.padding as 'valid' | 'same';
  const outRows = convOutputLength(rows, kernel[0], mode, strides[0]) as number;
  const outCols = convOutputLength(cols, kernel[1], mode, strides[1]) as number;
  if (outRows < 1 || outCols < 1) {
    throw new ShapeError(
      `has kernel_size ${formatShape(kernel)}, larger than its input's ${rows} rows x ${cols} cols (input ${formatShape(x)}), ` +
        `so with padding 'valid' its output would be ${outRows} x ${outCols}`,
      { code: 'shape/non-positive', param: 'kernel_size', hint: 'use a smaller kernel_size, or padding: same' },
    );
  }
  return { channels, outRows, outCols };
}

/**
 * Keras 2 LocallyConnected2D: a Conv2D whose weights are not shared, one kernel per output
 * position: `out[i, j] = activation(patch(i, j) · kernel[i*ow + j] + bias[i, j])`, where
 * `patch(i, j)` is the kh x kw x C input window flattened. Parameters:
 * (oh*ow)*(kh*kw*C*filters) + (oh*ow)*filters, as the Keras docstring says.
 */
export default defineLayer({
  type: 'LocallyConnected2D',
  category: 'custom',
  rowwise: true,
  description:
    'Like Conv2D but with unshared weights: a different kernel (and bias) at each output position (Keras 2 semantics and weight layout).',
  params: () => z.strictObject({
    filters: z.int().positive().describe('Dimensionality of the output space (the number of output filters).'),
    kernel_size: intOrTuple(2, 'Height and width of the window: an integer or [rows, cols].'),
    strides: intOrTuple(2, 'Strides of the window along the rows and cols: an integer or [rows, cols].', 1),
    padding: padding().describe(
      'Padding: "valid" (no padding; the only value Keras 2 accepts) or "same", a layerspec extension: the input is ' +
        'zero-padded as Conv2D does, so the output has ceil(size / stride) rows and cols, each position with its own kernel.',
    ),
    data_format: dataFormat,
    ...kernelBiasParams(),
  }),
  inferShape([x], p) {
    const g = geometry(x, p);
    return p.data_format === 'channels_last'
      ? [x[0], g.outRows, g.outCols, p.filters]
      : [x[0], p.filters, g.outRows, g.outCols];
  },
  weights([x], p) {
    const g = geometry(x, p);
    const channels = requireKnown(g.channels, 'the number of channels', x);
    const [kh, kw] = tuple(p.kernel_size, 2);
    // Keras 2's layout: one kernel matrix per output position, one bias per position and filter.
    const weights = kernelAndBias(p, [g.outRows * g.outCols, kh * kw * channels, p.filters], [g.outRows, g.outCols, p.filters]);
    return weights.map((w) => w.name === 'kernel'
      ? { ...w, regularizer: p.kernel_regularizer, constraint: p.kernel_constraint }
      : { ...w, regularizer: p.bias_regularizer, constraint: p.bias_constraint });
  },
  call(tf, [x], w, p) {
    // The per-position products as a few large ops (src/layers/common/local-conv.ts), not Keras 2's loop.
    let out = unsharedConv2d(tf, x, w.kernel, p);
    const [oh, ow] = p.data_format === 'channels_first' ? out.shape.slice(2) : out.shape.slice(1, 3);
    // Keras 2 adds the [oh, ow, filters] bias REshaped (not transposed) to [1, filters, oh, ow] for channels_first.
    if (w.bias) out = tf.add(out, tf.reshape(w.bias, p.data_format === 'channels_first' ? [1, p.filters, oh, ow] : [1, oh, ow, p.filters]));
    return applyActivation(tf, p.activation, out);
  },
});
