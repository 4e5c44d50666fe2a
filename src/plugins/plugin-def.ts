import type { z as Zod } from 'zod';
import type { AnyLayerDef, Arity, TfModule, TfTensor, WeightSpec } from '../layers/define.js';
import { constraintSpec } from '../layers/common/constraints.js';
import { initializerSpec } from '../layers/common/initializers.js';
import { regularizerSpec } from '../layers/common/regularizers.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, type Dim, type Shape } from '../shape/shape.js';
import { PluginError } from './plugin-error.js';

/**
 * One layer of a plugin, as its author writes it (README "Write your own layer"), after
 * load-plugins.ts has checked the fields' types. Shapes are plain arrays with the batch as null.
 */
export interface PluginLayer {
  type: string;
  description: string;
  params: Zod.ZodObject;
  arity: Arity;
  inferShape(inputs: Dim[][], params: Record<string, unknown>): unknown;
  weights?(inputs: Dim[][], params: Record<string, unknown>): unknown;
  call(tf: TfModule, inputs: TfTensor[], weights: Record<string, TfTensor>, params: Record<string, unknown>): unknown;
}

/** A plugin weight as declared; every field but `name` and `shape` optional, Keras names. */
interface DeclaredWeight {
  name?: unknown;
  shape?: unknown;
  initializer?: unknown;
  regularizer?: unknown;
  constraint?: unknown;
  trainable?: unknown;
}

const WEIGHT_KEYS = new Set(['name', 'shape', 'initializer', 'regularizer', 'constraint', 'trainable']);
const WEIGHT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SHAPE_HINT = 'a shape is a list: null first (the batch), then whole numbers >= 0 or null (unknown)';

/**
 * The plugin layer as a LayerDef, so that it goes everywhere a built-in goes (check, summary,
 * layers, schema, the generic tfjs layer of src/runtime/defined-layer.ts). What the plugin returns
 * is checked here: a plugin that returns garbage gets a diagnostic naming it, not a crash later.
 */
