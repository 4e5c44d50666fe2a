import type { Dim } from './shape.js';

export type Padding = 'valid' | 'same' | 'causal' | 'full';

/** Keras `conv_utils.conv_output_length` (tfjs uses the same formula). */
export function convOutputLength(
  length: Dim,
  kernel: number,
  padding: Padding,
  stride: number,
  dilation = 1,
): Dim {
  if (length === null) return null;
  const dilatedKernel = kernel + (kernel - 1) * (dilation - 1);
  let out: number;
  if (padding === 'same' || padding === 'causal') out = length;
  else if (padding === 'valid') out = length - dilatedKernel + 1;
  else out = length + dilatedKernel - 1;
  return Math.floor((out + stride - 1) / stride);
}

/** tfjs `deconvLength` (Conv2DTranspose; tfjs has no output_padding or dilation there). */
export function deconvOutputLength(length: Dim, stride: number, kernel: number, padding: 'valid' | 'same'): Dim {
  if (length === null) return null;
  if (padding === 'valid') return length * stride + Math.max(kernel - stride, 0);
  return length * stride;
}

/** Pooling output length as tfjs computes it (`convOutputLength` with the pool as kernel). */
export function poolOutputLength(length: Dim, pool: number, padding: 'valid' | 'same', stride: number): Dim {
  return convOutputLength(length, pool, padding, stride);
}

/** Keras `normalize_tuple`: `3` -> `[3, 3]`. */
export function tuple(value: number | readonly number[], n: number): number[] {
  return typeof value === 'number' ? Array.from({ length: n }, () => value) : [...value];
}
