import type * as tfTypes from '@tensorflow/tfjs';
import type { DataBinding } from '../cli/data-args.js';
import { openDataSources, type DataSlot, type GivenData, type NpzArchives } from '../data/sources.js';

/**
 * Training data, as the command checked it from the headers: x per model input, y per model
 * output (its targets), optionally separate validation data. Training reads it whole into tensors
 * (tfjs's fit shuffles across the whole set each epoch).
 */
export interface BoundData {
  binding: DataBinding;
  given: readonly GivenData[];
  slots: readonly DataSlot[];
}

export interface TrainingData {
  x: BoundData;
  y: BoundData;
  validation?: { x: BoundData; y: BoundData };
}

async function tensorsOf(tf: typeof tfTypes, bound: BoundData, archives: NpzArchives): Promise<tfTypes.Tensor[]> {
  const { sources, close } = await openDataSources(bound.binding, bound.given, bound.slots, archives);
  try {
    const tensors: tfTypes.Tensor[] = [];
    for (const [k, source] of sources.entries()) {
      const array = await source.read(0, source.rows);
      const slot = bound.slots[k];
      // Sparse labels may come as (N,) for an output whose targets are (N, 1): add the axis.
      const shape = array.shape.length === slot.shape.length ? [...array.shape, 1] : array.shape;
      tensors.push(tf.tensor(array.data, shape, array.dtype));
    }
    return tensors;
  } finally {
    await close();
  }
}

export async function loadTrainingData(tf: typeof tfTypes, data: TrainingData) {
  // x and y (and the validation data) in one .npz: it is read and decoded once.
  const archives: NpzArchives = new Map();
  const x = await tensorsOf(tf, data.x, archives);
  const y = await tensorsOf(tf, data.y, archives);
  const validation = data.validation ? { x: await tensorsOf(tf, data.validation.x, archives), y: await tensorsOf(tf, data.validation.y, archives) } : undefined;
  return { x, y, validation };
}
