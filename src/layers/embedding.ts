import { z } from '../zod-configured.js';
import { requireMinRank } from './common/checks.js';
import { constraint } from './common/constraints.js';
import { initializer } from './common/initializers.js';
import { activityRegularizer, regularizer } from './common/regularizers.js';
import { ShapeError } from '../shape/shape-error.js';
import { formatShape, type Dim } from '../shape/shape.js';
import { defineLayer } from './define.js';
import * as K from '../runtime/keras-config.js';

/** keras.layers.Embedding: `embeddings[input]`, integer indices -> dense vectors; (batch, ...) -> (batch, ..., output_dim). */
export default defineLayer({
  type: 'Embedding',
  category: 'core',
  rowwise: true,
  description: 'Turns integer indices in [0, input_dim) into dense vectors: (batch, ...) -> (batch, ..., output_dim).',
  params: () => z.strictObject({
    input_dim: z.int().positive().describe('Size of the vocabulary: the largest index + 1.'),
    output_dim: z.int().positive().describe('Dimension of the dense embedding vectors.'),
    embeddings_initializer: initializer('random_uniform', 'the embeddings matrix (Keras\'s "uniform", in [-0.05, 0.05])'),
    embeddings_regularizer: regularizer('the embeddings matrix'),
    activity_regularizer: activityRegularizer(),
    embeddings_constraint: constraint('the embeddings matrix'),
    mask_zero: z
      .boolean()
      .default(false)
      .describe('Whether index 0 is padding to be masked for later layers (then input_dim should be the vocabulary size + 1).'),
    input_length: z
      .union([z.int().positive(), z.array(z.int().positive().nullable()).min(1)])
      .nullable()
      .default(null)
      .describe(
        'Keras 2 only: length of the input sequences when constant, or one length (or null) per non-batch input axis. ' +
          'Checked against the input, and fills in its unknown lengths.',
      ),
  }),
  inferShape([x], p) {
    requireMinRank(x, 1, '(batch, ...)');
    if (p.input_length === null) return [...x, p.output_dim];
    const lengths: Dim[] = typeof p.input_length === 'number' ? [p.input_length] : p.input_length;
    const axes = x.slice(1);
    if (lengths.length !== axes.length) {
      throw new ShapeError(
        `has input_length ${formatShape(lengths)} for ${lengths.length} axes, but its input ${formatShape(x)} has ${axes.length} axes after the batch`,
        { code: 'shape/rank', param: 'input_length', hint: 'give one length per non-batch input axis, or leave input_length out' },
      );
    }
    const merged = lengths.map((length, i) => {
      const actual = axes[i];
      if (length !== null && actual !== null && length !== actual) {
        throw new ShapeError(
          `has input_length ${formatShape(lengths)}, but its input is ${formatShape(x)} (axis ${i + 1}: ${length} vs ${actual})`,
          { code: 'shape/incompatible', param: 'input_length', hint: `set input_length to ${formatShape(axes)} or leave it out` },
        );
      }
      return length ?? actual;
    });
    return [x[0], ...merged, p.output_dim];
  },
  weights(_inputs, p) {
    return [{ name: 'embeddings', shape: [p.input_dim, p.output_dim], trainable: true, initializer: p.embeddings_initializer }];
  },
  build(tf, p, ctx) {
    return tf.layers.embedding({
      ...K.baseConfig(ctx), inputDim: p.input_dim, outputDim: p.output_dim, embeddingsInitializer: K.initializer(tf, p.embeddings_initializer),
      embeddingsRegularizer: K.regularizer(tf, p.embeddings_regularizer), activityRegularizer: K.activityRegularizer(p.activity_regularizer),
      embeddingsConstraint: K.constraint(tf, p.embeddings_constraint), maskZero: p.mask_zero,
      // Fills unknown input lengths in tfjs's symbolic shape, as in the static rule.
      ...(p.input_length === null ? {} : { inputLength: p.input_length as number | number[] }),
    });
  },
});
