/**
 * `--plugin` modules (src/plugins/load-plugins.ts): the example plugin, and every way a plugin can
 * be unusable, each refused with a PluginError naming the file (and the type where there is one).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../src/layers/index.js';
import { loadPlugins, PluginError } from '../../src/plugins/load-plugins.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-plugins-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
/** A plugin file with this source, under a fresh name (import() caches modules by URL). */
function plugin(source: string): string {
  const file = `plugin-${++counter}.mjs`;
  fs.writeFileSync(path.join(tmp, file), source);
  return file;
}

const GOOD_LAYER = `{ type: 'Twice', description: 'x * 2', inferShape: ([x]) => x, call: (tf, [x]) => tf.mul(x, 2) }`;

async function loadError(paths: string[]): Promise<PluginError> {
  const error = await loadPlugins(paths, tmp, builtinRegistry()).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PluginError);
  return error as PluginError;
}

describe('loadPlugins', () => {
  it('adds the example plugin\'s types to the registry as custom layers from that file', async () => {
    const registry = builtinRegistry();
    const added = await loadPlugins(['models/plugins/my-layers.mjs'], ROOT, registry);
    expect(added.map((d) => d.type)).toEqual(['MyLayer', 'MyScale']);
    const def = registry.get('MyLayer')!;
    expect(def).toMatchObject({ category: 'custom', plugin: 'models/plugins/my-layers.mjs', arity: { min: 1, max: 1 } });
    expect(def.params.safeParse({ output_dim: 3 }).data).toEqual({ output_dim: 3, kernel_initializer: 'random_uniform' });
    expect(def.inferShape([[null, 4]], { output_dim: 3 }, { nested: () => { throw new Error('unused'); } })).toEqual([null, 3]);
  });

  it('loads a file named twice once, awaits an async default export, and takes params and inputs as optional', async () => {
    const layers = [
      GOOD_LAYER.replace("type: 'Twice'", "type: 'Pair', inputs: { min: 2 }"),
      GOOD_LAYER.replace("type: 'Twice'", "type: 'Many', inputs: { min: 1, max: Infinity }"),
      GOOD_LAYER.replace("type: 'Twice'", "type: 'Three', inputs: 3"),
    ];
    const file = plugin(`export default async () => ({ layers: [${layers.join(', ')}] });`);
    const registry = builtinRegistry();
    await loadPlugins([file, `./${file}`], tmp, registry);
    expect(registry.get('Pair')!.arity).toEqual({ min: 2, max: Number.POSITIVE_INFINITY });
    expect(registry.get('Many')!.arity).toEqual({ min: 1, max: Number.POSITIVE_INFINITY });
    expect(registry.get('Three')!.arity).toEqual({ min: 3, max: 3 });
    expect(registry.get('Pair')!.params.safeParse({}).success).toBe(true);
  });

  it('names the file when it does not exist, or when a URL or package name is given', async () => {
    for (const name of ['missing.mjs', 'data:text/javascript,export default 1', 'zod']) {
      const error = await loadError([name]);
      expect(error.message).toMatch(/^plugin .+: no such file/);
      expect(error.file).toBe(name);
    }
  });

  it('reports a module that throws on import with its message', async () => {
    const file = plugin(`throw new Error('boom at import');`);
    expect((await loadError([file])).message).toBe(`plugin ${file} failed to load: boom at import`);
  });

  it('reports a default export that is not a function, or throws', async () => {
    expect((await loadError([plugin(`export default { layers: [] };`)])).message).toMatch(/default export is an object, not a function/);
    expect((await loadError([plugin(`export const layers = [];`)])).message).toMatch(/default export is missing, not a function/);
    expect((await loadError([plugin(`export default () => { throw new Error('no'); };`)])).message).toMatch(/its default export threw: no/);
  });

  it('reports the wrong shape at the field, naming the type', async () => {
    const cases: [string, RegExp][] = [
      [`{ layers: 'x' }`, /layers: /],
      [`{ layers: [] }`, /layers must list at least one layer/],
      [`{ layers: [], extra: 1 }`, /Unrecognized key/],
      [`{ layers: [{ type: 'NoCall', description: 'd', inferShape: ([x]) => x }] }`, /layer NoCall: call: call must be a function/],
      [`{ layers: [{ type: 'Snake', description: 'd', infer_shape: ([x]) => x, inferShape: ([x]) => x, call: () => 0 }] }`, /layer Snake: .*infer_shape/],
      [`{ layers: [{ type: 'P', description: 'd', params: { a: 1 }, inferShape: ([x]) => x, call: () => 0 }] }`, /layer P: params: params must be z\.object/],
      [`{ layers: [{ type: 'my layer', description: 'd', inferShape: ([x]) => x, call: () => 0 }] }`, /layer my layer: type: type must be a name/],
      [`{ layers: [{ type: 'R', description: 'd', params: z.object({ name: z.string() }), inferShape: ([x]) => x, call: () => 0 }] }`, /layer R: parameter name is reserved/],
      [`{ layers: [{ type: 'I', description: 'd', inputs: { min: 3, max: 2 }, inferShape: ([x]) => x, call: () => 0 }] }`, /inputs\.max \(2\) is less than inputs\.min \(3\)/],
      [`{ layers: [${GOOD_LAYER}, ${GOOD_LAYER}] }`, /defines type Twice twice/],
    ];
    for (const [body, message] of cases) {
      const file = plugin(`export default ({ z }) => (${body});`);
      const error = await loadError([file]);
      expect(error.message, body).toMatch(new RegExp(`^plugin ${file}`));
      expect(error.message, body).toMatch(message);
    }
  });

  it('refuses a type that clashes with a built-in (in any case) or with another plugin\'s', async () => {
    const dense = plugin(`export default () => ({ layers: [${GOOD_LAYER.replace('Twice', 'Dense')}] });`);
    expect((await loadError([dense])).message).toBe(`plugin ${dense}: layer type 'Dense' clashes with Dense, already registered by layerspec (a built-in type)`);
    const lower = plugin(`export default () => ({ layers: [${GOOD_LAYER.replace('Twice', 'dense')}] });`);
    expect((await loadError([lower])).type).toBe('dense');
    const a = plugin(`export default () => ({ layers: [${GOOD_LAYER}] });`);
    const b = plugin(`export default () => ({ layers: [${GOOD_LAYER}] });`);
    const error = await loadError([a, b]);
    expect(error.message).toBe(`plugin ${b}: layer type 'Twice' clashes with Twice, already registered by plugin ${a}`);
    expect([error.file, error.type]).toEqual([b, 'Twice']);
  });
});
