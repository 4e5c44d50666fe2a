import type * as tfTypes from '@tensorflow/tfjs';
import type { AnyLayerDef, ShapeContext, TfModule, WeightSpec } from '../layers/define.js';
import { builtinRegistry } from '../layers/index.js';
import type { Registry } from '../layers/registry.js';
import type { Shape } from '../shape/shape.js';
import { activityRegularizer, constraint, initializer, regularizer, type ConstraintSpec, type RegularizerSpec, type TfInitializer } from './keras-config.js';
import { decodeHexJson, PAYLOAD_KEY, toHex } from './hex-config.js';

/**
 * The one tfjs Layer behind every LayerDef that has `call` and no `build` (Scale, KernelDot,
 * LocallyConnected2D, PAM, CAM, plugins): the Keras custom-layer recipe done once.
 *
 * - `build`: every weight of `def.weights(...)`, by its Keras name (tfjs scopes it to
 *   `<layer>/<name>`), with its initializer, regularizer, constraint and trainability;
 * - `call`: `def.call(tf, inputs, weights, params)` inside `tf.tidy`, inputs always a list;
 * - `computeOutputShape`: the static rule `def.inferShape`, so tfjs and `check` agree;
 * - `getConfig`/`fromConfig`: `{type, params}` as lowercase-hex JSON (tfjs snake_cases string
 *   values on save; see lambda-layer.ts), restored by type from the definitions this tf instance
 *   knows, and the params validated by the def's zod schema, since a model.json may be hostile.
 *
 * Only tfjs types are imported: `tf` is passed in, so nothing on the check path loads tfjs.
 */

type LayerArgs = NonNullable<ConstructorParameters<typeof tfTypes.layers.Layer>[0]>;

export interface SpecLayerArgs extends LayerArgs {
  /** The layer type; must have `call` and `weights` as needed. */
  def: AnyLayerDef;
  /** The parameters, already validated by `def.params` (zod output, defaults filled in). */
  params: Record<string, unknown>;
}

export interface SpecLayer extends tfTypes.layers.Layer {
  readonly def: AnyLayerDef;
  readonly params: Readonly<Record<string, unknown>>;
  /** The weights by their Keras name (`gamma`, `kernel`, ...), once built. */
  readonly specWeights: Readonly<Record<string, tfTypes.LayerVariable>>;
}

export interface SpecLayerClass {
  new (args: SpecLayerArgs): SpecLayer;
  readonly className: string;
}

interface PerTf {
  cls: SpecLayerClass;
  /** The definitions `fromConfig` may restore, by type: built-ins, plugins, any def constructed here. */
  defs: Map<string, AnyLayerDef>;
}

/** One class per tfjs-core instance (the serialization registry is global to it). */
const perTf = new WeakMap<object, PerTf>();

/**
 * The generic layer class of this tf instance, registered for deserialization. `registry` (e.g. the
 * built-ins plus the `--plugin` layers) adds its callable types to those that a saved model may
 * name; the built-ins are always known. A later registry's definition of a type replaces an
 * earlier one (the model being loaded is the one built with it).
 */
export function defineSpecLayer(tf: TfModule, registry?: Registry): SpecLayerClass {
  let entry = perTf.get(tf.serialization);
  if (!entry) {
    entry = { cls: createClass(tf, (type) => entry!.defs.get(type)), defs: new Map() };
    addCallable(entry.defs, builtinRegistry());
    perTf.set(tf.serialization, entry);
  }
  if (registry) addCallable(entry.defs, registry);
  return entry.cls;
}

function addCallable(defs: Map<string, AnyLayerDef>, registry: Registry): void {
  for (const def of registry.defs) if (def.call && !def.build) defs.set(def.type, def);
}

/** A ShapeContext for the rules of a callable layer, which has no nested layer. */
function shapeContext(): ShapeContext {
  return { nested: () => { throw new Error('a custom layer has no nested layer'); } };
}

