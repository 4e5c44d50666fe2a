import type * as tfTypes from '@tensorflow/tfjs';
import { elementwiseMergeShape } from '../layers/common/merge.js';
import type { Shape } from '../shape/shape.js';

/**
 * The tfjs side of `type: Subtract` (tfjs-layers 4.22 has no Subtract layer): `inputs[0] -
 * inputs[1]` with broadcasting, its symbolic shape given by the static rule (tfjs's Merge rule).
 * `tf` is passed in; only tfjs types are imported here.
 */
type Tf = typeof tfTypes;
type Tensor = tfTypes.Tensor;
export type SubtractLayerClass = new (args?: { name?: string; trainable?: boolean }) => tfTypes.layers.Layer;

/** One class per tfjs-core instance (the serialization registry is global to it). */
const classes = new WeakMap<object, SubtractLayerClass>();

export function defineSubtractLayer(tf: Tf): SubtractLayerClass {
  const existing = classes.get(tf.serialization);
  if (existing) return existing;

  class LayerspecSubtract extends tf.layers.Layer {
    static readonly className = 'LayerspecSubtract';

    override computeOutputShape(inputShape: Shape | Shape[]): tfTypes.Shape {
      const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as Shape[];
      if (shapes.length !== 2) throw new Error(`Subtract layer '${this.name}' takes exactly 2 inputs, got ${shapes.length}`);
      return [...elementwiseMergeShape(shapes)];
    }

    override call(inputs: Tensor | Tensor[]): Tensor {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      if (list.length !== 2) throw new Error(`Subtract layer '${this.name}' takes exactly 2 inputs, got ${list.length}`);
      return tf.tidy(() => {
        // As tfjs's Merge layers: a lower-rank input gets size-1 axes after the batch axis, so that
        // the shapes align on their last axis, as in the static rule.
        const rank = Math.max(list[0].rank, list[1].rank);
        const [a, b] = list.map((x) => {
          let y = x;
          while (y.rank < rank) y = tf.expandDims(y, 1);
          return y;
        });
        return tf.sub(a, b);
      });
    }
  }

  tf.serialization.registerClass(LayerspecSubtract);
  classes.set(tf.serialization, LayerspecSubtract);
  return LayerspecSubtract;
}
