import { z } from '../zod-configured.js';
import type { Registry } from '../layers/registry.js';
import { FORMAT_VERSION, fileEnvelope, inputSpec, layerName, layerSchema } from './schema.js';
import { trainSpec } from './train-schema.js';

const SCHEMA_ID = 'https://layerspec.dev/schemas/layerspec.schema.json';

/**
 * The JSON Schema of a model file, generated from the same zod schemas that validate it, so that
 * editors (yaml-language-server) complete and check what `layerspec check` checks. Draft-07,
 * which every YAML/JSON editor supports.
 */
export function buildJsonSchema(registry: Registry): Record<string, unknown> {
  const layers = registry.defs.map((def) => layerSchema(def));
  const anyLayer = z.discriminatedUnion('type', layers as [z.ZodObject, ...z.ZodObject[]]).describe('A layer: `type` plus its parameters.');
  const file = fileEnvelope.extend({
    input: inputSpec.optional().describe('The one input of a list-form (sequential) model.'),
    inputs: z.record(layerName, inputSpec).optional().describe('Model inputs by name (mapping form).'),
    layers: z
      .union([z.record(layerName, anyLayer), z.array(anyLayer)])
      .describe('A mapping of name -> layer (wired by `input`/`inputs`), or a list where each layer feeds the next.'),
    train: trainSpec().optional(),
  });
  const schema = z.toJSONSchema(file, { target: 'draft-7', io: 'input', unrepresentable: 'any', reused: 'ref' }) as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: `layerspec model file (format ${FORMAT_VERSION})`,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
