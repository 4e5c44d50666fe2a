import { readNpz } from '../io/npz.js';
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
  return location.kind === 'dir' ? readWeightsDir(location.absolute) : weightsFromNpz(await readNpz(location.absolute, { allowNestedKeys: true }));
}
