import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/**
 * Shared settings and generators of the fuzz tests. Runs are few by default so that the folder
 * stays fast in CI; FUZZ_RUNS multiplies nothing, it replaces every default (scripts/fuzz-long.sh).
 * FUZZ_SEED replays a failure: fast-check prints the seed and path of every counterexample.
 */
export function fuzzParams(defaultRuns: number): { numRuns: number; seed?: number } {
  const runs = Number(process.env.FUZZ_RUNS);
  const seed = Number(process.env.FUZZ_SEED);
  return {
    numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns,
    ...(process.env.FUZZ_SEED !== undefined && Number.isInteger(seed) ? { seed } : {}),
  };
}

/** Per-test timeout: long runs need more than vitest's 30 s default. */
export const fuzzTimeout = (defaultRuns: number): number => 30_000 + 20 * fuzzParams(defaultRuns).numRuns;

const modelsDir = new URL('../../models/', import.meta.url).pathname;
/** The shipped model files: realistic starting points for mutations. */
export const shippedModels: readonly string[] = readdirSync(modelsDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => readFileSync(join(modelsDir, f), 'utf8'));

/** Fragments that make YAML interesting: flow/block indicators, anchors, aliases, tags, directives, odd scalars. */
const yamlFragment = fc.constantFrom(
  ':', ': ', '- ', '-', '{', '}', '[', ']', ',', '#', '&a ', '*a', '&b ', '*b', '!!str ', '!!python/object ', '!custom ', '<<: *a',
  '%YAML 1.1\n', '---\n', '...\n', '"', "'", '|\n', '>-\n', '?', '\t', '  ', '\n', '\r\n', '\u00a0', '\ufeff', '\u2028', '\0',
  'null', '~', 'true', 'yes', '.inf', '-.nan', '0x1F', '1e400', '-0', '123456789012345678901234567890', '__proto__', 'constructor',
  'type', 'layers', 'input', 'shape', 'units', 'inputs', 'name', 'Dense', 'Lambda', 'expr', 'é', '😀', '\ud800',
);

type Mutation = (lines: string[], rnd: { pick: number; text: string; other: number }) => string[];

const at = (lines: string[], k: number) => (lines.length === 0 ? 0 : k % lines.length);
const KEY = /^(\s*-?\s*)([A-Za-z_][\w]*)(\s*:)/;

/** Line-level edits of a YAML file; each keeps most of the structure so the later stages run too. */
const MUTATIONS: readonly Mutation[] = [
  (l, r) => l.filter((_, k) => k !== at(l, r.pick)), // delete a line
  (l, r) => { const k = at(l, r.pick); return [...l.slice(0, k + 1), l[k] ?? '', ...l.slice(k + 1)]; }, // duplicate a line
  (l, r) => { // insert text inside a line
    const k = at(l, r.pick); const line = l[k] ?? ''; const c = r.other % (line.length + 1);
    return [...l.slice(0, k), line.slice(0, c) + r.text + line.slice(c), ...l.slice(k + 1)];
  },
  (l, r) => l.map((line, k) => (k === at(l, r.pick) ? line.replace(KEY, `$1${r.text.replace(/\s/g, '') || 'x'}$3`) : line)), // rename a key
  (l, r) => { // swap the values of two lines
    const a = at(l, r.pick); const b = at(l, r.other);
    const va = (l[a] ?? '').split(/:\s/)[1]; const vb = (l[b] ?? '').split(/:\s/)[1];
    if (va === undefined || vb === undefined) return l;
    return l.map((line, k) => (k === a ? line.replace(va, vb) : k === b ? line.replace(vb, va) : line));
  },
  (l, r) => l.map((line, k) => (k === at(l, r.pick) ? ' '.repeat(r.other % 7) + line.trimStart() : line)), // re-indent
  (l, r) => { // nest a line's value deeply, in flow or block style
    const k = at(l, r.pick); const depth = 1 + (r.other % 300);
    const nested = r.other % 2 ? '['.repeat(depth) + ']'.repeat(depth) : Array.from({ length: Math.min(depth, 80) }, (_, d) => `${'  '.repeat(d)}k${d}:`).join('\n');
    return [...l.slice(0, k), nested, ...l.slice(k)];
  },
  (l, r) => { const k = at(l, r.pick); return [...l.slice(0, k), `a${r.other % 3}: &a ${r.text}`, `b${r.other % 5}: *a`, ...l.slice(k)]; }, // anchors/aliases
  (l, r) => l.map((line, k) => (k === at(l, r.pick) ? line.replace(/:\s(\S)/, ': !!binary $1') : line)), // tag a value
  (l, r) => l.slice(0, at(l, r.pick)), // truncate
];

