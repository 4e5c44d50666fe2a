import type * as tfTypes from '@tensorflow/tfjs';
import type { Program } from '../expr/ast.js';
import { bindNames, type Binding } from '../expr/bindings.js';
import { evaluateProgram } from '../expr/evaluate.js';
import type { Tensor, Tf } from '../expr/evaluate/values.js';
import { parseProgram } from '../expr/parser.js';
import type { Constant } from '../expr/static.js';
import lambdaDef from '../layers/lambda.js';
import type { Shape } from '../shape/shape.js';
import { z } from '../zod-configured.js';
import { decodeHexJson, PAYLOAD_KEY, toHex } from './hex-config.js';

/**
 * The tfjs side of `type: Lambda`: a Layer that runs the parsed expression with
 * `evaluateProgram` (differentiable, so a Lambda trains) and whose symbolic output shape is the
 * static rule of src/layers/lambda.ts, so tfjs and `check` agree. Only tfjs types are imported:
 * `tf` is passed in, so nothing on the check path loads tfjs.
 *
 * Saving: tfjs passes every layer config through `convertTsToPythonic` on save and
 * `convertPythonicToTs` on load, which rewrite every key and every string value except `name`
 * and `className` (toSnakeCase lowercases everything, adds `_` before capitals and turns a
 * leading `_` into `private_`; toCamelCase removes underscores). `X * 2` comes back as `x * 2`,
 * `my_index` as `myIndex`, `_x` as `privateX`. So the layer stores its parameters as one
 * lowercase-hex string of their UTF-8 JSON, which neither function can alter (no capitals, no
 * underscores), and `fromConfig` decodes and validates it (a model.json may be hostile).
 */
export interface LambdaLayerArgs extends LayerArgs {
  /** The expression, as in the YAML file. */
  expr: string;
  /** Keras `arguments`: constants bound to names in `expr`. */
  arguments?: Readonly<Record<string, Constant>>;
  /** The names of the layer's inputs, in order (they are names in `expr`). */
  inputNames: readonly string[];
  /** Keras `output_shape` (without the batch dimension), checked against the inferred shape. */
  outputShape?: readonly (number | null)[];
}

export interface LambdaLayer extends tfTypes.layers.Layer {
  readonly expr: string;
  readonly arguments: Readonly<Record<string, Constant>>;
  readonly inputNames: readonly string[];
  readonly declaredOutputShape: readonly (number | null)[] | undefined;
}

export interface LambdaLayerClass {
  new (args: LambdaLayerArgs): LambdaLayer;
  readonly className: string;
}

type LayerArgs = NonNullable<ConstructorParameters<typeof tfTypes.layers.Layer>[0]>;

/** One class per tfjs-core instance (the serialization registry is global to it). */
const classes = new WeakMap<object, LambdaLayerClass>();

export function defineLambdaLayer(tf: Tf): LambdaLayerClass {
  const existing = classes.get(tf.serialization);
  if (existing) return existing;

  class LayerspecLambda extends tf.layers.Layer implements LambdaLayer {
    static readonly className = 'LayerspecLambda';
    readonly expr: string;
    readonly arguments: Readonly<Record<string, Constant>>;
    readonly inputNames: readonly string[];
    readonly declaredOutputShape: readonly (number | null)[] | undefined;
    readonly program: Program;
    readonly names: ReadonlyMap<string, Binding>;

    constructor(args: LambdaLayerArgs) {
      const { expr, arguments: constants = {}, inputNames, outputShape, ...layerArgs } = args;
      super(layerArgs);
      this.expr = expr;
      this.arguments = constants;
      this.inputNames = [...inputNames];
      this.declaredOutputShape = outputShape ? [...outputShape] : undefined;
      const parsed = parseProgram(expr);
      if (!parsed.ok) throw new Error(`Lambda layer '${this.name}' has an invalid expression: ${parsed.error.message}`);
      const bound = bindNames(parsed.program, this.inputNames, constants);
      if (!bound.ok) throw new Error(`Lambda layer '${this.name}': ${bound.error.message}`);
      this.program = parsed.program;
      this.names = bound.names;
    }

    /** The static rule of `type: Lambda` (including the `output_shape` check). */
    override computeOutputShape(inputShape: Shape | Shape[]): tfTypes.Shape {
      const shapes = (inputShape.length > 0 && Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as Shape[];
      this.checkCount(shapes.length);
      const params = { expr: this.expr, arguments: { ...this.arguments }, output_shape: this.declaredOutputShape && [...this.declaredOutputShape] };
      const nested = () => { throw new Error('a Lambda has no nested layer'); };
      try {
        return [...lambdaDef.inferShape(shapes, params, { nested, inputNames: this.inputNames })];
      } catch (error) {
        throw new Error(`Lambda layer '${this.name}' ${error instanceof Error ? error.message : String(error)}`);
      }
    }

    /** In predict/fit a single input arrives as `[x]`, symbolically as `x`: both are accepted. */
    override call(inputs: Tensor | Tensor[]): Tensor {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      this.checkCount(list.length);
      return tf.tidy(() => evaluateProgram(tf, this.program, this.names, list));
    }

    private checkCount(count: number): void {
      if (count === this.inputNames.length) return;
      throw new Error(`Lambda layer '${this.name}' takes ${this.inputNames.length} input(s) (${this.inputNames.join(', ')}), got ${count}`);
    }

    override getConfig(): tfTypes.serialization.ConfigDict {
      const payload: Payload = { expr: this.expr, arguments: { ...this.arguments }, input_names: [...this.inputNames] };
      if (this.declaredOutputShape) payload.output_shape = [...this.declaredOutputShape];
      return { ...super.getConfig(), [PAYLOAD_KEY]: toHex(JSON.stringify(payload)) };
    }

    static override fromConfig<T extends tfTypes.serialization.Serializable>(
      cls: tfTypes.serialization.SerializableConstructor<T>,
      config: tfTypes.serialization.ConfigDict,
    ): T {
      const { [PAYLOAD_KEY]: encoded, customObjects: _unused, ...layerArgs } = config;
      const p = decodePayload(encoded, typeof config.name === 'string' ? config.name : '?');
      const args: LambdaLayerArgs = { ...(layerArgs as LayerArgs), expr: p.expr, arguments: p.arguments, inputNames: p.input_names, outputShape: p.output_shape };
      return new cls(args);
    }
  }

  tf.serialization.registerClass(LayerspecLambda);
  classes.set(tf.serialization, LayerspecLambda);
  return LayerspecLambda;
}

/** What the hex string holds: Lambda's YAML parameters (Keras names) and the input names. */
const payloadSchema = lambdaDef.params.extend({ input_names: z.array(z.string()).min(1) });
type Payload = z.input<typeof payloadSchema>;

function decodePayload(encoded: unknown, layer: string): z.output<typeof payloadSchema> {
  const fail = (why: string): never => {
    throw new Error(`Lambda layer '${layer}' in the saved model cannot be restored: ${why}`);
  };
  const json = decodeHexJson(encoded, fail);
  const result = payloadSchema.safeParse(json);
  if (!result.success) return fail(result.error.issues.map((i) => `${i.path.join('.') || PAYLOAD_KEY}: ${i.message}`).join('; '));
  return result.data;
}


