/**
 * Schema mistakes, drawn systematically from the registry: for every parameter of every layer
 * type, a value of the wrong type (the first of a few candidates that the parameter's own JSON
 * Schema rejects) and, for bounded numbers, one out of range; then reserved names everywhere a
 * name can go, and names that would find Object.prototype's members in a careless lookup.
 */
import { Ajv } from 'ajv';
import { builtinRegistry } from '../../src/layers/index.js';
import { z } from '../../src/zod-configured.js';
import type { HostileCase } from './harness.js';
import { TINY } from './inputs.js';

type JsonSchema = Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: false });

/** Candidate wrong values, as YAML text and as the data YAML reads them as. */
const WRONG_TYPES: [yaml: string, value: unknown][] = [
  ['{ bogus: 1 }', { bogus: 1 }],
  ['"@@not-a-value"', '@@not-a-value'],
  ['[[[]]]', [[[]]]],
  ['-7.5', -7.5],
  ['true', true],
];

function modelWith(type: string, param: string, yamlValue: string): string {
  return `layerspec: 1\nname: wrong\ninputs:\n  x: { shape: [8, 8, 4] }\nlayers:\n  l:\n    type: ${type}\n    input: x\n    ${param}: ${yamlValue}\noutputs: [l]\n`;
}

/** The value sits on line 9 after `    PARAM: ` (a mapping missing a required key is reported at its key, 9:5). */
const valuePlace = (param: string) => new RegExp(`\\b9:(${5 + param.length + 2}|5)\\b`);

function paramCase(type: string, param: string, yamlValue: string, what: string): HostileCase {
  return {
    name: `${type}.${param}: ${what} (${yamlValue})`,
    files: { 'm.yaml': modelWith(type, param, yamlValue) },
    args: ['check', 'm.yaml'],
    exit: 1,
    where: ['m.yaml', valuePlace(param), `\`${param}`, /schema\/(invalid-type|invalid-value|out-of-range|invalid|missing-key)/],
    hint: /must be|must have|at least|at most|one of|hint: /,
  };
}

/** A number just outside the bounds the parameter's schema declares, when it declares any. */
function outOfRange(schema: JsonSchema): string | undefined {
  const types = ([] as unknown[]).concat(schema.type ?? (schema.anyOf as JsonSchema[] | undefined)?.map((s) => s.type) ?? []);
  const numeric = (schema.anyOf as JsonSchema[] | undefined)?.find((s) => s.type === 'integer' || s.type === 'number') ?? schema;
  if (!types.includes('integer') && !types.includes('number')) return undefined;
  const candidates = [
    typeof numeric.minimum === 'number' ? numeric.minimum - 1 : undefined,
    typeof numeric.exclusiveMinimum === 'number' ? numeric.exclusiveMinimum : undefined,
    typeof numeric.maximum === 'number' ? numeric.maximum + 1 : undefined,
    typeof numeric.exclusiveMaximum === 'number' ? numeric.exclusiveMaximum : undefined,
  ].filter((v): v is number => v !== undefined && Number.isSafeInteger(v));
  const validate = ajv.compile(schema);
  const value = candidates.find((v) => !validate(v));
  return value === undefined ? undefined : String(value);
}

function registryCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const def of builtinRegistry().defs) {
    const json = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any', reused: 'inline' }) as { properties?: Record<string, JsonSchema>; $defs?: unknown };
    for (const [param, property] of Object.entries(json.properties ?? {})) {
      // Each parameter's schema on its own, with the shared definitions its references point to.
      const schema = { ...property, $defs: json.$defs };
      const validate = ajv.compile(schema);
      const wrong = WRONG_TYPES.find(([, value]) => !validate(value));
      if (wrong) cases.push(paramCase(def.type, param, wrong[0], 'wrong type'));
      const beyond = outOfRange(schema);
      if (beyond !== undefined) cases.push(paramCase(def.type, param, beyond, 'out of range'));
    }
  }
  return cases;
}

