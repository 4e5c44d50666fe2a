import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from '../backend.js';
import { ReplicaPool, sharedWeights, type Replica, type ReplicaSetup } from './replica.js';
import { dropoutDraws, dropoutsByRow, internals, rowStep, type RowStepResult, type RowWindow } from './row-step.js';
import { SharedRows, weightedSum } from './shared-rows.js';

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
   * Splits this compiled model's training batches from now on. With `firstStepAlone` (a run's
   * very first step: not for a resumed run) that step runs on the main thread alone, while the
   * replicas finish loading; every other step waits for them to have loaded, so that the steps of a
   * run split alike whenever a thread finished loading. `log` hears of a replica that could not load.
   */
  install(tf: Tf, model: tfTypes.LayersModel, options?: { firstStepAlone?: boolean; log?(line: string): void }): void;
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
  let alone = options.firstStepAlone === true;
  let loaded: Replica[] | undefined;
  /** The replicas that loaded, waited for at the first split step (the same for every later one). */
  const replicasOnce = (): Replica[] => {
    if (loaded) return loaded;
    loaded = threads.filter((r) => r.waitLoaded());
    if (loaded.length < threads.length) {
      options.log?.(`${threads.length - loaded.length} of ${threads.length} replica thread(s) could not load: batches split across ${loaded.length + 1} thread(s)`);
    }
    return loaded;
  };

  /**
   * The step the main thread runs alone (a run's first) is also given, as a warm-up, to the
   * replicas still loading: each runs its share of it as soon as it has loaded, and its answer is
   * dropped. Its first real step then finds its code and memory warm (the second step of the
   * reference CNN's run: ~90 → ~60 ms). Nothing of it reaches the model.
   */
  const warmUp = (data: readonly (tfTypes.Tensor | null)[]) => {
    const n = data[0]!.shape[0];
    const all = threads.length + 1;
    weights.write();
    threads.forEach((replica, i) => {
      const [start, end] = [Math.round(((i + 1) * n) / all), Math.round(((i + 2) * n) / all)];
      if (end <= start || !replica.usable) return;
      const rows = rowsFor[i].write(tf, data, start, end);
      replica.warmUp({ kind: 'train', ...weights.shared, grads: grads[i], rows, start, batch: n, seeds: window.seeds }, []);
    });
  };

  m.makeTrainFunction = () => {
    const whole = makeTrainFunction();
    return (data) => {
      const n = data[0].shape[0];
      const first = alone;
      const replicas = alone ? [] : replicasOnce();
      alone = false;
      // Equal parts of contiguous rows, the main thread's first.
      const parts = replicas.length + 1;
      const bounds = Array.from({ length: parts + 1 }, (_, k) => Math.round((k * n) / parts));
      Object.assign(window, { start: 0, batch: n, seeds: Array.from({ length: draws }, () => Math.random()), next: 0 });
      if (first) warmUp(data);

      const posted: { replica: Replica; grads: SharedArrayBuffer; share: number }[] = [];
      if (parts > 1) weights.write();
      replicas.forEach((replica, i) => {
        const [start, end] = [bounds[i + 1], bounds[i + 2]];
        if (end <= start) return;
        const thread = threads.indexOf(replica);
        const rows = rowsFor[thread].write(tf, data, start, end);
        const buffer = grads[thread];
        replica.post({ kind: 'train', ...weights.shared, grads: buffer, rows, start, batch: n, seeds: window.seeds }, []);
        posted.push({ replica, grads: buffer, share: (end - start) / n });
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

      const answers = posted.map((p) => p.replica.answer());
      const ownShare = bounds[1] / n;
      const received = posted.map((p) => ({ values: new Float32Array(p.grads), share: p.share }));
      let offset = 0;
      const sums = own.grads.map((g) => {
        const sum = weightedSum(tf, g, ownShare, received.map((p) => ({ values: p.values.subarray(offset, offset + g.size), share: p.share })));
        offset += g.size;
        return sum;
      });
      tf.dispose(own.grads);
      const values = own.outputs.map((o, j) => ownShare * o.dataSync()[0] + answers.reduce((s, a, k) => s + posted[k].share * a.outputs![j], 0));
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
