import type * as tfTypes from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/npy-write.js';
import { z } from '../zod-configured.js';
import { WeightsError } from './weights-assign.js';
import { MODEL_JSON, modelArtifacts, readWhole, WEIGHTS_BIN } from './weights-dir.js';

/**
 * `train --out DIR` checkpoints, written at the end of every epoch so that a killed run loses at
 * most the epoch in progress, and `--resume` continues from the last complete one.
 *
 * DIR holds model.json + weights.bin (tfjs's format: `predict --weights DIR` and tf.loadLayersModel
 * read them), optimizer.bin (the optimizer's slots: Adam's moments, momentum, ... and its step
 * count), history.json (Keras's History.history) and checkpoint.json, the state of the run.
 *
 * The files change together or not at all, whatever the moment of a kill (a write-ahead scheme):
 * 1. the new weights.bin and optimizer.bin are written as `*.next` (each atomically, fsynced);
 * 2. checkpoint.json is replaced atomically: the commit point; it records the epoch, the history and
 *    the SHA-256 of the two new files;
 * 3. the `.next` files are renamed into place, and history.json rewritten from checkpoint.json.
 * (model.json, the same every epoch, is written before step 2.)
 * With early stopping's restore_best_weights, best-weights.bin (the best epoch's weights.bin, laid
 * out by the same manifest) takes part in the same scheme, so a resumed run can still restore them.
 * A reader (`readCheckpoint`) finds weights.bin matching checkpoint.json, or rolls the renames of
 * step 3 forward from the `.next` files; a kill before step 2 leaves the previous epoch intact.
 */

export const CHECKPOINT_JSON = 'checkpoint.json';
export const OPTIMIZER_BIN = 'optimizer.bin';
export const HISTORY_JSON = 'history.json';
export const BEST_WEIGHTS_BIN = 'best-weights.bin';

/** Whether `name` is a file a checkpoint writes in its directory (the `.next` files of step 1 included). */
export function isCheckpointFile(name: string): boolean {
  return [MODEL_JSON, WEIGHTS_BIN, OPTIMIZER_BIN, HISTORY_JSON, CHECKPOINT_JSON, BEST_WEIGHTS_BIN].includes(name.replace(/\.next$/, ''));
}
/** checkpoint.json and history.json are small; far above any real one. */
const MAX_JSON_BYTES = 64 * 1024 * 1024;
/** weights.bin and optimizer.bin: Node's largest buffer (the parameter budget keeps real ones far below). */
const MAX_FILE_BYTES = 2 ** 32;

const dtype = z.enum(['float32', 'int32']);
const checkpointSchema = z.strictObject({
  format: z.literal(1),
  /** The last complete epoch (1-based). */
  epoch: z.int().min(1),
  history: z.record(z.string(), z.array(z.number().nullable())),
  weightsSha256: z.string().regex(/^[0-9a-f]{64}$/),
  optimizer: z.strictObject({
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    weights: z.array(z.strictObject({ name: z.string(), shape: z.array(z.int().min(0)), dtype })).max(100000),
  }),
  /** Early stopping's state, so that a resumed run stops where the uninterrupted one would. */
  earlyStopping: z
    .strictObject({
      best: z.number().nullable(),
      bestEpoch: z.int().min(0),
      wait: z.int().min(0),
      /** best-weights.bin's hash, with restore_best_weights once an epoch has been the best. */
      bestWeightsSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    })
    .optional(),
});
export type CheckpointState = z.output<typeof checkpointSchema>;

export type History = Record<string, (number | null)[]>;

const sha256 = (chunks: readonly Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const c of chunks) hash.update(c);
  return hash.digest('hex');
};

/** JSON has no NaN: a NaN or infinite value in the history is written as null, as Keras's JSON would fail to. */
const finiteOrNull = (history: History): History =>
  Object.fromEntries(Object.entries(history).map(([k, vs]) => [k, vs.map((v) => (v === null || !Number.isFinite(v) ? null : v))]));