/** A shipped model file after 1..6 random line-level mutations. */
export const mutatedModel: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...shippedModels),
    fc.array(fc.record({ m: fc.nat(MUTATIONS.length - 1), pick: fc.nat(), other: fc.nat(), text: fc.array(yamlFragment, { maxLength: 4 }).map((p) => p.join('')) }), { minLength: 1, maxLength: 6 }),
  )
  .map(([source, edits]) => edits.reduce((lines, e) => MUTATIONS[e.m]!(lines, e), source.split('\n')).join('\n'));

/** Soup of YAML fragments and short words. */
export const yamlSoup: fc.Arbitrary<string> = fc.array(fc.oneof(yamlFragment, fc.string({ maxLength: 6 })), { maxLength: 60 }).map((p) => p.join(''));

const paramValue = fc.oneof(
  fc.integer({ min: -3, max: 64 }),
  fc.constantFrom(0.5, 0, 1e9, -1, 'relu', 'softmax', 'same', 'valid', 'nope', true, null, 'channels_first', 'x * 2', 'lambda a: a + 1'),
  fc.array(fc.integer({ min: -1, max: 8 }), { maxLength: 4 }),
  fc.array(fc.constantFrom(null, 4, 'a'), { maxLength: 3 }),
);
const paramName = fc.constantFrom(
  'units', 'filters', 'kernel_size', 'strides', 'padding', 'activation', 'rate', 'axis', 'pool_size', 'target_shape', 'dims', 'size',
  'cropping', 'input_dim', 'output_dim', 'return_sequences', 'layer', 'expr', 'output_shape', 'arguments', 'use_bias', 'momentum',
  'epsilon', 'alpha', 'n', 'data_format', 'dilation_rate', 'depth_multiplier', 'merge_mode', 'axes', 'normalize', 'trainable', 'bogus',
);

/** A model document built as data from random registered layer types with random parameters, wired linearly or by name. */
export function structuredModel(layerTypes: readonly string[]): fc.Arbitrary<string> {
  const layer = fc.record(
    {
      type: fc.oneof(fc.constantFrom(...layerTypes), fc.constantFrom('Dense2', 'dense', '')),
      params: fc.dictionary(paramName, paramValue, { maxKeys: 4 }),
      inputs: fc.option(fc.array(fc.nat(6), { minLength: 1, maxLength: 3 }), { nil: undefined }),
      named: fc.boolean(),
    },
    { requiredKeys: ['type', 'params', 'named'] },
  );
  return fc
    .record({
      shape: fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(null)), { maxLength: 4 }),
      layers: fc.array(layer, { maxLength: 6 }),
      yamlStyle: fc.boolean(),
    })
    .map(({ shape, layers, yamlStyle }) => {
      const doc = {
        layerspec: 1,
        name: 'fuzz',
        input: { shape },
        layers: layers.map((l, k) => ({
          ...(l.named ? { name: `l${k}` } : {}),
          type: l.type,
          ...l.params,
          ...(l.inputs ? { inputs: l.inputs.map((i) => (i === 0 ? 'input' : `l${i - 1}`)) } : {}),
        })),
      };
      // JSON is YAML; the block form exercises the indentation paths of the locator.
      return yamlStyle ? toBlockYaml(doc, 0) : JSON.stringify(doc);
    });
}

