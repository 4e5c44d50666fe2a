import type * as tfTypes from '@tensorflow/tfjs';
import type { z } from 'zod';
import { builtOnFirstUse } from '../built-on-first-use.js';
import type { Shape } from '../shape/shape.js';

/** The tfjs namespace as the runtime passes it to `build` (a type only: layer files never load tfjs). */
export type TfModule = typeof tfTypes;
export type TfLayer = tfTypes.layers.Layer;
export type TfTensor = tfTypes.Tensor;

/** What a layer's `build` gets besides `tf` and its parameters. */
export interface BuildContext {
  /** The layer's name in the spec (also the tfjs layer's name); absent for a wrapped layer. */
  name?: string;
  /** Static input shapes (batch as null), as inferred by the shape rules. */
  inputShapes: Shape[];
  /** The static output shape. */
  outputShape: Shape;
  /** The names of the layer's inputs as written (Lambda binds them in its expression). */
  inputNames: readonly string[];
  /** Whether the layer's weights are trained (YAML `trainable:`). */
  trainable: boolean;
  /** Builds a wrapped layer config (Bidirectional's, TimeDistributed's `layer:`) for the given input shapes. */
  buildNested(config: unknown, param: string, inputShapes: Shape[]): TfLayer;
}

/** Where `layers` groups a type, like the sections of the Keras layer reference. */
export type Category =
  | 'core'
  | 'activation'
  | 'convolution'
  | 'pooling'
  | 'normalization'
  | 'regularization'
  | 'reshaping'
  | 'merging'
  | 'recurrent'
  | 'attention'
  | 'custom';

/** A weight the layer creates in `build`, by its Keras name. Shapes are fully known. */
export interface WeightSpec {
  name: string;
  shape: number[];
  trainable: boolean;
  /**
   * Keras initializer name or `{type, ...}` object, or the initial values themselves as a (nested)
   * list of numbers shaped like the weight (Scale's `weights:`).
   */
  initializer?: unknown;
  /** Keras regularizer name or `{l1, l2}` (null/absent: none), applied in training. */
  regularizer?: unknown;
  /** Keras constraint name or `{type, ...}` (null/absent: none), applied after each update. */
  constraint?: unknown;
}

/** How many inputs a layer takes; most take exactly one. */
export interface Arity {
  min: number;
  max: number;
}

export const ONE_INPUT: Arity = { min: 1, max: 1 };
export const TWO_OR_MORE: Arity = { min: 2, max: Number.POSITIVE_INFINITY };
export const EXACTLY_TWO: Arity = { min: 2, max: 2 };

/** A nested layer config (Bidirectional's and TimeDistributed's `layer:`) after validation. */
export interface NestedLayer {
  type: string;
  def: AnyLayerDef;
  params: Record<string, unknown>;
  inferShape(inputs: Shape[]): Shape;
  weights(inputs: Shape[]): WeightSpec[];
}

/** What a shape rule may ask of the engine that runs it. */
export interface ShapeContext {
  /** Validates `config` as a layer of the registry (issues are reported under `param`). */
  nested(config: unknown, param: string): NestedLayer;
  /** The names of the layer's inputs as written (`input:`/`inputs:`), for rules that refer to them (Lambda). */
  inputNames?: readonly string[];
  /** The element types of the layer's inputs where known (model inputs); float32 otherwise. */
  inputDtypes?: readonly ('float32' | 'int32' | 'bool' | undefined)[];
}

/**
 * One layer type: its parameters (a strict zod object whose every field is described), its
 * static shape rule and the weights it creates. Mirrors a Keras layer file: `__init__` arguments
 * = `params`, `compute_output_shape` = `inferShape`, `build` = `weights`. Shape rules throw
 * `ShapeError` to report a problem. The tfjs side is `build`, which receives `tf` from the
 * runtime (src/runtime/build-model.ts), so this module never loads TensorFlow.js.
 */
export interface LayerDef<P extends z.ZodObject = z.ZodObject> {
  type: string;
  category: Category;
  /** One sentence, shown by `layers` and in editors. */
  description: string;
  params: P;
  /** Inputs accepted; defaults to exactly one. */
  arity?: Arity;
  /** The `--plugin` file that defined this type (as given on the command line); absent for built-ins. */
  plugin?: string;
  /**
   * True when, in training, each row (sample) of a batch is computed on its own: no statistics over
   * the batch, no state carried between batches, no randomness but Dropout's masks (which the
   * runtime draws for the whole batch). Training may then split every batch by rows across threads
   * (src/runtime/parallel/data-parallel). A function decides from the parameters. Absent: the rows
   * are taken to depend on each other, and batches are never split (plugins too, unless they say).
   */
  rowwise?: boolean | ((params: z.output<P>) => boolean);
  inferShape(inputs: Shape[], params: z.output<P>, ctx: ShapeContext): Shape;
  weights?(inputs: Shape[], params: z.output<P>, ctx: ShapeContext): WeightSpec[];
  /**
   * The tfjs side: a new, unapplied tfjs Layer for these parameters (Keras's defaults always
   * passed explicitly, since tfjs's differ). `tf` is given by the runtime; absent = cannot run yet.
   */
  build?(tf: TfModule, params: z.output<P>, ctx: BuildContext): TfLayer;
  /**
   * The tfjs side of a layer tfjs does not have (the tutorial's custom layers, plugins): the
   * forward pass as tensor ops, given the layer's inputs (always a list) and its weights by name
   * (created from `weights`). The runtime wraps it in one generic tfjs Layer
   * (src/runtime/defined-layer.ts) that creates the weights in `build`, runs this in `call` inside
   * `tf.tidy` and serializes the layer by type and params. Must be differentiable (tfjs ops only).
   */
  call?(tf: TfModule, inputs: TfTensor[], weights: Readonly<Record<string, TfTensor>>, params: z.output<P>): TfTensor;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLayerDef = LayerDef<any>;

/**
 * Keeps `params` typed inside the rule functions. `params` may be a function that builds the
 * schema: it then runs on first use. Building all 57 built-in schemas up front was ~20 ms of a
 * 150 ms `check`, which needs only the types its file uses.
 */
export function defineLayer<P extends z.ZodObject>(def: Omit<LayerDef<P>, 'params'> & { params: P | (() => P) }): LayerDef<P> {
  const { params } = def;
  if (typeof params !== 'function') return def as LayerDef<P>;
  return Object.defineProperty({ ...def }, 'params', { get: builtOnFirstUse(params), enumerable: true, configurable: false }) as LayerDef<P>;
}

export function arityOf(def: AnyLayerDef): Arity {
  return def.arity ?? ONE_INPUT;
}

/** Number of scalars in a weight. */
export function weightSize(w: WeightSpec): number {
  return w.shape.reduce((a, b) => a * b, 1);
}
