/**
 * A schema built on its first use, then shared (the same instance, so that the JSON Schema still
 * refers to it once). A command that never uses it does not build it: a cold `check` of a file
 * without `train:` built the `train:` schemas for nothing, and one of Dense and Dropout layers
 * builds two of the 57 layer parameter schemas.
 */
export function builtOnFirstUse<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}
