import path from 'node:path';
import type { DataBinding } from '../cli/data-args.js';
import type { OutputDtype } from '../io/dtypes.js';
import type { NpyHeader } from '../io/npy-header.js';
import { openNpy, readNpyHeader, type NpyArray, type NpyData, type NpyReader } from '../io/npy-read.js';
import { readNpz, readNpzHeaders } from '../io/npz.js';
import type { ModelInput } from '../spec/model.js';
import type { BatchSource } from '../runtime/predict.js';
import { checkInputData, checkSampleCounts, type DataProblem } from './contract.js';

/**
 * The data files bound to the model's inputs: headers first (checked against the model before
 * anything is read or any tensor made), then row sources. A .npy is streamed a batch at a time;
 * a .npz is read whole (its entries may be compressed), within the .npz reader's size limits.
 */

export interface GivenData {
  input: string;
  /** As the user wrote it. */
  file: string;
  /** The file on disk (for .npz entries: the .npz). */
  absolute: string;
  header: NpyHeader;
}

/**
 * What a data file must fit: a model input, or (role 'target') a model output whose training
 * targets it holds. `alternatives`: other shapes also accepted (sparse labels: (N,) or (N, 1)).
 */
export interface DataSlot extends Pick<ModelInput, 'name' | 'shape' | 'dtype'> {
  alternatives?: readonly (readonly (number | null)[])[];
}

function checkSlot(slot: DataSlot, file: string, header: NpyHeader, role: 'input' | 'target'): DataProblem[] {
  const first = checkInputData(slot, file, header, role);
  if (first.length === 0 || !slot.alternatives) return first;
  return slot.alternatives.some((shape) => checkInputData({ ...slot, shape: [...shape] }, file, header, role).length === 0) ? [] : first;
}

/** Reads only the headers of the data bound to `inputs`; problems are returned, not thrown. */
export async function readDataHeaders(
  binding: DataBinding,
  inputs: readonly DataSlot[],
  cwd: string,
  role: 'input' | 'target' = 'input',
): Promise<{ given: GivenData[]; problems: DataProblem[] }> {
  const given: GivenData[] = [];
  const problems: DataProblem[] = [];
  if (binding.kind === 'npy') {
    for (const input of inputs) {
      const file = binding.files.get(input.name) as string;
      const absolute = path.resolve(cwd, file);
      given.push({ input: input.name, file, absolute, header: await readNpyHeader(absolute) });
    }
  } else {
    const absolute = path.resolve(cwd, binding.file);
    const headers = await readNpzHeaders(absolute);
    const keys = [...headers.keys()];
    for (const input of inputs) {
      const header = headers.get(input.name);
      if (header) {
        given.push({ input: input.name, file: `${binding.file}[${input.name}]`, absolute, header });
        continue;
      }
      problems.push({
        code: 'data/missing',
        input: input.name,
        file: binding.file,
        message: `${binding.file} has no entry '${input.name}' for ${role === 'input' ? 'model input' : 'the targets of output'} '${input.name}' (its entries: ${keys.length ? keys.map((k) => `'${k}'`).join(', ') : 'none'})`,
        hint: `save it with np.savez(path, ${inputs.map((i) => `${i.name}=...`).join(', ')})`,
      });
    }
  }
  for (const g of given) {
    const input = inputs.find((i) => i.name === g.input) as DataSlot;
    problems.push(...checkSlot(input, g.file, g.header, role));
  }
  problems.push(...checkSampleCounts(given));
  return { given, problems };
}

/** Converts in memory (for .npz entries, read in their natural type) to the input's dtype. */
function cast(a: NpyArray, dtype: OutputDtype): NpyArray {
  if (a.dtype === dtype) return a;
  const data: NpyData = dtype === 'float32' ? Float32Array.from(a.data) : dtype === 'int32' ? Int32Array.from(a.data) : Uint8Array.from(a.data, (v) => (v ? 1 : 0));
  return { ...a, data, dtype };
}

function slicedSource(input: string, array: NpyArray): BatchSource {
  const rowSize = array.shape.slice(1).reduce((a, b) => a * b, 1);
  return {
    input,
    rows: array.shape[0],
    read: async (start, end) => ({ ...array, data: array.data.subarray(start * rowSize, end * rowSize), shape: [end - start, ...array.shape.slice(1)] }),
  };
}

/** .npz archives read whole, by absolute path: one shared by data that name the same archive (`--x d.npz --y d.npz`). */
export type NpzArchives = Map<string, Map<string, NpyArray>>;

/**
 * Row sources for data whose headers passed `readDataHeaders`; `close` releases the files. A .npz
 * already in `archives` is not read again; one read here is added to it.
 */
export async function openDataSources(
  binding: DataBinding,
  given: readonly GivenData[],
  inputs: readonly DataSlot[],
  archives: NpzArchives = new Map(),
): Promise<{ sources: BatchSource[]; close(): Promise<void> }> {
  const dtypeOf = (name: string) => (inputs.find((i) => i.name === name) as DataSlot).dtype;
  if (binding.kind === 'npz') {
    const absolute = given[0].absolute;
    const arrays = archives.get(absolute) ?? (await readNpz(absolute));
    archives.set(absolute, arrays);
    const sources = given.map((g) => slicedSource(g.input, cast(arrays.get(g.input) as NpyArray, dtypeOf(g.input))));
    return { sources, close: async () => undefined };
  }
  const readers: NpyReader[] = [];
  try {
    for (const g of given) readers.push(await openNpy(g.absolute, { as: dtypeOf(g.input) }));
  } catch (e) {
    await Promise.all(readers.map((r) => r.close()));
    throw e;
  }
  const sources = readers.map((r, k): BatchSource => ({ input: given[k].input, rows: r.rows, read: (start, end) => r.readRows(start, end) }));
  return { sources, close: async () => void (await Promise.all(readers.map((r) => r.close()))) };
}
