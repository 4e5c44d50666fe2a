/**
 * zod, configured once for the whole program: every schema module imports `z` from here, so the
 * setting is in place before any schema is built. `jitless`: zod would otherwise compile object
 * parsers with `new Function` — slower for a one-shot CLI, and no code is generated on any path.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };

/**
 * A schema built on its first use, then shared (the same instance, so that the JSON Schema still
 * refers to it once). A command that never uses it does not build it: a cold `check` of a file
 * without `train:` built the `train:` schemas for nothing.
 */
export function builtOnFirstUse<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}
