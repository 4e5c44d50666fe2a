import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { readCodeCache, writeCodeCache } from '../code-cache.js';

/**
 * Loads tfjs's CommonJS bundles (tfjs-core, tfjs-layers, the backends) as Node's `require` does,
 * into its module cache, so that every later `require` of them (tfjs-layers requiring tfjs-core,
 * tfjs-node) gets the same instance, but compiled with V8's cached data when `npm run build` made
 * it: dist/tfjs-cache/, after a warm-up train and predict (scripts/warm-code-cache.mjs), so that
 * the functions a training step runs are in it compiled. Their ~3 MB took ~40 ms to compile at
 * every job's start, on the main thread and on each replica thread (the one the first step waits
 * for); with the cache ~25 ms. Without a cache made from the file's exact bytes, it is compiled as
 * `require` would.
 */

/** Where the caches are: dist/tfjs-cache, next to dist/bundle and dist/runtime (this file's folder in the build). */
const CACHE_DIR = fileURLToPath(new URL('../tfjs-cache/', import.meta.url));
const cacheFileOf = (file: string) => path.join(CACHE_DIR, `${path.basename(file)}.cache`);

/** Set by scripts/warm-code-cache.mjs before its warm-up run: the scripts loaded, to write their caches after it. */
const RECORDER = Symbol.for('layerspec.tfjsCodeCache');
interface Loaded {
  file: string;
  source: Buffer;
  script: vm.Script;
}

/** Node's module internals this uses, as `require` itself uses them. */
const NodeModule = Module as unknown as {
  new (id: string, parent?: unknown): { exports: unknown; filename: string; paths: string[]; loaded: boolean };
  _cache: Record<string, { exports: unknown } | undefined>;
  _nodeModulePaths(dir: string): string[];
  wrap(source: string): string;
};

/** `require(specifier)` from `from` (a file's path or URL), with tfjs's code cache. */
export function requireWithCodeCache(from: string, specifier: string): unknown {
  const file = createRequire(from).resolve(specifier);
  const known = NodeModule._cache[file];
  if (known) return known.exports;
  const source = fs.readFileSync(file);
  const script = new vm.Script(NodeModule.wrap(source.toString('utf8')), { filename: file, cachedData: readCodeCache(cacheFileOf(file), source) });
  const module = new NodeModule(file);
  module.filename = file;
  module.paths = NodeModule._nodeModulePaths(path.dirname(file));
  NodeModule._cache[file] = module;
  try {
    const run = script.runInThisContext() as (exports: unknown, require: unknown, module: unknown, filename: string, dirname: string) => void;
    run(module.exports, createRequire(file), module, file, path.dirname(file));
  } catch (error) {
    delete NodeModule._cache[file];
    throw error;
  }
  module.loaded = true;
  (globalThis as { [RECORDER]?: Loaded[] })[RECORDER]?.push({ file, source, script });
  return module.exports;
}

/** Writes the caches of the scripts recorded (by scripts/warm-code-cache.mjs, after its warm-up run); how many. */
export function writeTfjsCodeCaches(recorded: readonly Loaded[]): number {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  for (const { file, source, script } of recorded) writeCodeCache(cacheFileOf(file), source, script);
  return recorded.length;
}
