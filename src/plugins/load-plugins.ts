import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { constraint } from '../layers/common/constraints.js';
import { initializer, INITIALIZERS } from '../layers/common/initializers.js';
import { regularizer } from '../layers/common/regularizers.js';
import type { AnyLayerDef } from '../layers/define.js';
import type { Registry } from '../layers/registry.js';
import { COMMON_LAYER_KEYS } from '../spec/schema.js';
import { z } from '../zod-configured.js';
import { pluginLayerDef, type PluginLayer } from './plugin-def.js';
import { PluginError } from './plugin-error.js';

export { PluginError };

/**
 * `--plugin PATH`: the user's own layer types, from ES modules named on the command line (never
 * by a model file). A plugin is code, trusted like an npm dependency: it runs with the user's
 * rights. It imports nothing of ours; its default export receives the helpers:
 *
 *   export default ({ z, initializer, regularizer, constraint }) => ({ layers: [{ type, ... }] })
 */

/** What the default export is called with. The schema helpers are the ones the built-in layers use. */
export interface PluginHelpers {
  z: typeof z;
  initializer(defaultName?: (typeof INITIALIZERS)[number], what?: string): z.ZodType;
  regularizer(what?: string): z.ZodType;
  constraint(what?: string): z.ZodType;
}

const PLUGIN_HELPERS: PluginHelpers = Object.freeze({
  z,
  initializer: (defaultName: (typeof INITIALIZERS)[number] = 'glorot_uniform', what = 'the weight') => initializer(defaultName, what),
  regularizer: (what = 'the weight') => regularizer(what),
  constraint: (what = 'the weight') => constraint(what),
});

const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Keys every layer has in YAML (type, input, inputs, name, trainable); a parameter cannot take them. */
const RESERVED_PARAMS = new Set(Object.keys(COMMON_LAYER_KEYS));
const fn = (what: string) => z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', `${what} must be a function`);

/** How many inputs: a number (exactly that many) or {min, max}; max omitted = no upper limit. */
const arity = z.union([
  z.int().min(1),
  z.strictObject({ min: z.int().min(1), max: z.union([z.int().min(1), z.literal(Number.POSITIVE_INFINITY)]).optional() }),
]);

const pluginLayer = z.strictObject({
  type: z.string().regex(TYPE_NAME, 'type must be a name such as MyLayer (letters, digits, _; a letter first)'),
  description: z.string().min(1, 'description must say in one sentence what the layer does'),
  params: z
    .custom<z.ZodObject>((v) => v instanceof z.ZodObject, 'params must be z.object({...}) built with the `z` the plugin receives (not another copy of zod)')
    .optional(),
  inputs: arity.optional(),
  inferShape: fn('inferShape'),
  weights: fn('weights').optional(),
  call: fn('call'),
});

const pluginModule = z.strictObject({ layers: z.array(z.unknown()).min(1, 'layers must list at least one layer') });

/**
 * Imports every plugin (paths resolved against `cwd`; a file, never a package name or URL) and adds
 * its layer types to `registry`. A type that clashes with a registered one, built-in or from an
 * earlier plugin, is refused. The same file named twice is loaded once.
 */
export async function loadPlugins(paths: readonly string[], cwd: string, registry: Registry): Promise<AnyLayerDef[]> {
  const added: AnyLayerDef[] = [];
  const seen = new Set<string>();
  for (const shown of paths) {
    const absolute = path.resolve(cwd, shown);
    if (seen.has(absolute)) continue;
    seen.add(absolute);
    for (const def of await loadPlugin(shown, absolute)) {
      const clash = registry.get(def.type) ?? registry.defs.find((d) => d.type.toLowerCase() === def.type.toLowerCase());
      if (clash) {
        const owner = clash.plugin ? `plugin ${clash.plugin}` : 'layerspec (a built-in type)';
        throw new PluginError(`plugin ${shown}: layer type '${def.type}' clashes with ${clash.type}, already registered by ${owner}`, shown, def.type,
          'give your layer another type name (types differing only in case are refused too)');
      }
      registry.add(def);
      added.push(def);
    }
  }
  return added;
}

async function loadPlugin(shown: string, absolute: string): Promise<AnyLayerDef[]> {
  const stat = fs.statSync(absolute, { throwIfNoEntry: false });
  if (!stat?.isFile()) {
    throw new PluginError(`plugin ${shown}: ${stat ? 'is not a file' : 'no such file'} (${absolute})`, shown, undefined, '--plugin takes the path of an ES module file, e.g. --plugin ./my-layers.mjs');
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
  } catch (error) {
    throw new PluginError(`plugin ${shown} failed to load: ${messageOf(error)}`, shown, undefined, undefined, { cause: error });
  }
  if (typeof mod.default !== 'function') {
    throw new PluginError(`plugin ${shown}: the default export is ${mod.default === undefined ? 'missing' : mod.default === null ? 'null' : `${/^[aeiou]/.test(typeof mod.default) ? 'an' : 'a'} ${typeof mod.default}`}, not a function`, shown, undefined,
      'write `export default ({ z }) => ({ layers: [ ... ] })`');
  }
  let exported: unknown;
  try {
    exported = await (mod.default as (helpers: PluginHelpers) => unknown)(PLUGIN_HELPERS);
  } catch (error) {
    throw new PluginError(`plugin ${shown}: its default export threw: ${messageOf(error)}`, shown, undefined, undefined, { cause: error });
  }
  const parsed = pluginModule.safeParse(exported);
  if (!parsed.success) throw new PluginError(`plugin ${shown}: ${issuesText(parsed.error)}`, shown, undefined, 'the default export returns { layers: [ { type, description, params, inferShape, weights?, call }, ... ] }');
  const types = new Set<string>();
  return parsed.data.layers.map((raw, i) => {
    const type = typeof (raw as { type?: unknown })?.type === 'string' ? (raw as { type: string }).type : undefined;
    const label = `plugin ${shown}, layer ${type ?? `#${i + 1}`}`;
    const layer = pluginLayer.safeParse(raw);
    if (!layer.success) throw new PluginError(`${label}: ${issuesText(layer.error)}`, shown, type);
    const { inputs, params = z.object({}), ...rest } = layer.data;
    const reserved = Object.keys(params.shape).filter((k) => RESERVED_PARAMS.has(k));
    if (reserved.length > 0) throw new PluginError(`${label}: parameter ${reserved.join(', ')} is reserved for every layer (${[...RESERVED_PARAMS].join(', ')})`, shown, type);
    if (types.has(rest.type)) throw new PluginError(`${label}: the plugin defines type ${rest.type} twice`, shown, type);
    types.add(rest.type);
    const min = typeof inputs === 'number' ? inputs : (inputs?.min ?? 1);
    const max = typeof inputs === 'number' ? inputs : inputs === undefined ? 1 : (inputs.max ?? Number.POSITIVE_INFINITY);
    if (max < min) throw new PluginError(`${label}: inputs.max (${max}) is less than inputs.min (${min})`, shown, type);
    return pluginLayerDef({ ...(rest as Omit<PluginLayer, 'params' | 'arity'>), params, arity: { min, max } }, shown);
  });
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
