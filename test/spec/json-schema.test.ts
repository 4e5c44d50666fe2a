import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../../src/layers/index.js';
import { buildJsonSchema } from '../../src/spec/json-schema.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const schema = buildJsonSchema(builtinRegistry());
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
const models = fs.readdirSync(path.join(ROOT, 'models')).filter((f) => f.endsWith('.yaml'));

describe('the JSON Schema editors use', () => {
  it('is valid draft-07 and matches the committed file', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/layerspec.schema.json'), 'utf8'));
    expect(committed, 'schemas/layerspec.schema.json is stale: run `npm run schema`').toEqual(schema);
  });

  it.each(models)('accepts the example %s', (file) => {
    const data = parse(fs.readFileSync(path.join(ROOT, 'models', file), 'utf8'));
    const ok = validate(data);
    expect(ok, JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('rejects what the schema can see: unknown keys, wrong types, unknown layer types', () => {
    const base = { layerspec: 1, inputs: { x: { shape: [4] } }, layers: { d: { type: 'Dense', input: 'x', units: 2 } } };
    expect(validate(base)).toBe(true);
    expect(validate({ ...base, ouputs: ['d'] })).toBe(false);
    expect(validate({ ...base, layers: { d: { type: 'Dense', input: 'x', units: 'two' } } })).toBe(false);
    expect(validate({ ...base, layers: { d: { type: 'Dense', input: 'x', units: 2, filtres: 3 } } })).toBe(false);
    expect(validate({ ...base, layers: { d: { type: 'Conv2d', input: 'x' } } })).toBe(false);
    expect(validate({ ...base, layerspec: 2 })).toBe(false);
  });

  it('describes every layer parameter for editor hovers', () => {
    const text = JSON.stringify(schema);
    expect(text).toContain('Dimensionality of the output space.');
    expect(text).toContain('"LocallyConnected2D"');
  });
});
