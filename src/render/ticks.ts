/** Axis ticks at "nice" values (1, 2 or 5 times a power of ten), as a person would mark an axis. */

export interface Ticks {
  min: number;
  max: number;
  step: number;
  values: number[];
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

/** About `count` ticks covering [low, high]; the axis runs from the first tick to the last. */
export function niceTicks(low: number, high: number, count = 5): Ticks {
  if (!(high > low)) {
    // One value: a band around it, so that the line sits in the middle.
    const pad = Math.abs(low) > 0 ? Math.abs(low) * 0.1 : 1;
    return niceTicks(low - pad, low + pad, count);
  }
  const step = niceStep(high - low, count);
  // (rounded to 12 digits: 3 * 0.2 is 0.6000000000000001 in binary)
  const round = (v: number) => Number(v.toPrecision(12));
  const min = round(Math.floor(low / step) * step);
  const max = round(Math.ceil(high / step) * step);
  const values: number[] = [];
  for (let k = 0; min + k * step <= max + step * 1e-9; k++) values.push(round(min + k * step));
  return { min, max, step, values };
}

/** Whole-number ticks from 1 to `n` (epochs): at most about `count` of them. */
export function epochTicks(n: number, count = 8): number[] {
  const step = Math.max(1, niceStep(Math.max(1, n - 1), count));
  const values = [1];
  for (let v = step; v <= n; v += step) if (v > 1) values.push(v);
  return values;
}

/** A tick's label: as many decimals as the step needs, exponent form for very large or small values. */
export function tickLabel(value: number, step: number): string {
  const magnitude = Math.max(Math.abs(value), step);
  if (magnitude >= 1e6 || step < 1e-4) return value === 0 ? '0' : value.toExponential(Math.max(0, Math.min(6, Math.ceil(Math.log10(Math.abs(value) / step)))));
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return value.toFixed(Math.min(decimals, 10));
}

/** A value axis: where a value sits (0 at the bottom, 1 at the top) and the ticks to draw. */
export interface ValueScale {
  log: boolean;
  ticks: { value: number; label: string }[];
  position(value: number): number;
}

/**
 * Linear, unless every value is positive and they span two decades or more (a loss falling from
 * 1000 to 0.01): then logarithmic, ticked at powers of ten, so that the tail is not a flat line.
 */
export function valueScale(values: readonly number[], allowLog = true): ValueScale {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  if (allowLog && low > 0 && high / low >= 100) {
    const first = Math.floor(Math.log10(low));
    const last = Math.ceil(Math.log10(high));
    const every = Math.ceil((last - first) / 6);
    const ticks = [];
    for (let k = first; k <= last; k += every) ticks.push({ value: 10 ** k, label: k >= -3 && k <= 5 ? String(Number((10 ** k).toPrecision(1))) : `1e${k}` });
    return { log: true, ticks, position: (v) => (Math.log10(v) - first) / (last - first) };
  }
  const t = niceTicks(low, high);
  return { log: false, ticks: t.values.map((value) => ({ value, label: tickLabel(value, t.step) })), position: (v) => (v - t.min) / (t.max - t.min) };
}