/** The optimizer's state (its step count and slots) as bytes plus a manifest, in its own order. */
async function optimizerArtifacts(optimizer: tfTypes.Optimizer) {
  const named = await optimizer.getWeights();
  const weights = named.map(({ name, tensor }) => ({ name, shape: [...tensor.shape], dtype: tensor.dtype === 'int32' ? ('int32' as const) : ('float32' as const) }));
  const chunks: Uint8Array[] = [];
  for (const { tensor } of named) {
    const data = tensor.dtype === 'int32' ? Int32Array.from(await tensor.data()) : Float32Array.from(await tensor.data());
    chunks.push(new Uint8Array(data.buffer));
  }
  // getWeights makes a new scalar for the step count ('iter'); the rest are the optimizer's own variables.
  for (const { name, tensor } of named) if (name === 'iter') tensor.dispose();
  return { weights, chunks };
}

async function write(path: string, chunks: Uint8Array | readonly Uint8Array[]): Promise<void> {
  try {
    await writeFileAtomic(path, chunks);
  } catch (e) {
    throw new WeightsError('weights/file', path, `cannot write the checkpoint file ${path}: ${(e as Error).message}`, { cause: e });
  }
}

export interface CheckpointInput {
  epoch: number;
  history: History;
  earlyStopping?: CheckpointState['earlyStopping'];
  /** restore_best_weights and this epoch is the best so far: its weights become best-weights.bin. */
  bestWeightsFromThisEpoch?: boolean;
}

/** Writes the checkpoint of a complete epoch into `dir` (which exists), as described above; returns what it committed. */
export async function writeCheckpoint(tf: typeof tfTypes, model: tfTypes.LayersModel, dir: string, input: CheckpointInput): Promise<CheckpointState> {
  const { modelJson, weights } = await modelArtifacts(tf, model);
  const optimizer = await optimizerArtifacts(model.optimizer);
  const weightsSha256 = sha256(weights);
  const next: [string, Uint8Array | readonly Uint8Array[]][] = [[WEIGHTS_BIN, weights], [OPTIMIZER_BIN, optimizer.chunks]];
  let earlyStopping = input.earlyStopping;
  if (earlyStopping && input.bestWeightsFromThisEpoch) {
    next.push([BEST_WEIGHTS_BIN, weights]);
    earlyStopping = { ...earlyStopping, bestWeightsSha256: weightsSha256 };
  }
  const state: CheckpointState = {
    format: 1,
    epoch: input.epoch,
    history: finiteOrNull(input.history),
    weightsSha256,
    optimizer: { sha256: sha256(optimizer.chunks), weights: optimizer.weights },
    ...(earlyStopping ? { earlyStopping } : {}),
  };
  // Step 1, the files side by side (each fsync waits on the disk, not on the others), with model.json
  // (the topology and manifest, the same every epoch): before the commit point, so that a committed
  // checkpoint always has one.
  await Promise.all([
    ...next.map(([file, bytes]) => write(join(dir, `${file}.next`), bytes)),
    write(join(dir, MODEL_JSON), new TextEncoder().encode(JSON.stringify(modelJson))),
  ]);
  await write(join(dir, CHECKPOINT_JSON), new TextEncoder().encode(`${JSON.stringify(state, null, 1)}\n`));
  // Step 3. The `.next` files were written just above with the committed hashes: no need to read
  // and hash them again, as a reader after a kill must (settle).
  await Promise.all(next.map(([file]) => rename(join(dir, `${file}.next`), join(dir, file))));
  await write(join(dir, HISTORY_JSON), historyBytes(state));
  return state;
}

/** history.json mirrors the committed history. */
const historyBytes = (state: CheckpointState) => new TextEncoder().encode(`${JSON.stringify(state.history)}\n`);

/**
 * Step 3's renames, for the files that do not match the committed state yet (after a kill).
 * Returns each committed file's bytes as read and hashed here, so that no reader reads them again.
 */
