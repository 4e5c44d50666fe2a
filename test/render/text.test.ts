import { describe, expect, it } from 'vitest';
import { columns, wrapText } from '../../src/render/text.js';
import { epochTicks, niceTicks, tickLabel, valueScale } from '../../src/render/ticks.js';

describe('label text', () => {
  it('shows control and bidirectional characters as escapes, in every line', () => {
    expect(wrapText('a\u202eb\tc\u0000\nd\u001b[2J', 40)).toEqual(['a\\u202eb\\u0009c\\u0000', 'd\\u001b[2J']);
    expect(wrapText('ok ✓ 模型 😀', 40)).toEqual(['ok ✓ 模型 😀']);
  });

  it('wraps at spaces, breaks words longer than a line, keeps paragraphs', () => {
    expect(wrapText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('first\nsecond', 40)).toEqual(['first', 'second']);
    const long = wrapText(`x ${'a'.repeat(50)}`, 20);
    expect(long.every((l) => columns(l) <= 20)).toBe(true);
    expect(long.join('').replace(/ /g, '')).toBe(`x${'a'.repeat(50)}`);
    expect(columns('模型')).toBe(4);
  });
});

describe('ticks', () => {
  it('are nice numbers covering the range', () => {
    expect(niceTicks(0.13, 0.97).values.map((v) => tickLabel(v, 0.2))).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    const t = niceTicks(1.83, 2.61);
    expect(t.min).toBeLessThanOrEqual(1.83);
    expect(t.max).toBeGreaterThanOrEqual(2.61);
    expect(niceTicks(5, 5).values.length).toBeGreaterThan(1);
    expect(tickLabel(2e9, 1e9)).toMatch(/e\+9$/);
    expect(tickLabel(1.5e-7, 5e-8)).toMatch(/e-7$/);
  });

  it('number epochs from 1 with a whole step', () => {
    expect(epochTicks(1)).toEqual([1]);
    expect(epochTicks(8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(epochTicks(30)).toEqual([1, 5, 10, 15, 20, 25, 30]);
    expect(epochTicks(1000).length).toBeLessThanOrEqual(12);
  });

  it('go logarithmic for positive values over two decades or more (unless told not to)', () => {
    const log = valueScale([1500, 3, 0.012]);
    expect(log.log).toBe(true);
    expect(log.ticks.map((t) => t.label)).toEqual(['0.01', '0.1', '1', '10', '100', '1000', '10000']);
    expect(log.position(0.01)).toBeCloseTo(0);
    expect(log.position(10000)).toBeCloseTo(1);
    expect(log.position(1)).toBeCloseTo(2 / 6);
    expect(valueScale([1e-9, 1e9]).ticks.map((t) => t.label)).toEqual(['1e-9', '1e-6', '0.001', '1', '1000', '1e6', '1e9']);
    expect(valueScale([1500, 0.012], false).log).toBe(false);
    expect(valueScale([50, 1]).log).toBe(false);
    expect(valueScale([100, 0, 1]).log).toBe(false);
    const linear = valueScale([0.2, 0.9]);
    expect(linear.position(linear.ticks[0].value)).toBe(0);
    expect(linear.position(linear.ticks[linear.ticks.length - 1].value)).toBe(1);
  });
});
