import type * as tfTypes from '@tensorflow/tfjs';
import type { NpyArray } from '../io/npy-read.js';
import { formatShape } from '../shape/shape.js';

/**
 * Named weights -> a built model. Weights are named the way `summary --json` lists them:
 * `<layer name in the YAML>/<Keras weight name>` (`conv1/kernel`, `pam/b_kernel`,
 * `encode/forward_recurrent_kernel`). Whatever they come from (a `.npz`, a `train` directory),
 * they are matched to the model by these names, all checked before any is set.
 *
 * How tfjs names a weight (LayerVariable.originalName, what `model.save` writes to the manifest):
 * `<layer>/<weight>`, the layer's name scope then the name given to addWeight, which for every
 * built-in layer is the Keras name (kernel, bias, recurrent_kernel, gamma, beta, moving_mean,
 * moving_variance, depthwise_kernel, pointwise_kernel, embeddings, alpha). Wrappers add scopes:
 *  - Bidirectional: `<layer>/forward_<inner layer>/<weight>` (and backward_); Keras-style
 *    `<layer>/forward_<weight>`, as summary lists it;
 *  - TimeDistributed builds its inner layer inside its own scope: `<layer>/<weight>` already;
 *  - Keras's converter writes RNN cells as a scope (`lstm/lstm_cell/kernel`): other inner scopes
 *    are dropped, as tfjs's own loadWeights does.
 * `.name` (not used) is `originalName` made unique per process (`dense/kernel_1`).
 */

export type WeightDtype = 'float32' | 'int32' | 'bool';
export interface NamedWeight {
  shape: number[];
  dtype: WeightDtype;
  data: Float32Array | Int32Array | Uint8Array;
}
/** Weights by Keras-style name, `<layer>/<weight>`. */
export type NamedWeights = Map<string, NamedWeight>;

export type WeightsErrorCode = 'weights/missing' | 'weights/extra' | 'weights/shape' | 'weights/dtype' | 'weights/file';

/** Weights that cannot be read or do not fit the model; `file` is where they came from. */
export class WeightsError extends Error {
  override readonly name = 'WeightsError';
  constructor(
    readonly code: WeightsErrorCode,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The entries of a `.npz` (key = entry name without `.npy`) as named weights. */
export function weightsFromNpz(entries: ReadonlyMap<string, NpyArray>): NamedWeights {
  const weights: NamedWeights = new Map();
  for (const [name, array] of entries) weights.set(name, { shape: [...array.shape], dtype: array.dtype, data: array.data });
  return weights;
}

/**
 * The Keras-style name of a weight from its tfjs path: `layer` then the segments inside the layer,
 * the last one being the weight's own name. See the rules at the top of this file.
 */
export function kerasWeightName(layer: string, inner: readonly string[]): string {
  const weight = inner[inner.length - 1];
  const direction = inner.slice(0, -1).map((s) => /^(forward|backward)_/.exec(s)?.[1]).find((d) => d !== undefined);
  return `${layer}/${direction ? `${direction}_` : ''}${weight}`;
}

/** A built model's weight, by Keras-style name. */
export interface ModelWeight {
  name: string;
  shape: number[];
  dtype: string;
  layer: tfTypes.layers.Layer;
  variable: tfTypes.LayerVariable;
}

/** Every weight of a built model, layer by layer in `layer.weights` order (what `layer.setWeights` takes). */
export function modelWeights(model: tfTypes.LayersModel): ModelWeight[] {
  const out: ModelWeight[] = [];
  const seen = new Set<string>();
  for (const layer of model.layers) {
    for (const variable of layer.weights) {
      // originalName is scoped by the layer's name; the layer's own name is used in case it is not.
      const path = variable.originalName.split('/');
      const inner = path[0] === layer.name && path.length > 1 ? path.slice(1) : path.slice(-1);
      const name = kerasWeightName(layer.name, inner);
      if (seen.has(name)) throw new Error(`two weights of the built model are both named ${name}; this is a bug in layerspec, please report it`);
      seen.add(name);
      out.push({ name, shape: variable.shape as number[], dtype: variable.dtype, layer, variable });
    }
  }
  return out;
}

const LIST_MAX = 12;
/** `a, b, c` with at most LIST_MAX items, then `and N more`. */
function list(items: string[]): string {
  const shown = items.slice(0, LIST_MAX).join(', ');
  return items.length > LIST_MAX ? `${shown} and ${items.length - LIST_MAX} more` : shown;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Sets every weight of `model` from `weights` (read from `source`), all at once. Anything missing,
 * extra, misshapen or of the wrong dtype is reported together in one WeightsError, before any
 * weight is set. As with tfjs's own loading, weight constraints are applied to the values set.
 */
export function assignWeights(
  tf: typeof tfTypes,
  model: tfTypes.LayersModel,
  weights: NamedWeights,
  source: string,
  options: { modelFile?: string } = {},
): void {
  const expected = modelWeights(model);
  const expectedNames = new Set(expected.map((w) => w.name));
  const missing: string[] = [];
  const misshapen: string[] = [];
  const wrongDtype: string[] = [];
  for (const w of expected) {
    const given = weights.get(w.name);
    if (!given) missing.push(`${w.name} ${formatShape(w.shape)}`);
    else if (given.shape.length !== w.shape.length || given.shape.some((d, i) => d !== w.shape[i])) {
      misshapen.push(`${w.name} is ${formatShape(given.shape)} but the model expects ${formatShape(w.shape)}`);
    } else if (given.data.length !== size(given.shape)) {
      misshapen.push(`${w.name} holds ${given.data.length} values, but its shape ${formatShape(given.shape)} needs ${size(given.shape)}`);
    } else if (given.dtype !== w.dtype) wrongDtype.push(`${w.name} is ${given.dtype} but the model expects ${w.dtype}`);
  }
  const extra = [...weights.keys()].filter((name) => !expectedNames.has(name)).sort();

  const problems: [WeightsErrorCode, string][] = [];
  if (missing.length) problems.push(['weights/missing', `missing ${list(missing)}`]);
  if (extra.length) problems.push(['weights/extra', `extra ${list(extra)}`]);
  if (misshapen.length) problems.push(['weights/shape', list(misshapen)]);
  if (wrongDtype.length) problems.push(['weights/dtype', list(wrongDtype)]);
  if (problems.length) {
    const listing = `layerspec summary ${options.modelFile ?? 'MODEL.yaml'} --json`;
    throw new WeightsError(
      problems[0][0],
      source,
      `${source} does not fit the model: ${problems.map(([, text]) => text).join('; ')}. The model's weights are listed by \`${listing}\`.`,
    );
  }

  // Per layer: model.setWeights takes all trainable weights first, not the layers' order.
  const byLayer = new Map<tfTypes.layers.Layer, tfTypes.Tensor[]>();
  try {
    for (const w of expected) {
      const given = weights.get(w.name) as NamedWeight;
      const tensors = byLayer.get(w.layer) ?? [];
      tensors.push(tf.tensor(given.data, given.shape, given.dtype));
      byLayer.set(w.layer, tensors);
    }
    for (const [layer, tensors] of byLayer) layer.setWeights(tensors);
  } finally {
    // setWeights copies the values into the variables.
    for (const tensors of byLayer.values()) tf.dispose(tensors);
  }
}
