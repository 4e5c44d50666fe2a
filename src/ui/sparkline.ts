/** A series as one line of block characters (`▇▅▃▂▂▁`), lowest value `▁`, highest `█`. */

const BLOCKS = '▁▂▃▄▅▆▇█';
/** Where a value is NaN or infinite: the loss diverged, which should catch the eye. */
export const NOT_FINITE = '!';
/** A series with one distinct value has no low or high: it is drawn flat, at half height. */
const FLAT = BLOCKS[3];

/**
 * One character per value, or per bucket of consecutive values (their mean) when there are more
 * values than `width`; a bucket holding a NaN or an infinity is drawn as `!`. The scale runs from
 * the smallest to the largest finite value drawn.
 */
export function sparkline(values: readonly number[], width = values.length): string {
  const columns = Math.min(values.length, Math.max(0, Math.floor(width)));
  const points = Array.from({ length: columns }, (_, i) => {
    // Bucket i covers [i*n/w, (i+1)*n/w): every value lands in exactly one bucket, the last one included.
    const bucket = values.slice(Math.floor((i * values.length) / columns), Math.floor(((i + 1) * values.length) / columns));
    return bucket.every(Number.isFinite) ? bucket.reduce((sum, v) => sum + v, 0) / bucket.length : NaN;
  });
  const finite = points.filter(Number.isFinite);
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  return points
    .map((v) => {
      if (!Number.isFinite(v)) return NOT_FINITE;
      if (high === low) return FLAT;
      return BLOCKS[Math.round(((v - low) / (high - low)) * (BLOCKS.length - 1))];
    })
    .join('');
}
