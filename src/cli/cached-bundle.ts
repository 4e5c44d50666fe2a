/**
 * Runs the command line's CommonJS bundle (dist/bundle/*.cjs) with V8's code cache.
 *
 * Why: a cold `layerspec check` spent most of its time compiling and first-running code (the YAML
 * parser, zod, the layer schemas), not checking. Node 20 caches no compiled code of its own
 * (`module.enableCompileCache` is Node 22) and none at all for ES modules, so the CLI is bundled as
 * CommonJS and each chunk is compiled here with `vm.Script` and the cached data that `npm run build`
 * made for it after a warm-up run (scripts/warm-code-cache.mjs), lazily compiled functions included
 * (the cache files: src/code-cache.ts). Without a cache made from the chunk's exact bytes, the
 * chunk is compiled as usual: same behaviour.
 *
 * Chunks load ES modules (ink, the ink components, elkjs, plugins) with import(), which a
 * `vm.Script` supports through Node's main-context loader, resolving from the chunk's own path.
 * On Node 20 that import() fails in code restored from a code cache ("A dynamic import callback
 * was not specified"), so a chunk that contains `import(` gets no cache; none of them is on the
 * path of `check`. Node versions without that loader get the chunks through plain `require`.
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { readCodeCache, writeCodeCache } from '../code-cache.js';

const mainContextLoader = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
const LOADER_WARNING = 'vm.USE_MAIN_CONTEXT_DEFAULT_LOADER';

/** The cache file of a chunk: `cli.cjs` → `cli.cjs.cache`. */
export const cacheFileOf = (chunk: string) => `${chunk}.cache`;

interface LoadedChunk {
  file: string;
  script: vm.Script;
  bytes: Buffer;
}

export class CachedBundle {
  private readonly modules = new Map<string, { exports: unknown }>();
  private readonly loaded: LoadedChunk[] = [];

  /** `useCache: false` compiles without cached data (the warm-up run that makes the caches). */
  constructor(private readonly useCache = true) {}

  /** Loads a chunk of the bundle (CommonJS semantics: each file once, cycles see partial exports). */
  require(file: string): unknown {
    const known = this.modules.get(file);
    if (known) return known.exports;
    if (!mainContextLoader) return createRequire(file)(file);
    quietLoaderWarning();
    const bytes = fs.readFileSync(file);
    const script = new vm.Script(Module.wrap(bytes.toString('utf8')), {
      filename: file,
      cachedData: this.useCache ? readCodeCache(cacheFileOf(file), bytes) : undefined,
      importModuleDynamically: mainContextLoader,
    });
    // Kept only by the warm-up run, which writes the caches: a command has no use for them.
    if (!this.useCache) this.loaded.push({ file, script, bytes });
    const module = { exports: {} as unknown };
    this.modules.set(file, module);
    const outside = createRequire(file);
    const dir = path.dirname(file);
    // Chunks require each other as './name-hash.cjs'; anything else is Node's to resolve.
    const chunkRequire = Object.assign(
      (id: string) => (id.startsWith('./') && id.endsWith('.cjs') ? this.require(path.join(dir, id)) : outside(id)),
      { resolve: outside.resolve, cache: outside.cache, main: outside.main },
    );
    const run = script.runInThisContext() as (exports: unknown, require: unknown, module: unknown, filename: string, dirname: string) => void;
    run(module.exports, chunkRequire, module, file, dir);
    return module.exports;
  }

  /**
   * Writes each loaded chunk's code cache next to it, atomically (of a `useCache: false` bundle).
   * Called after a warm-up run, so the functions that run compiled then are in it.
   */
  writeCaches(): number {
    let written = 0;
    for (const { file, script, bytes } of this.loaded) {
      if (bytes.includes('import(')) continue;
      writeCodeCache(cacheFileOf(file), bytes, script);
      written++;
    }
    return written;
  }
}

/**
 * Node calls the main-context loader experimental, once, on the first import() — on stderr, where
 * our own output goes. That one warning is dropped; every other warning is emitted as before.
 */
let warningFiltered = false;
function quietLoaderWarning(): void {
  if (warningFiltered) return;
  warningFiltered = true;
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    if (String(typeof warning === 'string' ? warning : warning?.message).includes(LOADER_WARNING)) return;
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
}
