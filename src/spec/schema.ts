import { z } from '../zod-configured.js';
import type { AnyLayerDef } from '../layers/define.js';
import { NAME_PATTERN } from './names.js';

export const FORMAT_VERSION = 1;

export const layerName = z
  .string()
  .regex(NAME_PATTERN, 'a name starts with a letter or _ and has only letters, digits, _, . and -')
  .describe('A layer or input name.')
  .meta({ id: 'name' });

export const inputSpec = z
  .strictObject({
    shape: z
      .array(z.int().positive().nullable())
      .min(1)
      .max(8)
      .describe('Shape of one sample, without the batch dimension, as in keras.Input(shape=...); null for a variable length.'),
    dtype: z.enum(['float32', 'int32', 'bool']).default('float32').describe('Element type of the input.'),
  })
  .describe('A model input (keras.Input).')
  .meta({ id: 'input' });

export type InputSpec = z.output<typeof inputSpec>;

/** Keys every layer accepts besides its own parameters. */
export const COMMON_LAYER_KEYS = {
  type: z.string().describe('The layer type, as in Keras (Dense, Conv2D, ...).'),
  input: layerName.optional().describe('The one input: a model input or layer name (mapping form only).').meta({ id: 'layer_input' }),
  inputs: z.array(layerName).min(1).optional().describe('Several inputs, for merge layers (mapping form only).').meta({ id: 'layer_inputs' }),
  name: layerName.optional().describe('Layer name (list form; in the mapping form the key is the name).').meta({ id: 'layer_name' }),
  trainable: z.boolean().default(true).describe('Whether the weights are updated in training.').meta({ id: 'trainable' }),
};

/**
 * The file with its inputs and layers left open: those are validated one by one (a layer against
 * its own type), so that one broken entry does not hide the problems of the others. So is `train`:
 * parseTrain (train-check.ts) checks it, and only a file that has one builds its schemas. The JSON
 * Schema fills all three in (json-schema.ts).
 */
export const fileEnvelope = z.strictObject({
  layerspec: z.literal(FORMAT_VERSION).describe('Model file format version; this is format 1.'),
  name: layerName.optional().describe('Model name.'),
  description: z.string().optional().describe('Free text shown in summaries.'),
  input: z.unknown().optional().describe('The one input of a list-form (sequential) model.'),
  inputs: z.record(z.string(), z.unknown()).optional().describe('Model inputs by name (mapping form).'),
  layers: z
    .union([z.record(z.string(), z.unknown()), z.array(z.unknown())])
    .describe('A mapping of name -> layer (wired by `input`/`inputs`), or a list where each layer feeds the next.'),
  outputs: z
    .union([layerName, z.array(layerName).min(1)])
    .optional()
    .describe('Output layer names; default: the last layer.'),
  train: z.unknown().optional(),
});

/** The strict schema of one layer of a type: its parameters plus the common keys. */
export function layerSchema(def: AnyLayerDef): z.ZodObject {
  return z
    .strictObject({ ...COMMON_LAYER_KEYS, type: z.literal(def.type).describe(def.description), ...def.params.shape })
    .describe(def.description);
}
