import { z } from '../zod-configured.js';
import { ShapeError } from '../shape/shape-error.js';
import type { Shape } from '../shape/shape.js';
import { RECURRENT_TYPES } from './common/recurrent.js';
import { runWrapped, wrappedLayer } from './common/wrappers.js';
import { defineLayer, type NestedLayer, type ShapeContext, type TfModule } from './define.js';
import * as K from '../runtime/keras-config.js';

function recurrentLayer(ctx: ShapeContext, config: unknown): NestedLayer {
  const inner = ctx.nested(config, 'layer');
  if (!RECURRENT_TYPES.includes(inner.type)) {
    throw new ShapeError(`can only wrap a recurrent layer (${RECURRENT_TYPES.join(', ')}), but got ${inner.type}`, {
      code: 'shape/incompatible',
      param: 'layer',
      hint: `use e.g. { type: LSTM, units: 32 }; to apply ${inner.type} to every time step, use TimeDistributed`,
    });
  }
  return inner;
}

/** keras.layers.Bidirectional: `merge(layer(x), reverse(layer_backwards(x)))`, two copies of one recurrent layer. */
export default defineLayer({
  type: 'Bidirectional',
  category: 'recurrent',
  description:
    'Runs a recurrent layer forwards and a copy of it backwards over the sequence and merges the two outputs (twice the parameters of the wrapped layer).',
  params: () => z.strictObject({
    layer: wrappedLayer('The recurrent layer to run in both directions (SimpleRNN, LSTM or GRU), e.g. { type: LSTM, units: 32 }.'),
    merge_mode: z
      .enum(['concat', 'sum', 'mul', 'ave'])
      .default('concat')
      .describe(
        'How the forward and backward outputs are combined: concat (the last axis doubles), sum, mul or ave. ' +
          "Keras's null (two separate outputs) is not accepted: a layerspec layer has one output.",
      ),
  }),
  inferShape(inputs, p, ctx) {
    const inner = recurrentLayer(ctx, p.layer);
    const output: Shape = runWrapped(() => inner.inferShape(inputs));
    if (p.merge_mode !== 'concat') return output;
    const last = output[output.length - 1];
    return [...output.slice(0, -1), last === null ? null : 2 * last];
  },
  weights(inputs, p, ctx) {
    const inner = recurrentLayer(ctx, p.layer);
    const weights = runWrapped(() => inner.weights(inputs));
    return ['forward', 'backward'].flatMap((direction) =>
      weights.map((w) => ({ ...w, name: `${direction}_${w.name}`, shape: [...w.shape] })),
    );
  },
  build(tf, p, ctx) {
    const layer = ctx.buildNested(p.layer, 'layer', ctx.inputShapes) as ReturnType<TfModule['layers']['rnn']>;
    return tf.layers.bidirectional({ ...K.baseConfig(ctx), layer, mergeMode: p.merge_mode });
  },
});
