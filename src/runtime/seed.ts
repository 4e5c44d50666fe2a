/**
 * `--seed N`: reproducible initial weights. tfjs has no global seed; its initializers, given no
 * seed of their own (tfjs-layers never passes one), seed their generator from `Math.random()`.
 * So while the model is built, `Math.random` is a seeded generator (mulberry32), and restored after.
 */

/** A small, fast, well-distributed 32-bit generator (mulberry32), uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `build` with `Math.random` seeded (when a seed is given). */
export function withSeed<T>(seed: number | undefined, build: () => T): T {
  if (seed === undefined) return build();
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return build();
  } finally {
    Math.random = original;
  }
}

/**
 * Runs an async job (fit) with `Math.random` seeded throughout: tfjs draws its shuffles and dropout
 * masks from it. A command runs one job at a time, so nothing else is affected meanwhile.
 */
export async function withSeedAsync<T>(seed: number | undefined, run: () => Promise<T>): Promise<T> {
  if (seed === undefined) return run();
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return await run();
  } finally {
    Math.random = original;
  }
}
