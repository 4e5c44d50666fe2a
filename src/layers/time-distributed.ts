import { z } from '../zod-configured.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, type Shape } from '../shape/shape.js';
import { runWrapped, wrappedLayer } from './common/wrappers.js';
import { arityOf, defineLayer, type NestedLayer, type ShapeContext } from './define.js';
import * as K from '../runtime/keras-config.js';

function singleInputLayer(ctx: ShapeContext, config: unknown): NestedLayer {
  const inner = ctx.nested(config, 'layer');
  if (arityOf(inner.def).min > 1) {
    throw new ShapeError(`can only wrap a layer that takes one input, but ${inner.type} takes several`, {
      code: 'shape/incompatible',
      param: 'layer',
      hint: 'wrap a single-input layer such as Dense or Conv2D',
    });
  }
  return inner;
}

/** (batch, timesteps, ...) -> (batch, ...): the input one time step sees. */
function stepShape(x: Shape): Shape {
  if (x.length < 3) {
    throw new ShapeError(`expects an input of rank 3 or more (batch, timesteps, ...), but got ${x.length}D input ${formatShape(x)}`, {
      code: 'shape/rank',
      hint: 'TimeDistributed applies its layer to each step of axis 1; without a time axis, use the layer directly',
    });
  }
  return [x[0], ...x.slice(2)];
}

/** Rewords the wrapped layer's shape error so that it names the layer and the per-step input. */
function perStep(inner: NestedLayer, x: Shape, step: Shape) {
  return (message: string) => `wraps ${inner.type}, which ${message}; it sees each time step of the input ${formatShape(x)}, shaped ${formatShape(step)}`;
}

/** keras.layers.TimeDistributed: `[layer(x[:, t]) for t in timesteps]`, one set of weights for all steps. */
export default defineLayer({
  type: 'TimeDistributed',
  category: 'recurrent',
  description: 'Applies one layer to every time step (axis 1) of the input, with the same weights for all steps.',
  params: () => z.strictObject({
    layer: wrappedLayer('The layer to apply to each time step, any single-input layer, e.g. { type: Dense, units: 8 }.'),
  }),
  inferShape([x], p, ctx) {
    const inner = singleInputLayer(ctx, p.layer);
    const step = stepShape(x);
    const output = runWrapped(() => inner.inferShape([step]), perStep(inner, x, step));
    return [output[0], x[1], ...output.slice(1)];
  },
  weights([x], p, ctx) {
    const inner = singleInputLayer(ctx, p.layer);
    const step = stepShape(x);
    return runWrapped(() => inner.weights([step]), perStep(inner, x, step));
  },
  build(tf, p, ctx) {
    const [x] = ctx.inputShapes;
    const layer = ctx.buildNested(p.layer, 'layer', [[x[0], ...x.slice(2)]]);
    return tf.layers.timeDistributed({ ...K.baseConfig(ctx), layer });
  },
});