export function pluginLayerDef(layer: PluginLayer, file: string): AnyLayerDef {
  const from = `from plugin ${file}`;
  /** What the plugin's own code threw becomes the diagnostic, at the layer in the YAML. */
  const run = <T>(what: string, inputs: Shape[], body: () => T): T => {
    try {
      return body();
    } catch (error) {
      if (error instanceof ShapeError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const hint = (error as { hint?: unknown })?.hint;
      throw new ShapeError(`${from}: ${message}`, {
        code: 'shape/incompatible',
        hint: typeof hint === 'string' ? hint : `thrown by ${layer.type}'s ${what} for input ${inputs.map(formatShape).join(', ')}`,
      });
    }
  };
  const copies = (inputs: Shape[]) => inputs.map((s) => [...s]);

  return {
    type: layer.type,
    category: 'custom',
    description: layer.description,
    params: layer.params,
    arity: layer.arity,
    plugin: file,
    inferShape(inputs, params) {
      const result = run('inferShape', inputs, () => layer.inferShape(copies(inputs), params));
      return toShape(result, `${from}: inferShape returned`);
    },
    weights(inputs, params) {
      if (!layer.weights) return [];
      const declared = run('weights', inputs, () => layer.weights!(copies(inputs), params));
      return toWeights(declared, from);
    },
    call(tf, inputs, weights, params) {
      let out: unknown;
      try {
        out = layer.call(tf, inputs, { ...weights }, params);
      } catch (error) {
        const shapes = inputs.map((x) => formatShape(x.shape)).join(', ');
        throw new PluginError(`${layer.type} layer ${from}: call failed on input ${shapes}: ${error instanceof Error ? error.message : String(error)}`, file, layer.type, undefined, { cause: error });
      }
      if (!(out instanceof tf.Tensor)) {
        throw new PluginError(`${layer.type} layer ${from}: call returned ${describe(out)}, not a tensor (return one tensor, e.g. tf.dot(x, w.kernel))`, file, layer.type);
      }
      return out;
    },
  };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? 'an object' : JSON.stringify(value) ?? typeof value;
}

/** The plugin broke its contract: reported at the layer like any shape problem, saying what was wrong. */
function contract(message: string, hint: string): ShapeError {
  return new ShapeError(message, { code: 'shape/incompatible', hint });
}

/** A plugin's shape (batch null first, then ints >= 0 or null) as ours; anything else is reported. */
function toShape(value: unknown, what: string): Shape {
  const shown = JSON.stringify(value)?.slice(0, 80) ?? String(value);
  if (!Array.isArray(value) || value.length === 0) throw contract(`${what} ${shown}, which is not a shape`, SHAPE_HINT);
  value.forEach((d, i) => {
    if (d !== null && !(Number.isSafeInteger(d) && d >= 0)) throw contract(`${what} ${shown}, whose entry ${i} is not a whole number >= 0 or null`, SHAPE_HINT);
  });
  if (value[0] !== null) throw contract(`${what} ${shown}, which does not start with null (the batch dimension)`, SHAPE_HINT);
  return [...value] as Dim[];
}

/** The declared weights as WeightSpecs: Keras names checked now, so `check` reports them, not `train`. */
function toWeights(declared: unknown, from: string): WeightSpec[] {
  const hint = 'weights returns a list of {name, shape, initializer?, regularizer?, constraint?, trainable?}';
  if (!Array.isArray(declared)) throw contract(`${from}: weights returned ${describe(declared)}, not a list`, hint);
  const seen = new Set<string>();
  return declared.map((raw: DeclaredWeight, i) => {
    if (typeof raw !== 'object' || raw === null) throw contract(`${from}: weight ${i} is ${describe(raw)}, not an object`, hint);
    const extra = Object.keys(raw).filter((k) => !WEIGHT_KEYS.has(k));
    if (extra.length > 0) throw contract(`${from}: weight ${i} has unknown key${extra.length > 1 ? 's' : ''} ${extra.join(', ')}`, hint);
    const { name } = raw;
    if (typeof name !== 'string' || !WEIGHT_NAME.test(name)) throw contract(`${from}: weight ${i} has name ${JSON.stringify(name)}; a name is an identifier such as kernel`, hint);
    if (seen.has(name)) throw contract(`${from}: two weights are named '${name}'`, hint);
    seen.add(name);
    const shape = raw.shape;
    if (!Array.isArray(shape) || shape.some((d) => d !== null && !(Number.isSafeInteger(d) && d >= 0))) {
      throw contract(`${from}: weight '${name}' has shape ${JSON.stringify(shape)?.slice(0, 80)}, not a list of whole numbers >= 0`, 'a weight shape has no batch dimension, e.g. [features, units]');
    }
    if (shape.includes(null)) {
      throw new ShapeError(`${from}: needs every size of weight '${name}' to be known, but it would be ${formatShape(shape)}`, { code: 'shape/unknown-dim' });
    }
    const setting = <T>(key: 'initializer' | 'regularizer' | 'constraint', spec: Zod.ZodType<T>, kind: string): T | undefined => {
      if (raw[key] === undefined || raw[key] === null) return undefined;
      const parsed = spec.safeParse(raw[key]);
      if (!parsed.success) throw contract(`${from}: weight '${name}' has ${key} ${JSON.stringify(raw[key])?.slice(0, 80)}, which is not ${kind}`, `see \`layerspec layers Dense\` for the Keras names`);
      return parsed.data;
    };
    const initializer = isNumberList(raw.initializer) ? checkLiteral(raw.initializer, shape as number[], name, from) : setting('initializer', initializerSpec, 'a Keras initializer');
    if (raw.trainable !== undefined && typeof raw.trainable !== 'boolean') throw contract(`${from}: weight '${name}' has trainable ${JSON.stringify(raw.trainable)}, not true or false`, hint);
    return {
      name,
      shape: shape as number[],
      trainable: raw.trainable ?? true,
      // Keras's add_weight default for float weights.
      initializer: initializer ?? 'glorot_uniform',
      regularizer: setting('regularizer', regularizerSpec, 'a Keras regularizer (l1, l2, l1_l2 or {l1, l2})') ?? null,
      constraint: setting('constraint', constraintSpec, 'a Keras constraint') ?? null,
    };
  });
}

function isNumberList(value: unknown): boolean {
  return typeof value === 'number' || (Array.isArray(value) && (value.length === 0 || typeof value[0] === 'number' || Array.isArray(value[0])));
}

/** Initial values given as a (nested) list must be shaped exactly like the weight. */
function checkLiteral(value: unknown, shape: readonly number[], name: string, from: string): unknown {
  const fits = (v: unknown, depth: number): boolean =>
    depth === shape.length
      ? typeof v === 'number' && Number.isFinite(v)
      : Array.isArray(v) && v.length === shape[depth] && v.every((item) => fits(item, depth + 1));
  if (!fits(value, 0)) {
    throw contract(`${from}: weight '${name}' has initial values that are not shaped [${shape.join(', ')}]`, 'give a nested list of numbers shaped like the weight, or a Keras initializer name');
  }
  return value;
}
