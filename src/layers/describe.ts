import { z } from '../zod-configured.js';
import { arityOf, type AnyLayerDef } from './define.js';

export interface ParamDoc {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  description: string;
}

export interface LayerDoc {
  type: string;
  category: string;
  description: string;
  inputs: { min: number; max: number | null };
  params: ParamDoc[];
  /** The `--plugin` file that defined the type; absent for built-ins. */
  plugin?: string;
}

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  default?: unknown;
  description?: string;
  minimum?: number;
  exclusiveMinimum?: number;
};

/** What `layers` prints about a type, read off the JSON Schema of its parameters. */
export function describeLayer(def: AnyLayerDef): LayerDoc {
  const schema = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any', reused: 'inline' }) as JsonSchema;
  const required = new Set(schema.required ?? []);
  const { min, max } = arityOf(def);
  return {
    type: def.type,
    category: def.category,
    description: def.description,
    inputs: { min, max: Number.isFinite(max) ? max : null },
    params: Object.entries(schema.properties ?? {}).map(([name, p]) => ({
      name,
      type: typeText(p),
      required: required.has(name) && p.default === undefined,
      ...(p.default !== undefined ? { default: p.default } : {}),
      description: p.description ?? '',
    })),
    ...(def.plugin === undefined ? {} : { plugin: def.plugin }),
  };
}

/** The shared parameter kinds that `typeText` names instead of spelling out. */
export const NAMED_TYPES: Record<string, string> = {
  activation: 'a Keras activation name: linear, relu, relu6, elu, selu, sigmoid, hard_sigmoid, tanh, softmax, softplus, softsign, swish, silu, mish, gelu',
  initializer: 'a Keras initializer name (zeros, ones, glorot_uniform, he_normal, random_normal, ...) or {type, ...arguments}, e.g. {type: random_normal, stddev: 0.02}',
  regularizer: 'l1, l2, l1_l2 (factor 0.01) or {l1: ..., l2: ...}',
  constraint: 'non_neg, unit_norm, max_norm, min_max_norm, radial_constraint or {type, ...arguments}, e.g. {type: max_norm, max_value: 2}',
};

/** A short type, e.g. `int | [int, int]`, `"valid" | "same"`, `{type, ...}`. */
export function typeText(s: JsonSchema): string {
  const text = typeText;
  // Shared kinds (activation, initializer, regularizer, constraint) go by their name; NAMED_TYPES explains them.
  if (s.$ref) return s.$ref.replace(/^#\/\$defs\//, '');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const options = s.anyOf ?? s.oneOf;
  if (options) {
    const objects = options.filter((o) => o.type === 'object');
    const rest = options.filter((o) => o.type !== 'object').map(text);
    if (objects.length > 0) rest.push(objects.some((o) => o.properties?.type) ? '{type, ...}' : '{...}');
    return [...new Set(rest)].join(' | ');
  }
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const parts = type.map((t) => {
    switch (t) {
      case 'integer':
        return s.exclusiveMinimum === 0 || s.minimum === 1 ? 'int > 0' : 'int';
      case 'number':
        return 'number';
      case 'boolean':
        return 'bool';
      case 'string':
        return 'string';
      case 'null':
        return 'null';
      case 'array': {
        const item = Array.isArray(s.items) ? s.items : s.prefixItems;
        if (item) return `[${item.map(text).join(', ')}]`;
        const element = s.items && !Array.isArray(s.items) ? text(s.items) : 'any';
        if (s.minItems !== undefined && s.minItems === s.maxItems) return `[${Array.from({ length: s.minItems }, () => element).join(', ')}]`;
        return `${element.includes(' ') ? `(${element})` : element}[]`;
      }
      case 'object':
        return s.properties?.type ? '{type, ...}' : '{...}';
      default:
        return t;
    }
  });
  return parts.join(' | ') || 'any';
}
