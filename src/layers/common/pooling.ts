import { builtOnFirstUse } from '../../built-on-first-use.js';
import { z } from '../../zod-configured.js';
import type { BuildContext, TfLayer, TfModule } from '../define.js';
import * as K from '../../runtime/keras-config.js';
import type { Shape } from '../../shape/shape.js';
import { dataFormat, intOrTuple, padding, type DataFormat } from './conv-params.js';
import { featureMap, readFeatureMap, slidingWindow, type SpatialRank } from './conv-shape.js';

/** tfjs's 1D pooling layers have no data_format: they pool axis 1 of (batch, steps, channels). */
const channelsLastOnly = z
  .literal('channels_last')
  .default('channels_last')
  .describe('Only channels_last (batch, steps, channels): tfjs\'s 1D pooling has no data_format; transpose with Permute instead.');

const poolPadding = padding().describe('Padding: "valid" (none) or "same" (the output has ceil(size / stride) steps, rows or cols).');

// Each parameter schema below serves two layer types (max and average): built once, on first use,
// so that the JSON Schema defines it once.

/** MaxPooling1D / AveragePooling1D arguments, Keras's names and defaults. */
export const pooling1DParams = builtOnFirstUse(() => z.strictObject({
  pool_size: intOrTuple(1, 'Size of the pooling window: an integer or [size].', 2),
  strides: intOrTuple(1, 'Stride of the window.')
    .nullable()
    .default(null)
    .describe('Stride of the window: an integer or [stride]; null (the default) means pool_size.'),
  padding: poolPadding,
  data_format: channelsLastOnly,
}));

/** MaxPooling2D / AveragePooling2D arguments, Keras's names and defaults. */
export const pooling2DParams = builtOnFirstUse(() => z.strictObject({
  pool_size: intOrTuple(2, 'Size of the pooling window: an integer or [rows, cols].', 2),
  strides: intOrTuple(2, 'Strides of the window.')
    .nullable()
    .default(null)
    .describe('Strides of the window: an integer or [rows, cols]; null (the default) means pool_size.'),
  padding: poolPadding,
  data_format: dataFormat,
}));

interface PoolingParams {
  pool_size: number | number[];
  strides: number | number[] | null;
  padding: string;
  data_format: DataFormat;
}

/** The output of a window pooling: the channels are kept, the spatial axes shrink as a convolution's would. */
export function pooledShape(x: Shape, p: PoolingParams, rank: SpatialRank): Shape {
  const map = readFeatureMap(x, rank, p.data_format);
  const spatial = slidingWindow(x, map, { param: 'pool_size', window: p.pool_size, strides: p.strides ?? p.pool_size, padding: p.padding });
  return featureMap({ ...map, spatial }, p.data_format);
}

const noKeepdims = z
  .literal(false)
  .default(false)
  .describe('Only false (the pooled axes are removed): tfjs\'s global pooling layers have no keepdims; add a Reshape after.');

/** GlobalMaxPooling1D / GlobalAveragePooling1D arguments. */
export const globalPooling1DParams = builtOnFirstUse(() => z.strictObject({ data_format: channelsLastOnly, keepdims: noKeepdims }));

/** GlobalMaxPooling2D / GlobalAveragePooling2D arguments. */
export const globalPooling2DParams = builtOnFirstUse(() => z.strictObject({ data_format: dataFormat, keepdims: noKeepdims }));

/** Global pooling reduces every spatial axis: (batch, channels). */
export function globallyPooledShape(x: Shape, p: { data_format: DataFormat }, rank: SpatialRank): Shape {
  const map = readFeatureMap(x, rank, p.data_format);
  return [map.batch, map.channels];
}

/** The tfjs side of MaxPooling1D/2D and AveragePooling1D/2D (strides default to pool_size, as in Keras). */
export function buildPooling(tf: TfModule, p: PoolingParams, ctx: BuildContext, rank: SpatialRank, kind: 'max' | 'average'): TfLayer {
  const poolSize = K.tuple(p.pool_size, rank);
  const strides = p.strides === null ? poolSize : K.tuple(p.strides, rank);
  const padding = p.padding as 'valid' | 'same';
  if (rank === 1) {
    const config = { ...K.baseConfig(ctx), poolSize: poolSize as [number], strides: strides as [number], padding };
    return kind === 'max' ? tf.layers.maxPooling1d(config) : tf.layers.averagePooling1d(config);
  }
  const config = { ...K.baseConfig(ctx), poolSize: poolSize as [number, number], strides: strides as [number, number], padding, dataFormat: K.dataFormat(p.data_format) };
  return kind === 'max' ? tf.layers.maxPooling2d(config) : tf.layers.averagePooling2d(config);
}
