import type { ModelSpec } from '../../spec/model.js';
import type { LossName, MetricName } from '../../spec/train-losses.js';
import { lossesByOutput, metricsByOutput, type TrainSpec } from '../../spec/train-schema.js';

/**
 * Whether replica threads can hold a model (replica.ts), and whether training may split each batch
 * by rows across them (row-split.ts): every layer says its rows are computed each on its own
 * (`rowwise` in its definition), and the loss and metrics are means over rows. Pure: no tfjs.
 */

/** Computed over the whole batch at once, not as a mean of per-row values. */
const BATCH_LOSSES: ReadonlySet<LossName> = new Set<LossName>([
  // Keras 2 maps 0/1 labels to -1/1 only when every label of the batch is 0 or 1.
  'hinge',
  'squared_hinge',
]);
const BATCH_METRICS: ReadonlySet<MetricName> = new Set<MetricName>(['precision', 'recall']);

/** Why replica threads cannot hold this model (they build it from the file, with the built-in layers); undefined when they can. */
export function replicaBlocker(spec: ModelSpec): string | undefined {
  const plugin = spec.layers.find((l) => l.def?.plugin);
  return plugin && `layer '${plugin.name}' (${plugin.type}) comes from a plugin, which replica threads do not load`;
}

/** Why this model's batches cannot be split by rows; undefined when they can. */
export function rowSplitBlocker(spec: ModelSpec, train: TrainSpec): string | undefined {
  const noReplica = replicaBlocker(spec);
  if (noReplica) return noReplica;
  for (const layer of spec.layers) {
    const def = layer.def;
    if (!def || !layer.params) return `layer '${layer.name}' is not valid`;
    const rowwise = typeof def.rowwise === 'function' ? def.rowwise(layer.params) : def.rowwise === true;
    if (!rowwise) return `layer '${layer.name}' (${layer.type}) does not compute each row of a batch on its own`;
  }
  const loss = lossesByOutput(train.loss, spec.outputs).find((l) => l !== undefined && BATCH_LOSSES.has(l));
  if (loss) return `the loss ${loss} depends on the whole batch`;
  const metric = metricsByOutput(train.metrics, spec.outputs)
    .flat()
    .find((name) => BATCH_METRICS.has(name));
  if (metric) return `the metric ${metric} is computed over the whole batch`;
  return undefined;
}
