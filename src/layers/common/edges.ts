import { z } from '../../zod-configured.js';

const amount = z.int().min(0);
const pair = z.tuple([amount, amount]);

export type EdgeAmounts = number | [number, number] | [[number, number], [number, number]];

/** ZeroPadding2D's `padding` and Cropping2D's `cropping`: the rows and cols to add or remove at each edge. */
export function edgeAmounts(what: string, defaultValue: number) {
  return z
    .union([amount, pair, z.tuple([pair, pair])])
    .default(defaultValue)
    .describe(
      `Rows and cols ${what}: an integer (the same at every edge), [rows, cols] (symmetric) or ` +
        '[[top, bottom], [left, right]].',
    );
}

/** Keras's normalisation: `n` -> [[n, n], [n, n]], `[r, c]` -> [[r, r], [c, c]]. */
export function edgePairs(value: EdgeAmounts): [[number, number], [number, number]] {
  if (typeof value === 'number') return [[value, value], [value, value]];
  const [rows, cols] = value;
  if (typeof rows === 'number' && typeof cols === 'number') return [[rows, rows], [cols, cols]];
  return value as [[number, number], [number, number]];
}