/** tfjs gives one shape for one input, a list of shapes for several. */
function shapeList(inputShape: tfTypes.Shape | tfTypes.Shape[]): Shape[] {
  return (inputShape.length > 0 && Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as Shape[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function createClass(tf: TfModule, lookup: (type: string) => AnyLayerDef | undefined): SpecLayerClass {
  class LayerspecLayer extends tf.layers.Layer implements SpecLayer {
    static readonly className = 'LayerspecLayer';
    readonly def: AnyLayerDef;
    readonly params: Readonly<Record<string, unknown>>;
    private readonly variables: Record<string, tfTypes.LayerVariable> = {};

    constructor(args: SpecLayerArgs) {
      const { def, params, ...layerArgs } = args;
      super(layerArgs);
      if (!def.call) throw new Error(`layer type ${def.type} has no call(), so it cannot run as a custom layer`);
      // Refused as for the tfjs layers (keras-config.ts): a Keras argument we cannot honour is not ignored.
      activityRegularizer(params.activity_regularizer as RegularizerSpec | undefined);
      this.def = def;
      this.params = params;
      // Whatever was built here can be saved and restored in this process (plugins included).
      perTf.get(tf.serialization)?.defs.set(def.type, def);
    }

    get specWeights(): Readonly<Record<string, tfTypes.LayerVariable>> {
      return this.variables;
    }

    private fail(what: string, error: unknown): never {
      throw new Error(`${this.def.type} layer '${this.name}' ${what}: ${messageOf(error)}`);
    }

    override build(inputShape: tfTypes.Shape | tfTypes.Shape[]): void {
      const shapes = shapeList(inputShape);
      let specs: WeightSpec[];
      try {
        specs = this.def.weights ? this.def.weights(shapes, this.params, shapeContext()) : [];
      } catch (error) {
        this.fail('cannot create its weights', error);
      }
      for (const spec of specs) {
        this.variables[spec.name] = this.addWeight(
          spec.name,
          spec.shape,
          'float32',
          weightInitializer(tf, spec, this.name),
          regularizer(tf, spec.regularizer as RegularizerSpec | undefined),
          spec.trainable,
          constraint(tf, spec.constraint as ConstraintSpec | undefined),
        );
      }
      this.built = true;
    }

    /** The static rule; a disagreement with what `call` computes is a bug the runtime reports. */
    override computeOutputShape(inputShape: tfTypes.Shape | tfTypes.Shape[]): tfTypes.Shape {
      try {
        return [...this.def.inferShape(shapeList(inputShape), this.params, shapeContext())];
      } catch (error) {
        this.fail('cannot take its input', error);
      }
    }

    /** In predict/fit a single input arrives as `[x]`, symbolically as `x`: both are accepted. */
    override call(inputs: tfTypes.Tensor | tfTypes.Tensor[]): tfTypes.Tensor {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      return tf.tidy(() => {
        const weights: Record<string, tfTypes.Tensor> = {};
        for (const [name, variable] of Object.entries(this.variables)) weights[name] = variable.read();
        return this.def.call!(tf, list, weights, this.params);
      });
    }

    override getConfig(): tfTypes.serialization.ConfigDict {
      const payload = { type: this.def.type, params: this.params };
      return { ...super.getConfig(), [PAYLOAD_KEY]: toHex(JSON.stringify(payload)) };
    }

    static override fromConfig<T extends tfTypes.serialization.Serializable>(
      cls: tfTypes.serialization.SerializableConstructor<T>,
      config: tfTypes.serialization.ConfigDict,
    ): T {
      const { [PAYLOAD_KEY]: encoded, customObjects: _unused, ...layerArgs } = config;
      const name = typeof config.name === 'string' ? config.name : '?';
      const { def, params } = decodePayload(encoded, name, lookup);
      const args: SpecLayerArgs = { ...(layerArgs as LayerArgs), def, params };
      return new cls(args);
    }
  }
  tf.serialization.registerClass(LayerspecLayer);
  return LayerspecLayer;
}

/**
 * A weight's initializer: a Keras name/object through keras-config, or the initial values
 * themselves (Scale's `weights:`), which must fill the weight's shape exactly.
 */
function weightInitializer(tf: TfModule, spec: WeightSpec, layer: string): TfInitializer {
  const init = spec.initializer ?? 'zeros';
  if (typeof init === 'number' || Array.isArray(init)) {
    const values = literalValues(init, spec.shape, `${layer}/${spec.name}`);
    // addWeight only calls `apply(shape, dtype)`; a tfjs Initializer subclass is not exported.
    const literal = { apply: (shape: number[], dtype?: tfTypes.DataType) => tf.tensor(values, shape, dtype ?? 'float32') };
    return literal as unknown as TfInitializer;
  }
  return initializer(tf, init as Parameters<typeof initializer>[1]);
}

/** The numbers of a (nested) list, checked to be shaped exactly like the weight. */
export function literalValues(value: unknown, shape: readonly number[], weight: string): number[] {
  const out: number[] = [];
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`initial value of ${weight}${path} is not a finite number`);
      out.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new Error(`initial values of ${weight} must be shaped [${shape.join(', ')}]; ${path || 'the list'} has ${Array.isArray(v) ? v.length : 'no'} entries on axis ${depth}`);
    }
    v.forEach((item, i) => walk(item, depth + 1, `${path}[${i}]`));
  };
  walk(value, 0, '');
  return out;
}

function decodePayload(
  encoded: unknown,
  layer: string,
  lookup: (type: string) => AnyLayerDef | undefined,
): { def: AnyLayerDef; params: Record<string, unknown> } {
  const fail = (why: string): never => {
    throw new Error(`custom layer '${layer}' in the saved model cannot be restored: ${why}`);
  };
  const json = decodeHexJson(encoded, fail);
  if (typeof json !== 'object' || json === null || typeof (json as { type?: unknown }).type !== 'string') {
    return fail(`'${PAYLOAD_KEY}' holds no layer type`);
  }
  const { type, params } = json as { type: string; params?: unknown };
  const def = lookup(type);
  if (!def) return fail(`unknown layer type '${type.slice(0, 80)}' (a plugin layer needs its --plugin)`);
  const result = def.params.safeParse(params ?? {});
  if (!result.success) {
    return fail(`invalid ${type} parameters: ${result.error.issues.map((i: { path: PropertyKey[]; message: string }) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ')}`);
  }
  return { def, params: result.data as Record<string, unknown> };
}

