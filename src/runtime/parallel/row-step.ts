import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../backend.js';

/**
 * One training step over some rows of a batch, the same on the main thread and on a replica
 * (row-split.ts): tfjs's own train function runs on the rows, with the model's optimizer swapped
 * for one that keeps the gradients instead of applying them. So losses, metrics, regularization
 * penalties and the order in which layers run are exactly tfjs's; the caller weighs each part's
 * gradients and values by its share of the rows.
 */

type Tensor = tfTypes.Tensor;
/** tfjs's train function: [inputs, targets] of one batch -> [total loss, ...metrics]. */
export type TrainFunction = (data: Tensor[]) => tfTypes.Scalar[];

/** The parts of a tfjs LayersModel the row split uses (not in its public types). */
export interface ModelInternals {
  optimizer_: { minimize(f: () => tfTypes.Scalar, returnCost: boolean, varList: tfTypes.Variable[]): tfTypes.Scalar | null };
  makeTrainFunction(): TrainFunction;
  collectedTrainableWeights: tfTypes.LayerVariable[];
}

export function internals(model: tfTypes.LayersModel): ModelInternals {
  return model as unknown as ModelInternals;
}

export interface RowStepResult {
  /** Total loss, then the metrics, over these rows. */
  outputs: tfTypes.Scalar[];
  /** d(total loss over these rows) for each trainable weight, in `collectedTrainableWeights` order. */
  grads: Tensor[];
}

export function rowStep(tf: Tf, model: tfTypes.LayersModel, trainFunction: TrainFunction, data: Tensor[]): RowStepResult {
  const m = internals(model);
  const optimizer = m.optimizer_;
  let grads: Tensor[] | undefined;
  m.optimizer_ = {
    minimize(f, _returnCost, varList) {
      const { value, grads: byName } = tf.variableGrads(f, varList);
      grads = varList.map((v) => byName[v.name]);
      return value;
    },
  };
  try {
    const outputs = trainFunction(data);
    if (!grads) throw new Error('the train function computed no gradients');
    return { outputs, grads };
  } finally {
    m.optimizer_ = optimizer;
  }
}

/**
 * Which rows of the whole batch a thread trains on, and the step's dropout seeds. Dropout's mask
 * is drawn for the whole batch, as one thread draws it, and each thread takes its rows of it.
 */
export interface RowWindow {
  /** The first row of the whole batch that this thread has. */
  start: number;
  /** Rows in the whole batch. */
  batch: number;
  /** One per random dropout call of a step, in the order the layers run. */
  seeds: number[];
  /** The next seed to use. */
  next: number;
}

interface DropoutInternals {
  rate: number;
  seed?: number;
  noiseShape?: (number | null)[];
  getNoiseShape(input: Tensor): number[] | undefined;
  invokeCallHook(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): void;
  call(inputs: Tensor | Tensor[], kwargs: Record<string, unknown>): Tensor | Tensor[];
  inboundNodes: unknown[];
}

function dropouts(tf: Tf, model: tfTypes.LayersModel): DropoutInternals[] {
  // Dropout's class (SpatialDropout1D extends it), as tfjs registers it for deserialization.
  const dropoutClass = tf.serialization.SerializationMap.getMap().classNameMap.Dropout?.[0];
  if (!dropoutClass) throw new Error('tfjs has no Dropout class registered');
  return model.layers.filter((layer) => layer instanceof dropoutClass) as unknown as DropoutInternals[];
}

/**
 * How many times a step draws from Math.random: once per call of a Dropout without a seed of its
 * own and with 0 < rate < 1 (tfjs seeds each mask's generator with one Math.random()).
 */
export function dropoutDraws(tf: Tf, model: tfTypes.LayersModel): number {
  return dropouts(tf, model)
    .filter((d) => d.seed == null && d.rate > 0 && d.rate < 1)
    .reduce((calls, d) => calls + d.inboundNodes.length, 0);
}

/**
 * Makes the model's Dropout layers take, in training, the window's rows of a mask drawn for the
 * whole batch, seeded from the window's seeds (or the layer's own seed), with tfjs's formula:
 * `x * floor(u + keep) / keep`, u uniform in [0, 1) from tfjs's generator. On one thread with
 * seeds drawn from Math.random, that is bit for bit tfjs's own dropout.
 */
export function dropoutsByRow(tf: Tf, model: tfTypes.LayersModel, window: RowWindow): void {
  for (const layer of dropouts(tf, model)) {
    const own = layer.call.bind(layer);
    layer.call = (inputs, kwargs) => {
      const { rate } = layer;
      if (kwargs.training !== true || !(rate > 0 && rate < 1)) return own(inputs, kwargs);
      return tf.tidy(() => {
        layer.invokeCallHook(inputs, kwargs);
        const x = Array.isArray(inputs) ? inputs[0] : inputs;
        const noiseShape = layer.getNoiseShape(x) ?? x.shape;
        // A noise_shape of 1 on the batch axis shares one mask row across the batch: nothing to split.
        const byRow = layer.noiseShape == null || layer.noiseShape[0] == null;
        const seed = layer.seed ?? window.seeds[window.next++];
        if (seed === undefined) throw new Error('a dropout layer ran more often than the step drew seeds for');
        const whole = tf.randomUniform(byRow ? [window.batch, ...noiseShape.slice(1)] : noiseShape, 0, 1, 'float32', seed);
        const u = byRow ? tf.slice(whole, window.start, x.shape[0]) : whole;
        const keep = 1 - rate;
        return tf.mul(x, tf.div(tf.floor(tf.add(u, keep)), keep));
      });
    };
  }
}

/** Where each weight's values sit in one flat array: [name, size] in model order. */
export function weightLayout(weights: readonly tfTypes.LayerVariable[]): string {
  return JSON.stringify(weights.map((w) => [w.originalName, w.shape]));
}
