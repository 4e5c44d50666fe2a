import { readNpz } from '../io/npz.js';
import { readCheckpoint } from './checkpoint.js';
import { weightsFromNpz, type NamedWeights } from './weights-assign.js';
import { readWeightsDir } from './weights-dir.js';

/** `--weights PATH` as checked by the command: a `train --out` directory or a .npz of Keras-named weights. */
export interface WeightsLocation {
  kind: 'dir' | 'npz';
  absolute: string;
  /** As the user wrote it, for messages. */
  shown: string;
}

/** Reads the weights (no tfjs needed), so a bad file fails before TensorFlow.js is loaded. */
export async function readWeights(location: WeightsLocation): Promise<NamedWeights> {
  if (location.kind === 'npz') return weightsFromNpz(await readNpz(location.absolute, { allowNestedKeys: true }));
  // A train directory killed between its commit and its renames is finished first (roll forward).
  await readCheckpoint(location.absolute);
  return readWeightsDir(location.absolute);
}
