import type { NpyData } from '../io/npy-read.js';
import { dtypeOf, type NpyWritable } from '../io/npy-write.js';
import { NpyRowWriter } from '../io/npy-row-writer.js';
import { writeNpz } from '../io/npz.js';
import type { BatchSink } from '../runtime/predict.js';

/**
 * Where predictions go: `x.npy` (one output) streamed row batch by row batch, or `y.npz` (keys =
 * output names) assembled in memory and written at the end. Either way nothing appears at the
 * path until `commit`; `abort` leaves no file behind.
 */

export interface OutputTarget {
  sinks: BatchSink[];
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Empty data with the static shape (unknown dimensions as 0) when there are no rows at all. */
const emptyOf = (shape: readonly (number | null)[]): NpyWritable => ({ data: new Float32Array(0), shape: [0, ...shape.map((d) => d ?? 0)] });

/** One output into a .npy, created on the first batch (then its dtype and trailing dimensions are known). */
export function npyTarget(file: string, rows: number, staticShape: readonly (number | null)[]): OutputTarget {
  let writer: NpyRowWriter | undefined;
  const sink: BatchSink = {
    async writeRows(data, shape) {
      writer ??= await NpyRowWriter.create(file, dtypeOf(data), [rows, ...shape.slice(1)]);
      await writer.writeRows(data);
    },
  };
  return {
    sinks: [sink],
    async commit() {
      if (!writer) {
        const empty = emptyOf(staticShape);
        writer = await NpyRowWriter.create(file, 'float32', empty.shape);
      }
      await writer.commit();
    },
    abort: async () => writer?.abort(),
  };
}

/** Every output into one .npz, keyed by output name. */
export function npzTarget(file: string, outputs: readonly { name: string; shape: readonly (number | null)[] }[]): OutputTarget {
  const chunks = outputs.map(() => [] as { data: NpyData; shape: readonly number[] }[]);
  const sinks = outputs.map(
    (_, k): BatchSink => ({
      writeRows: async (data, shape) => void chunks[k].push({ data, shape }),
    }),
  );
  return {
    sinks,
    async commit() {
      const arrays = new Map<string, NpyWritable>(
        outputs.map((o, k) => {
          const parts = chunks[k];
          if (parts.length === 0) return [o.name, emptyOf(o.shape)];
          const length = parts.reduce((n, p) => n + p.data.length, 0);
          const data = new (parts[0].data.constructor as new (n: number) => NpyData)(length);
          let offset = 0;
          for (const p of parts) {
            data.set(p.data, offset);
            offset += p.data.length;
          }
          const rows = parts.reduce((n, p) => n + p.shape[0], 0);
          return [o.name, { data, shape: [rows, ...parts[0].shape.slice(1)] }];
        }),
      );
      await writeNpz(file, arrays);
    },
    abort: async () => undefined,
  };
}
