import { describeLayer, NAMED_TYPES, type LayerDoc } from '../layers/describe.js';
import type { Registry } from '../layers/registry.js';
import { didYouMean } from '../spec/names.js';
import { EXIT, UsageError, type CliIO } from './io.js';

/** `layerspec layers [TYPE] [--json]`: the registered types, or one type's parameters. */
export function runLayers(type: string | undefined, options: { json?: boolean }, io: CliIO, registry: Registry): number {
  if (type !== undefined) {
    const def = registry.get(type) ?? registry.defs.find((d) => d.type.toLowerCase() === type.toLowerCase());
    if (!def) {
      const guess = didYouMean(type, registry.types);
      throw new UsageError(`unknown layer type '${type}'`, guess ? `did you mean ${guess}?` : 'run `layerspec layers` to list them');
    }
    const doc = describeLayer(def);
    io.stdout.write(options.json ? `${JSON.stringify(doc, null, 2)}\n` : layerText(doc));
    return EXIT.OK;
  }
  const docs = registry.defs.map(describeLayer).sort((a, b) => a.type.localeCompare(b.type));
  if (options.json) {
    io.stdout.write(`${JSON.stringify(docs, null, 2)}\n`);
    return EXIT.OK;
  }
  const byCategory = new Map<string, LayerDoc[]>();
  for (const d of docs) byCategory.set(d.category, [...(byCategory.get(d.category) ?? []), d]);
  const width = Math.max(...docs.map((d) => d.type.length));
  const out: string[] = [];
  for (const [category, list] of [...byCategory].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`${category}:`);
    for (const d of list) out.push(`  ${d.type.padEnd(width)}  ${d.description}`);
    out.push('');
  }
  out.push(`${docs.length} layer types. \`layerspec layers TYPE\` shows a type's parameters.`);
  io.stdout.write(`${out.join('\n')}\n`);
  return EXIT.OK;
}

function layerText(doc: LayerDoc): string {
  const inputs = doc.inputs.min === doc.inputs.max ? `${doc.inputs.min}` : doc.inputs.max === null ? `${doc.inputs.min} or more` : `${doc.inputs.min}-${doc.inputs.max}`;
  const out = [`${doc.type} (${doc.category}${doc.plugin ? `, plugin ${doc.plugin}` : ''}): ${doc.description}`, `inputs: ${inputs}`, '', 'parameters:'];
  const nameWidth = Math.max(...doc.params.map((p) => p.name.length), 4);
  for (const p of doc.params) {
    const value = p.required ? 'required' : `default ${JSON.stringify(p.default ?? null)}`;
    out.push(`  ${p.name.padEnd(nameWidth)}  ${p.type}  (${value})`);
    if (p.description) out.push(`  ${' '.repeat(nameWidth)}  ${p.description}`);
  }
  if (doc.params.length === 0) out.push('  (none)');
  const named = Object.keys(NAMED_TYPES).filter((kind) => doc.params.some((p) => p.type.split(' | ').includes(kind)));
  if (named.length > 0) out.push('', ...named.map((kind) => `${kind}: ${NAMED_TYPES[kind]}`));
  out.push('', 'every layer also takes: input / inputs (mapping form), name (list form), trainable');
  return `${out.join('\n')}\n`;
}
