import { createRequire } from 'node:module';
import type * as tfTypes from '@tensorflow/tfjs';
import { registerChainedOps } from './chained-ops.js';
import { registerTrainingKernels } from './kernels/index.js';
import { installFastRandomUniform } from './random-uniform.js';
import { requireWithCodeCache } from './tfjs-loader.js';

/**
 * Backend choice for commands that need tensors (predict, train). Only ever loaded dynamically:
 * `check`, `summary`, `layers` and `graph` never reach this module.
 *
 * Which tfjs is loaded: tfjs-core and tfjs-layers (their Node builds), the chained tensor methods
 * (`t.add(u)`, `t.sign()`: tfjs-layers itself calls one, `diag.sign()` in the `orthogonal`
 * initializer) registered from tfjs-core's own definitions (chained-ops.ts), and the one backend
 * that runs. The @tensorflow/tfjs umbrella would also load tfjs-converter, tfjs-data, the webgl
 * and cpu backends and a second copy of tfjs-core's ops (~7.4 MB of JavaScript against ~3.1):
 * ~50 ms more at the start of every job, on the main thread and on each replica thread. The
 * namespace is the umbrella's but for those packages (converter's GraphModel, tf.data, webgl).
 *
 * Console noise: tfjs prints "Hi, looks like you are running TensorFlow.js in Node.js ..." on the
 * cpu backend's first tensor, and "Platform node has already been set" when a second tfjs-core
 * registers its platform (tfjs-node brings its own). Both go through checks of the `PROD` (or
 * `IS_TEST`) flag, so `PROD` is set right after the import, before any backend is registered or
 * any tensor is created. `PROD` also turns off tfjs's debug-mode checks, which we never use.
 *
 * tfjs's packages are CommonJS bundles, and they are `require`d (with V8's code cache when the build
 * made one: tfjs-loader.ts): `import()` of one makes Node scan the whole multi-megabyte file for its
 * named exports first (cjs-module-lexer), which measured ~300 ms of CPU (450 -> 200 ms wall for
 * tfjs + the wasm backend) at the start of every job. tfjs-core's randomUniform is replaced by one
 * that gives the same values faster (random-uniform.ts).
 */
export const requireTfjs = (specifier: string): unknown => requireWithCodeCache(import.meta.url, specifier);
const resolveTfjs = (specifier: string): string => createRequire(import.meta.url).resolve(specifier);

export type Tf = typeof tfTypes;
export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

export interface LoadedTf {
  tf: Tf;
  /** The backend that runs (tfjs's `getBackend()`). */
  backend: BackendName;
  /** Why preferred backends were skipped (auto only), for `--verbose`. */
  skipped: string[];
  /** Time spent loading tfjs and initialising the backend, in ms. */
  loadMs: number;
}

export class BackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendError';
  }
}

/** Module specifier kept in a variable: tfjs-node is optional and may be absent, for TypeScript too. */
const TFJS_NODE = '@tensorflow/tfjs-node';

let namespace: Tf | undefined;

/** tfjs without a backend chosen: tfjs-core's and tfjs-layers's exports, the chained methods registered. */
export function requireTf(): Tf {
  if (namespace) return namespace;
  const core = requireTfjs('@tensorflow/tfjs-core') as Tf;
  core.env().set('PROD', true);
  installFastRandomUniform(core, resolveTfjs('@tensorflow/tfjs-core'));
  namespace = { ...core, ...(requireTfjs('@tensorflow/tfjs-layers') as object) } as Tf;
  registerChainedOps(namespace);
  return namespace;
}

/** Activates `name`; false when it is not registered or fails to initialise (tfjs then stays on cpu). */
async function activate(tf: Tf, name: BackendName): Promise<boolean> {
  if (tf.findBackendFactory(name) === null && tf.findBackend(name) === null) return false;
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch {
    ok = false;
  }
  return ok && tf.getBackend() === name;
}

/**
 * Each backend's package. tfjs-node is optional (it may be absent); in Node the wasm backend reads
 * its .wasm file from its own dist folder (fs + __dirname): no fetch and no setWasmPaths needed.
 */
const BACKEND_PACKAGES: Readonly<Record<BackendName, string>> = {
  tensorflow: TFJS_NODE,
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

/** Loads `name`'s package, which registers the backend; why not, when it cannot. */
function registerBackend(name: BackendName): string | undefined {
  try {
    requireTfjs(BACKEND_PACKAGES[name]);
    return undefined;
  } catch (error) {
    return `${BACKEND_PACKAGES[name]} ${name === 'tensorflow' ? 'is not available' : 'could not be loaded'} (${firstLine(error)})`;
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}

/**
 * Loads tfjs with the chosen backend ready. `auto`: tfjs-node if it loads, else wasm, else cpu
 * (each failure noted in `skipped`). An explicit choice that cannot run throws a BackendError.
 */
export async function loadTf(options: { backend?: BackendChoice } = {}): Promise<LoadedTf> {
  const choice = options.backend ?? 'auto';
  if (!BACKEND_CHOICES.includes(choice)) throw new BackendError(`unknown backend '${String(choice)}' (choose auto, tensorflow, wasm or cpu)`);
  const start = performance.now();
  const tf = requireTf();
  const skipped: string[] = [];
  const done = (backend: BackendName): LoadedTf => ({ tf, backend, skipped, loadMs: performance.now() - start });

  const candidates: BackendName[] = choice === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [choice];
  for (const name of candidates) {
    if (tf.getBackend() === name && name !== 'cpu') return done(name);
    const why = registerBackend(name);
    if (why === undefined && (await activate(tf, name))) {
      registerTrainingKernels(tf, name);
      return done(name);
    }
    const reason = why ?? `the ${name} backend failed to initialise`;
    if (choice !== 'auto') {
      const hint = name === 'tensorflow' ? '; install @tensorflow/tfjs-node, or use --backend wasm' : '; use --backend cpu';
      throw new BackendError(`backend '${name}' cannot run: ${reason}${hint}`);
    }
    skipped.push(reason);
  }
  throw new BackendError(`no TensorFlow.js backend could run: ${skipped.join('; ')}`);
}
