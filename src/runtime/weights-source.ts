import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Analysis } from '../analyze.js';
import { readNpz, readNpzHeaders } from '../io/npz.js';
import { readCheckpoint } from './checkpoint.js';
import { WeightsError, weightsFromNpz, type NamedWeights } from './weights-assign.js';
import { readWeightsDir } from './weights-dir.js';

/** `--weights PATH` as checked by the command: a `train --out` directory or a .npz of Keras-named weights. */
export interface WeightsLocation {
  kind: 'dir' | 'npz';
  absolute: string;
  /** As the user wrote it, for messages. */
  shown: string;
}

/** The bytes the model's weights take as float32, from the static shapes (each layer's parameter count). */
export function modelWeightBytes(analysis: Analysis): number {
  let params = 0;
  for (const info of analysis.shapes?.layers.values() ?? []) params += info.params;
  return 4 * params;
}

/**
 * The most bytes a weights file of this model can sensibly hold: float64 arrays in a .npz double
 * the size, a checkpoint's optimizer.bin holds Adam's two moments. Anything larger is not this
 * model's weights, and is refused before it is read (a zero-filled weights.bin packs to nothing in git).
 */
const weightsLimit = (modelBytes: number) => 4 * modelBytes + 2 ** 20;

/** Reads the weights (no tfjs needed), so a bad file fails before TensorFlow.js is loaded. */
export async function readWeights(location: WeightsLocation, modelBytes?: number): Promise<NamedWeights> {
  const limit = modelBytes === undefined ? undefined : weightsLimit(modelBytes);
  const tooLarge = (what: string, bytes: number) =>
    new WeightsError('weights/shape', location.absolute, `${location.shown}: ${what} ${bytes} bytes, far more than this model's weights (${modelBytes} bytes); these are not its weights`);
  if (location.kind === 'npz') {
    // Opened twice on purpose: the headers (no data inflated) are held to this model's bound before readNpz, whose limit is 4 GiB, reads the data.
    if (limit !== undefined) {
      let declared = 0;
      for (const header of (await readNpzHeaders(location.absolute, { allowNestedKeys: true })).values()) declared += header.dataBytes;
      if (declared > limit) throw tooLarge('its arrays declare', declared);
    }
    return weightsFromNpz(await readNpz(location.absolute, { allowNestedKeys: true }));
  }
  if (limit !== undefined) {
    // Before the checkpoint's roll-forward reads (and hashes) them whole.
    for (const name of await readdir(location.absolute).catch(() => [] as string[])) {
      if (!/\.bin(\.next)?$/.test(name)) continue;
      const size = (await stat(join(location.absolute, name)).catch(() => undefined))?.size ?? 0;
      if (size > limit) throw tooLarge(`${name} holds`, size);
    }
  }
  // A train directory killed between its commit and its renames is finished first (roll forward);
  // the weights.bin it read and checked is the one taken.
  const checkpoint = await readCheckpoint(location.absolute);
  return readWeightsDir(location.absolute, { maxBytes: limit, verified: checkpoint?.verified });
}
