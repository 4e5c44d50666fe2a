import type * as tfTypes from '@tensorflow/tfjs';
import { floatTargets, type CompiledTraining } from './compile.js';
import type { Logs } from './train-events.js';

/**
 * Keras's model.evaluate: the loss and metrics of a compiled model on given data, by their Keras
 * names (`loss`, `accuracy`, `<output>_loss`, ...). tfjs returns one scalar per `model.metricsNames`
 * entry (a lone scalar when there is only the loss), each the mean over all samples (batches weighted
 * by their size); each is named through `compiled.logName`. Integer targets are cast, as Keras does.
 */
export async function evaluateModel(
  tf: typeof tfTypes,
  model: tfTypes.LayersModel,
  compiled: Pick<CompiledTraining, 'logName'>,
  xs: tfTypes.Tensor | tfTypes.Tensor[],
  ys: tfTypes.Tensor | tfTypes.Tensor[],
  batchSize: number,
): Promise<Logs> {
  const targets = floatTargets(tf, ys);
  let scalars: tfTypes.Scalar[] = [];
  try {
    const result = model.evaluate(xs, targets.ys, { batchSize, verbose: 0 });
    scalars = Array.isArray(result) ? result : [result];
    const names = model.metricsNames;
    if (names.length !== scalars.length) {
      throw new Error(`model.evaluate gave ${scalars.length} values for ${names.length} names (${names.join(', ')})`);
    }
    const values = await Promise.all(scalars.map((s) => s.data()));
    return Object.fromEntries(names.map((name, i) => [compiled.logName(name), values[i][0]]));
  } finally {
    tf.dispose([...scalars, ...targets.created]);
  }
}
