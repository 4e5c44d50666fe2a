import { describe, expect, it } from 'vitest';
import { seededRandom, withSeed } from '../../src/runtime/seed.js';

describe('--seed', () => {
  it('gives the same uniform sequence for the same seed, another for another seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });

  it('seeds Math.random only while building, and restores it even on error', () => {
    const original = Math.random;
    const first = withSeed(7, () => [Math.random(), Math.random()]);
    expect(withSeed(7, () => [Math.random(), Math.random()])).toEqual(first);
    expect(Math.random).toBe(original);
    expect(() => withSeed(7, () => { throw new Error('boom'); })).toThrow('boom');
    expect(Math.random).toBe(original);
    expect(withSeed(undefined, () => Math.random)).toBe(original);
  });
});
