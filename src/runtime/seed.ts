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
 * Training's randomness (tfjs's shuffle of each epoch, dropout masks) drawn from `Math.random`,
 * reseeded at the start of every epoch from (seed, epoch): a run resumed at epoch k then draws
 * exactly what the uninterrupted run drew, so both give the same loss curve.
 */
export function epochSeeding(seed: number | undefined): { beginEpoch(epoch: number): void; end(): void } {
  if (seed === undefined) return { beginEpoch: () => undefined, end: () => undefined };
  const original = Math.random;
  return {
    beginEpoch: (epoch) => {
      Math.random = seededRandom(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + epoch);
    },
    end: () => {
      Math.random = original;
    },
  };
}
