import { convOutputLength, tuple } from '../../shape/conv.js';
import { ShapeError } from '../../shape/shape-error.js';
import { formatShape, type Dim, type Shape } from '../../shape/shape.js';
import { requireRank } from './checks.js';
import type { DataFormat } from './conv-params.js';

/** Number of spatial axes: 1 for sequences (Conv1D, pooling 1D), 2 for images. */
export type SpatialRank = 1 | 2;

const AXIS_NAMES: Record<SpatialRank, string[]> = { 1: ['steps'], 2: ['rows', 'cols'] };

/** The layout printed in rank errors, e.g. '(batch, rows, cols, channels)'. */
export function layoutOf(rank: SpatialRank, dataFormat: DataFormat): string {
  const axes = AXIS_NAMES[rank].join(', ');
  return dataFormat === 'channels_last' ? `(batch, ${axes}, channels)` : `(batch, channels, ${axes})`;
}

/** A feature map taken apart: the batch, the spatial dimensions and the channels, wherever the format puts them. */
export interface FeatureMap {
  batch: Dim;
  spatial: Dim[];
  channels: Dim;
}

/** Checks the rank (batch + spatial axes + channels) and splits the input by data format. */
export function readFeatureMap(x: Shape, rank: SpatialRank, dataFormat: DataFormat): FeatureMap {
  requireRank(x, rank + 2, layoutOf(rank, dataFormat));
  return dataFormat === 'channels_last'
    ? { batch: x[0], spatial: x.slice(1, -1), channels: x[x.length - 1] }
    : { batch: x[0], spatial: x.slice(2), channels: x[1] };
}

/** The inverse of `readFeatureMap`. */
export function featureMap(map: FeatureMap, dataFormat: DataFormat): Shape {
  return dataFormat === 'channels_last'
    ? [map.batch, ...map.spatial, map.channels]
    : [map.batch, map.channels, ...map.spatial];
}

/** '4 rows x 1 col' */
export function describeSpatial(dims: readonly Dim[]): string {
  const names = AXIS_NAMES[dims.length as SpatialRank];
  return dims.map((d, i) => (d === 1 ? `1 ${names[i].slice(0, -1)}` : `${d === null ? 'None' : d} ${names[i]}`)).join(' x ');
}

export interface WindowOptions {
  /** The parameter blamed when the window does not fit: 'kernel_size' or 'pool_size'. */
  param: 'kernel_size' | 'pool_size';
  window: number | readonly number[];
  strides: number | readonly number[];
  /** 'valid' or 'same' (the schemas allow no other value). */
  padding: string;
  dilation?: number | readonly number[];
}

/**
 * The spatial output dimensions of a sliding window (convolution or pooling) over `map`, one axis
 * at a time with tfjs's `convOutputLength` (Keras's rule too). Unknown sizes stay unknown. With
 * padding 'valid', a window (dilated) larger than the input would leave nothing: that is an error
 * at `param` (tfjs would silently build a layer with a 0-sized output).
 */
export function slidingWindow(x: Shape, map: FeatureMap, o: WindowOptions): Dim[] {
  const rank = map.spatial.length;
  const window = tuple(o.window, rank);
  const strides = tuple(o.strides, rank);
  const dilation = tuple(o.dilation ?? 1, rank);
  const padding = o.padding === 'same' ? 'same' : 'valid';
  const out = map.spatial.map((length, i) => convOutputLength(length, window[i], padding, strides[i], dilation[i]));
  if (out.some((d) => d !== null && d < 1)) {
    const dilated = dilation.some((d) => d > 1)
      ? ` with dilation_rate ${formatShape(dilation)}, spanning ${window.map((k, i) => k + (k - 1) * (dilation[i] - 1)).join(' x ')},`
      : '';
    throw new ShapeError(
      `has ${o.param} ${formatShape(window)}${dilated} larger than its input's ${describeSpatial(map.spatial)} ` +
        `(input ${formatShape(x)}), so with padding 'valid' its output would be ${describeSpatial(out)}`,
      {
        code: 'shape/non-positive',
        param: o.param,
        hint: `use padding: same, or a smaller ${o.param}${dilated ? ' or dilation_rate' : ''}`,
      },
    );
  }
  return out;
}

/** tfjs (and TensorFlow) convolve with a dilation only at stride 1, on every axis. */
export function requireStridesOrDilation(strides: number | readonly number[], dilation: number | readonly number[], rank: SpatialRank): void {
  const s = tuple(strides, rank);
  const d = tuple(dilation, rank);
  if (s.some((v) => v > 1) && d.some((v) => v > 1)) {
    throw new ShapeError(
      `has strides ${formatShape(s)} and dilation_rate ${formatShape(d)}, but a dilated convolution only runs with strides 1`,
      { code: 'schema/invalid', param: 'dilation_rate', hint: 'set strides: 1 or dilation_rate: 1' },
    );
  }
}
