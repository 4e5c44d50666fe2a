import { inputTensor, type KernelArgs, type Tensor, type Tf } from './patches.js';

/**
 * UnsortedSegmentSum (the gradient of gather, so of Embedding): out[s] = sum of x[i] over the i with
 * segmentIds[i] = s. One ScatterNd, which adds the updates of repeated indices: linear in the size
 * of x, where tfjs's cpu kernel runs numSegments masked sums (one pass over x per vocabulary
 * entry). Ids outside [0, numSegments) are dropped, as in TensorFlow.
 */
export function unsortedSegmentSum(tf: Tf, args: KernelArgs): Tensor {
  const { numSegments } = args.attrs as { numSegments: number };
  return tf.tidy(() => {
    const x = inputTensor(tf, args, 'x');
    const ids = inputTensor(tf, args, 'segmentIds');
    const rows = ids.size;
    const rowShape = x.shape.slice(ids.rank);
    const updates = tf.reshape(x, [rows, ...rowShape]);
    const flatIds = tf.reshape(tf.cast(ids, 'int32'), [rows]);
    const inRange = tf.logicalAnd(tf.greaterEqual(flatIds, 0), tf.less(flatIds, numSegments));
    const safeIds = tf.where(inRange, flatIds, tf.zerosLike(flatIds));
    const keep = tf.reshape(inRange, [rows, ...rowShape.map(() => 1)]);
    const kept = tf.where(tf.broadcastTo(keep, updates.shape), updates, tf.zerosLike(updates));
    return tf.scatterND(tf.reshape(safeIds, [rows, 1]), kept, [numSegments, ...rowShape]);
  });
}