function toBlockYaml(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '\n' + value.map((v) => `${pad}- ${toBlockYaml(v, indent + 2).trimStart()}`).join('\n');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return '\n' + entries.map(([k, v]) => `${pad}${k}: ${toBlockYaml(v, indent + 2)}`).join('\n');
  }
  return JSON.stringify(value);
}

/** The subset of JSON Schema that schemas/layerspec.schema.json uses (zod's output). */
interface JsonSchema {
  $ref?: string;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

const schemaFile = JSON.parse(readFileSync(new URL('../../schemas/layerspec.schema.json', import.meta.url), 'utf8')) as {
  definitions: Record<string, JsonSchema>;
};

/** Values a schema accepts, mostly; small sizes so that shape inference runs on realistic layers. */
function fromSchema(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return fromSchema(schemaFile.definitions[schema.$ref.replace('#/definitions/', '')]!, depth);
  if (schema.allOf) return fromSchema(Object.assign({}, ...schema.allOf.map(resolve)) as JsonSchema, depth);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => fromSchema(s, depth + 1)));
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
    case 'number': {
      const min = Math.max(schema.minimum ?? (schema.exclusiveMinimum ?? -3) + 1, -3);
      const max = Math.max(min, Math.min(schema.maximum ?? (schema.exclusiveMaximum ?? 9) - (type === 'integer' ? 1 : 0.01), 9));
      return type === 'integer' ? fc.integer({ min, max }) : fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.double({ min, max, noNaN: true }));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'string':
      return fc.constantFrom('relu', 'x', 'x * 2', 'same', 'a');
    case 'array': {
      if (Array.isArray(schema.items)) return fc.tuple(...schema.items.map((s) => fromSchema(s, depth + 1)));
      const minLength = Math.min(schema.minItems ?? 0, 4);
      return fc.array(schema.items && depth < 6 ? fromSchema(schema.items, depth + 1) : fc.nat(4), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)) });
    }
    case 'object': {
      const props = Object.entries(schema.properties ?? {}).filter(([k]) => !['input', 'inputs', 'name'].includes(k));
      const required = new Set(schema.required ?? []);
      if (depth > 6) return fc.constant({});
      return fc.record(Object.fromEntries(props.map(([k, s]) => [k, fromSchema(s, depth + 1)])), {
        requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)),
      });
    }
    default:
      return fc.constant(null);
  }
}

function resolve(schema: JsonSchema): JsonSchema {
  return schema.$ref ? resolve(schemaFile.definitions[schema.$ref.replace('#/definitions/', '')]!) : schema;
}

const layerVariants = (resolve({ $ref: '#/definitions/__schema7' }).oneOf ?? []).map(resolve);
const MERGE = /^(Add|Subtract|Multiply|Average|Maximum|Minimum|Concatenate|Dot)$/;

/**
 * A mapping-form model whose layers are drawn from the JSON schema (every registered type, its
 * parameters mostly within their documented ranges), wired to earlier layers: most documents pass
 * the schema, so graph and shape inference see real work.
 */
export const schemaModel: fc.Arbitrary<string> = fc
  .record({
    shape: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }),
    layers: fc.array(fc.tuple(fc.oneof(...layerVariants.map((v) => fromSchema(v))), fc.nat(), fc.nat(), fc.nat(9)), { minLength: 1, maxLength: 5 }),
  })
  .map(({ shape, layers }) => {
    const names = ['in'];
    const mapping: Record<string, unknown> = {};
    for (const [generated, a, b, odd] of layers) {
      const layer = { ...(generated as Record<string, unknown>) };
      const merge = MERGE.test(String(layer.type)) !== (odd === 0); // one in ten gets the other wiring
      if (merge) layer.inputs = [names[a % names.length], names[b % names.length]];
      else layer.input = names[a % names.length];
      const name = `l${names.length}`;
      mapping[name] = layer;
      names.push(name);
    }
    return JSON.stringify({ layerspec: 1, name: 'fuzz', inputs: { in: { shape } }, layers: mapping });
  });
