import { seededRandom } from '../../src/runtime/seed.js';

/** Seeded (mulberry32) draws: the same cases on every run. */
export function random(seed: number) {
  const next = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const floats = (n: number) => Float32Array.from({ length: n }, () => next() * 2 - 1);
  return { next, int, pick, floats };
}