const tinyWith = (name: string, from: string, to: string, where: (string | RegExp)[], hint: RegExp): HostileCase => {
  if (!TINY.includes(from)) throw new Error(`TINY has no ${from}`);
  return { name, files: { 'm.yaml': TINY.replace(from, to) }, args: ['check', 'm.yaml'], exit: 1, where: ['m.yaml', ...where], hint };
};

const RESERVED = ['__proto__', 'constructor', 'prototype'];

function reservedNameCases(): HostileCase[] {
  return RESERVED.flatMap((name) => [
    tinyWith(`${name} as a top-level key`, 'name: tiny', `name: tiny\n${name}: { polluted: true }`, ['yaml/reserved-name', /3:1/], /reserved|rename/i),
    tinyWith(`${name} as an input name`, '  x: { shape: [4] }', `  x: { shape: [4] }\n  ${name}: { shape: [4] }`, ['yaml/reserved-name', /5:3/], /reserved|rename/i),
    tinyWith(`${name} as a layer name`, '  y: { type: Dense, input: x, units: 1 }', `  y: { type: Dense, input: x, units: 1 }\n  ${name}: { type: Dense, input: x, units: 1 }`, ['yaml/reserved-name', /7:3/], /reserved|rename/i),
    tinyWith(`${name} as a layer parameter`, 'units: 1 }', `units: 1, ${name}: { units: 99 } }`, ['yaml/reserved-name', /6:\d+/], /reserved|rename/i),
    tinyWith(`${name} inside train.optimizer`, 'learning_rate: 0.01 }', `learning_rate: 0.01, ${name}: 1 }`, ['yaml/reserved-name', /9:\d+/], /reserved|rename/i),
  ]);
}

/** Strings that name Object.prototype members, where a lookup in a plain object would find them. */
function prototypeLookupCases(): HostileCase[] {
  return [
    tinyWith('layer type toString', 'type: Dense, input: x, units: 1', 'type: toString, input: x', ['schema/unknown-layer-type', /6:\d+/], /layerspec layers/),
    tinyWith('layer type __proto__', 'type: Dense, input: x, units: 1', 'type: __proto__, input: x', ['schema/unknown-layer-type', /6:\d+/], /layerspec layers/),
    tinyWith('activation constructor', 'units: 1 }', 'units: 1, activation: constructor }', ['schema/invalid-value', /6:\d+/], /one of/),
    tinyWith('initializer hasOwnProperty', 'units: 1 }', 'units: 1, kernel_initializer: hasOwnProperty }', ['schema/invalid-value', /6:\d+/], /one of/),
    tinyWith('loss valueOf', 'loss: mse', 'loss: valueOf', ['schema/invalid-value', /10:9/], /losses TensorFlow.js has/),
    tinyWith('loss constructor', 'loss: mse', 'loss: constructor', ['schema/invalid-value', /10:9/, 'unknown loss "constructor"'], /losses TensorFlow.js has/),
    tinyWith('metric constructor', 'loss: mse', 'loss: mse\n  metrics: [constructor]', ['schema/invalid-value', /11:13/, 'unknown metric "constructor"'], /metrics TensorFlow.js has/),
    tinyWith('metric __proto__', 'loss: mse', 'loss: mse\n  metrics: [__proto__]', ['schema/invalid-value', /11:13/, 'unknown metric "__proto__"'], /metrics TensorFlow.js has/),
    tinyWith('optimizer constructor', 'optimizer: { type: adam, learning_rate: 0.01 }', 'optimizer: constructor', ['schema/invalid-value', /9:14/, 'unknown optimizer "constructor"'], /write one of sgd/),
    tinyWith('optimizer type toString', 'type: adam', 'type: toString', ['schema/invalid-value', /9:\d+/, 'unknown optimizer "toString"'], /write one of sgd/),
    tinyWith('input dtype constructor', 'shape: [4] }', 'shape: [4], dtype: constructor }', ['schema/invalid-value', /4:\d+/], /one of/),
  ];
}

export const schemaCases: HostileCase[] = [...registryCases(), ...reservedNameCases(), ...prototypeLookupCases()];
