import path from 'node:path';
import type { Analysis } from '../analyze.js';
import type { DataBinding } from '../cli/data-args.js';
import { npyTarget, npzTarget } from '../data/sinks.js';
import { openDataSources, type GivenData } from '../data/sources.js';
import type { Registry } from '../layers/registry.js';
import type { BackendChoice, BackendName, LoadedTf } from './backend.js';
import { buildModel } from './build-model.js';
import { otherThreads, withJobTf } from './parallel/parallel-kernels.js';
import { ReplicaPool, sharedWeights } from './parallel/replica.js';
import { replicaBlocker } from './parallel/rowwise.js';
import { predictInBatches } from './predict.js';
import { withSeed } from './seed.js';
import { modelWeightBytes, readWeights, type WeightsLocation } from './weights-source.js';
import { assignWeights } from './weights-assign.js';

/**
 * The tensor half of `predict`, reached only after the model, the data headers and the paths
 * have been checked (src/cli/predict.ts): weights read (before tfjs loads, so a bad file fails
 * fast), backend loaded, model built (seeded), weights assigned, batches streamed to the output.
 */

export interface PredictJob {
  analysis: Analysis;
  registry: Registry;
  /** The model file's bytes (replica threads build the model from them). */
  specText: string | Uint8Array;
  binding: DataBinding;
  given: readonly GivenData[];
  /** Absolute path of the .npy or .npz to write. */
  output: string;
  weights?: WeightsLocation;
  batchSize: number;
  backend: BackendChoice;
  /** Threads running the job, this one included (src/runtime/parallel; default: the cores). */
  workers?: number;
  /** The replicas from startPredictReplicas, started early by the caller; undefined: started here. */
  replicas?: ReplicaPool | null;
  seed?: number;
  onProgress?(done: number, total: number): void;
  log(line: string): void;
}

export interface PredictResult {
  rows: number;
  /** Whether the model has any weights (a weightless model needs no --weights). */
  hasWeights: boolean;
  backend: BackendName;
  ms: number;
  outputs: { name: string; shape: number[]; dtype: string }[];
}

export async function runPredictJob(job: PredictJob): Promise<PredictResult> {
  const start = performance.now();
  const replicas = job.replicas === undefined ? startPredictReplicas(job) : job.replicas;
  try {
    const weights = job.weights && (await readWeights(job.weights, modelWeightBytes(job.analysis)));
    return await withJobTf({ ...job, replicas: replicas ?? undefined }, (loaded, pool) => predictWith(job, loaded, pool, weights, start));
  } finally {
    replicas?.close();
  }
}

/**
 * Replica threads that run whole batches (predict.ts), when there are other threads: any model
 * qualifies (a batch's outputs are the same whichever thread runs it) but one with plugin layer
 * types, which the replicas do not load; its kernels are split instead. Each loads tfjs and the
 * model while the main thread does the same: a caller starts them as early as it can and passes
 * them in the PredictJob (null: none).
 */
export function startPredictReplicas(job: Pick<PredictJob, 'analysis' | 'specText' | 'workers' | 'backend' | 'log'>): ReplicaPool | null {
  const others = otherThreads(job.workers, job.backend);
  if (others === 0) return null;
  const blocker = replicaBlocker(job.analysis.spec!);
  if (blocker) {
    job.log(`batches not run by replica threads: ${blocker}`);
    return null;
  }
  return new ReplicaPool(others, { specText: job.specText, file: job.analysis.file });
}

async function predictWith(job: PredictJob, { tf, backend }: LoadedTf, pool: ReplicaPool | undefined, weights: Awaited<ReturnType<typeof readWeights>> | undefined, start: number): Promise<PredictResult> {
  const spec = job.analysis.spec!;
  const shapes = job.analysis.shapes!;
  const model = withSeed(job.seed, () => buildModel(tf, job.analysis, job.registry));
  try {
    if (weights && job.weights) assignWeights(tf, model, weights, job.weights.shown, { modelFile: job.analysis.file });
    const weightsForReplicas = pool && sharedWeights(tf, model.weights);
    weightsForReplicas?.write();
    const { sources, close } = await openDataSources(job.binding, job.given, spec.inputs);
    const rows = sources[0]?.rows ?? 0;
    const outputs = spec.outputs.map((name) => ({ name, shape: (shapes.shapes.get(name) ?? [null]).slice(1) }));
    const target = path.extname(job.output).toLowerCase() === '.npy' ? npyTarget(job.output, rows, outputs[0].shape) : npzTarget(job.output, outputs);
    try {
      const ran = await predictInBatches(tf, {
        model, sources, sinks: target.sinks, batchSize: job.batchSize, onProgress: job.onProgress,
        ...(pool && weightsForReplicas ? { replicas: { threads: pool.threads, weights: weightsForReplicas.shared } } : {}),
      });
      await target.commit();
      job.log(`${ran.rows} samples in ${ran.batches} batches of up to ${job.batchSize}${pool ? `, ${ran.byReplicas} of them run by replica threads` : ''}`);
    } catch (error) {
      await target.abort();
      throw error;
    } finally {
      await close();
    }
    return {
      rows,
      hasWeights: model.weights.length > 0,
      backend,
      ms: performance.now() - start,
      outputs: model.outputs.map((o, k) => ({ name: outputs[k].name, shape: [rows, ...o.shape.slice(1).map((d, i) => d ?? outputs[k].shape[i] ?? 0)], dtype: o.dtype })),
    };
  } finally {
    model.dispose();
  }
}
