import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../backend.js';
import { ReplicaPool, sharedWeights, type Replica, type ReplicaSetup } from './replica.js';
import { dropoutDraws, dropoutsByRow, internals, rowStep, type RowStepResult, type RowWindow, type TrainFunction } from './row-step.js';
import { SharedRows, weightedSum, writeFlat } from './shared-rows.js';

/**
 * Data-parallel training for models whose rows are computed each on its own (rowwise.ts): every
 * batch is split by rows between the main thread and the replicas, each runs tfjs's forward and
 * backward pass over its rows (row-step.ts), and the main thread adds up the gradients, each part
 * weighted by its share of the rows, and applies them with the model's own optimizer. The replicas get the weights at the start of every step, so constraints, restored
 * best weights and resumed checkpoints reach them as they are.
 *
 * What a step computes is the whole batch's: the loss is a mean over rows and regularization
 * penalties are counted once (shares add up to 1), and Dropout's mask is drawn for the whole batch
 * from the same Math.random draws as on one thread, each thread taking its rows. Results differ
 * from one thread's only by the order of float additions. With no replica, a step runs as tfjs
 * runs it, bit for bit.
 */

export interface RowSplit {
  /** Replica threads started. */
  readonly count: number;
  /**
   * Splits this compiled model's training batches from now on, from the first step on: a replica
   * still loading is given its rows all the same, and runs them once it has loaded (the main thread
   * meanwhile runs its own), so that every step of a run splits alike. The rows of a replica that
   * could not load run on the main thread instead, and `log` hears of it.
   */
  install(tf: Tf, model: tfTypes.LayersModel, options?: { log?(line: string): void }): void;
  /** Resolves once every replica has loaded (or failed to); the number ready. */
  loaded(): Promise<number>;
  close(): void;
}

export function startRowSplit(replicas: number, setup: ReplicaSetup): RowSplit {
  const pool = new ReplicaPool(replicas, setup);
  return {
    count: pool.count,
    install(tf, model, options = {}) {
      splitBatches(tf, model, pool.threads, options);
    },
    async loaded() {
      return (await Promise.all(pool.threads.map((r) => r.loaded()))).filter(Boolean).length;
    },
    close: () => pool.close(),
  };
}

function splitBatches(tf: Tf, model: tfTypes.LayersModel, threads: readonly Replica[], options: Parameters<RowSplit['install']>[2] = {}): void {
  const m = internals(model);
  const window: RowWindow = { start: 0, batch: 0, seeds: [], next: 0 };
  dropoutsByRow(tf, model, window);
  const draws = dropoutDraws(tf, model);
  const weights = sharedWeights(tf, model.weights);
  const gradSize = m.collectedTrainableWeights.reduce((n, w) => n + w.read().size, 0);
  const grads = threads.map(() => new SharedArrayBuffer(4 * gradSize));
  const rowsFor = threads.map(() => new SharedRows());
  const makeTrainFunction = m.makeTrainFunction.bind(model);
  /** The rows given to a replica that could not load, run here instead: its part of the step. */
  const runHere = (whole: TrainFunction, data: readonly (tfTypes.Tensor | null)[], start: number, end: number) => {
    const rows = data.map((t) => (t == null ? t : tf.slice(t, start, end - start)));
    Object.assign(window, { start, next: 0 });
    try {
      const { outputs, grads: parts } = rowStep(tf, model, whole, rows as tfTypes.Tensor[]);
      const values = new Float32Array(gradSize);
      writeFlat(tf, parts, values);
      const result = { values, outputs: outputs.map((o) => o.dataSync()[0]) };
      tf.dispose([...outputs, ...parts]);
      return result;
    } finally {
      tf.dispose(rows.filter((t) => t != null));
    }
  };

  m.makeTrainFunction = () => {
    const whole = makeTrainFunction();
    return (data) => {
      const n = data[0].shape[0];
      const replicas = threads.filter((r) => r.usable);
      // Equal parts of contiguous rows, the main thread's first.
      const parts = replicas.length + 1;
      const bounds = Array.from({ length: parts + 1 }, (_, k) => Math.round((k * n) / parts));
      Object.assign(window, { start: 0, batch: n, seeds: Array.from({ length: draws }, () => Math.random()), next: 0 });

      const posted: { replica: Replica; grads: SharedArrayBuffer; start: number; end: number; share: number }[] = [];
      if (parts > 1) weights.write();
      replicas.forEach((replica, i) => {
        const [start, end] = [bounds[i + 1], bounds[i + 2]];
        if (end <= start) return;
        const thread = threads.indexOf(replica);
        const rows = rowsFor[thread].write(tf, data, start, end);
        const buffer = grads[thread];
        replica.post({ kind: 'train', ...weights.shared, grads: buffer, rows, start, batch: n, seeds: window.seeds }, []);
        posted.push({ replica, grads: buffer, start, end, share: (end - start) / n });
      });

      let own: RowStepResult;
      try {
        const mine = bounds[1] === n ? data : data.map((t) => (t == null ? t : tf.slice(t, 0, bounds[1])));
        try {
          own = rowStep(tf, model, whole, mine);
        } finally {
          if (mine !== data) tf.dispose(mine.filter((t) => t != null));
        }
      } catch (error) {
        threads.forEach((r) => r.close()); // they may be mid-step: the job ends here anyway
        throw error;
      }
      if (posted.length === 0) return applyAndReport(tf, m, own.grads, own.outputs);

      const received = posted.map((p) => {
        try {
          return { values: new Float32Array(p.grads), outputs: p.replica.answer().outputs!, share: p.share };
        } catch (error) {
          if (!p.replica.failedToLoad) throw error;
          options.log?.(`a replica thread could not load: its rows ran on the main thread; batches split across ${threads.filter((r) => r.usable).length + 1} thread(s) from now on`);
          return { ...runHere(whole, data, p.start, p.end), share: p.share };
        }
      });
      const ownShare = bounds[1] / n;
      let offset = 0;
      const sums = own.grads.map((g) => {
        const sum = weightedSum(tf, g, ownShare, received.map((p) => ({ values: p.values.subarray(offset, offset + g.size), share: p.share })));
        offset += g.size;
        return sum;
      });
      tf.dispose(own.grads);
      const values = own.outputs.map((o, j) => ownShare * o.dataSync()[0] + received.reduce((s, r) => s + r.share * r.outputs[j], 0));
      tf.dispose(own.outputs);
      return applyAndReport(tf, m, sums, values.map((v) => tf.scalar(v)));
    };
  };
}

/** As tfjs's minimize ends: the gradients applied by the model's optimizer, then freed. */
function applyAndReport(tf: Tf, m: ReturnType<typeof internals>, grads: tfTypes.Tensor[], outputs: tfTypes.Scalar[]): tfTypes.Scalar[] {
  const vars = m.collectedTrainableWeights.map((w) => w.read() as tfTypes.Variable);
  (m.optimizer_ as unknown as tfTypes.Optimizer).applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i] })));
  tf.dispose(grads);
  return outputs;
}
