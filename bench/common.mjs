// What the in-process benchmarks share: where the repository and its build are, best-of-n timing,
// the deterministic pseudo-random pixels they feed the reference CNN, and the CNN's model file.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** A file of the build (`npm run build`), e.g. dist('io/npy-write.js'). */
export const dist = (p) => path.join(root, 'dist', p);

/** The shortest of n runs of fn, in ms. */
export async function best(fn, n) {
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

/** n deterministic values in [0, 1] (pixels for the reference CNN). */
export function pixels(n) {
  const a = new Float32Array(n);
  for (let k = 0; k < n; k++) a[k] = Math.sin(k * 12.9898) * 0.5 + 0.5;
  return a;
}

/** The reference CNN, models/cnn.yaml, from the build: its text, analysis and `train:` config. */
export async function referenceCnnSpec() {
  const { analyzeSource } = await import(dist('analyze.js'));
  const { trainConfig } = await import(dist('spec/train-schema.js'));
  const text = fs.readFileSync(path.join(root, 'models/cnn.yaml'), 'utf8');
  const analysis = analyzeSource(text, 'models/cnn.yaml');
  return { text, analysis, config: trainConfig(analysis.spec.train) };
}
