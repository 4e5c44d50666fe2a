import type { AnyLayerDef } from './define.js';
import Dense from './dense.js';
import { Registry } from './registry.js';

/** Every built-in layer type, sorted by name. Adding a type = one file + one line here. */
export const BUILTIN_LAYERS: readonly AnyLayerDef[] = [
  Dense,
];

export function builtinRegistry(): Registry {
  return new Registry(BUILTIN_LAYERS);
}