async function settle(dir: string, state: CheckpointState): Promise<Map<string, Uint8Array>> {
  const files: [string, string][] = [[WEIGHTS_BIN, state.weightsSha256], [OPTIMIZER_BIN, state.optimizer.sha256]];
  if (state.earlyStopping?.bestWeightsSha256) files.push([BEST_WEIGHTS_BIN, state.earlyStopping.bestWeightsSha256]);
  const verified = new Map<string, Uint8Array>();
  for (const [file, expected] of files) {
    const path = join(dir, file);
    const current = await readWhole(path, MAX_FILE_BYTES).catch(() => undefined);
    if (current && sha256([current]) === expected) {
      await unlink(`${path}.next`).catch(() => undefined);
      verified.set(file, current);
      continue;
    }
    const next = await readWhole(`${path}.next`, MAX_FILE_BYTES).catch(() => undefined);
    if (!next || sha256([next]) !== expected) {
      throw new WeightsError('weights/file', path, `the checkpoint in ${dir} is damaged: ${file} does not match ${CHECKPOINT_JSON} (epoch ${state.epoch}); train again without --resume, or restore the directory`);
    }
    await rename(`${path}.next`, path);
    verified.set(file, next);
  }
  // history.json, rewritten if a kill came before it was.
  const history = historyBytes(state);
  const current = await readWhole(join(dir, HISTORY_JSON), MAX_FILE_BYTES).catch(() => undefined);
  if (!current || !Buffer.from(current).equals(Buffer.from(history))) await write(join(dir, HISTORY_JSON), history);
  return verified;
}

export interface ResumedState {
  state: CheckpointState;
  /**
   * The committed files (weights.bin, optimizer.bin, best-weights.bin where the state names one)
   * as read and checked against their hashes, by name: readWeightsDir takes them as `verified`.
   */
  verified: Map<string, Uint8Array>;
  /** Restores the optimizer's state into `optimizer` from `verified` (call after the model is compiled). */
  restoreOptimizer(tf: typeof tfTypes, optimizer: tfTypes.Optimizer): Promise<void>;
}

/** Reads `dir`'s checkpoint for --resume (finishing an interrupted epoch end), or undefined if there is none. */
export async function readCheckpoint(dir: string): Promise<ResumedState | undefined> {
  const path = join(dir, CHECKPOINT_JSON);
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  if (info.size > MAX_JSON_BYTES) throw new WeightsError('weights/file', path, `${path} is too large to be a checkpoint (${info.size} bytes)`);
  let state: CheckpointState;
  try {
    state = checkpointSchema.parse(JSON.parse(new TextDecoder().decode(await readWhole(path, MAX_JSON_BYTES))));
  } catch (e) {
    throw new WeightsError('weights/file', path, `${path} is not a valid checkpoint (${e instanceof SyntaxError ? e.message : 'unexpected content'}); train again without --resume`);
  }
  const verified = await settle(dir, state);
  return {
    state,
    verified,
    async restoreOptimizer(tf, optimizer) {
      const bytes = verified.get(OPTIMIZER_BIN)!;
      const expected = state.optimizer.weights.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
      if (bytes.length !== expected) throw new WeightsError('weights/file', join(dir, OPTIMIZER_BIN), `holds ${bytes.length} bytes; its manifest in ${CHECKPOINT_JSON} needs ${expected}`);
      let offset = 0;
      const named = state.optimizer.weights.map((w) => {
        const size = w.shape.reduce((a, b) => a * b, 1);
        const slice = bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + 4 * size);
        offset += 4 * size;
        const values = w.dtype === 'int32' ? new Int32Array(slice) : new Float32Array(slice);
        return { name: w.name, tensor: tf.tensor(values, w.shape, w.dtype) };
      });
      await optimizer.setWeights(named);
      tf.dispose(named.map((n) => n.tensor));
    },
  };
}
