import type { Registry } from '../layers/registry.js';
import { buildJsonSchema } from '../spec/json-schema.js';
import { EXIT, type CliIO } from './io.js';

/** `layerspec schema`: the JSON Schema of model files, for editors (committed as schemas/layerspec.schema.json). */
export function runSchema(io: CliIO, registry: Registry): number {
  io.stdout.write(`${JSON.stringify(buildJsonSchema(registry), null, 2)}\n`);
  return EXIT.OK;
}
