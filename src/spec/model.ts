import type { AnyLayerDef } from '../layers/define.js';
import type { Path } from './locate.js';
import type { InputSpec } from './schema.js';

export interface ModelInput {
  name: string;
  shape: (number | null)[];
  dtype: InputSpec['dtype'];
  /** Where the input is defined in the YAML. */
  path: Path;
  /** Its spec was invalid (already diagnosed); layers fed by it are not checked further. */
  broken?: boolean;
}

export interface LayerNode {
  name: string;
  type: string;
  /** Undefined when the type is not registered (already diagnosed). */
  def: AnyLayerDef | undefined;
  /** The layer's own parameters with defaults applied; undefined when they are invalid. */
  params: Record<string, unknown> | undefined;
  trainable: boolean;
  /** Names of the layers or model inputs this layer consumes, in order. */
  inputs: string[];
  /** Where the layer is defined in the YAML (the mapping key or the list item). */
  path: Path;
  /** Where each input reference is written; the layer itself when implicit (list form). */
  inputPaths: Path[];
}

/** A model file after loading and schema validation: names and references, not yet checked. */
export interface ModelSpec {
  file: string;
  name: string;
  description?: string;
  form: 'functional' | 'sequential';
  inputs: ModelInput[];
  layers: LayerNode[];
  outputs: string[];
  /** Where each output is written (the `outputs` entry, or the last layer). */
  outputPaths: Path[];
  train?: Record<string, unknown>;
}
