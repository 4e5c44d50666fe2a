import fs from 'node:fs';
import path from 'node:path';
import { didYouMean } from '../spec/names.js';
import { UsageError } from './io.js';

/**
 * `--input [NAME=]PATH ...` (predict; later train's --x/--y and check --input) -> which file feeds
 * which model input. Rules (DESIGN.md): one .npy per model input, named `NAME=` when the model
 * has several; or a single .npz whose keys are the input names.
 */

export type DataBinding =
  | { kind: 'npy'; files: ReadonlyMap<string, string> }
  | { kind: 'npz'; file: string };

const NAMED = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s;

interface DataArg {
  name?: string;
  file: string;
}

function splitArg(arg: string, names: readonly string[], cwd: string): DataArg {
  const m = NAMED.exec(arg);
  // A file that happens to contain '=' (and exists) is a path, unless the prefix names an input.
  if (!m || (!names.includes(m[1]) && fs.existsSync(path.resolve(cwd, arg)))) return { file: arg };
  if (m[2] === '') throw new UsageError(`${m[1]}= names no file`, `write ${m[1]}=PATH, e.g. ${m[1]}=${m[1]}.npy`);
  return { name: m[1], file: m[2] };
}

const extension = (file: string) => path.extname(file).toLowerCase();

export function bindDataArgs(args: readonly string[], inputNames: readonly string[], flag: string, cwd: string): DataBinding {
  const parsed = args.map((a) => splitArg(a, inputNames, cwd));
  const list = inputNames.map((n) => `'${n}'`).join(', ');
  for (const a of parsed) {
    const ext = extension(a.file);
    if (ext !== '.npy' && ext !== '.npz') {
      throw new UsageError(`${flag} ${a.file}: layerspec reads NumPy .npy and .npz files`, 'save the array with np.save(path, a), or several with np.savez(path, name=a, ...)');
    }
  }

  const npz = parsed.filter((a) => extension(a.file) === '.npz');
  if (npz.length > 0) {
    if (parsed.length > 1) throw new UsageError(`${flag} takes one .npz (its keys are the input names) or .npy files, not both or several .npz`, `keep one ${flag}`);
    if (npz[0].name !== undefined) throw new UsageError(`${flag} ${npz[0].name}=${npz[0].file}: a .npz holds every input under its own key, so it takes no NAME=`, `write ${flag} ${npz[0].file}`);
    return { kind: 'npz', file: npz[0].file };
  }

  const files = new Map<string, string>();
  for (const a of parsed) {
    let name = a.name;
    if (name === undefined) {
      if (inputNames.length !== 1) {
        throw new UsageError(`${flag} ${a.file}: the model has ${inputNames.length} inputs (${list}), so say which this file feeds`, `write ${flag} ${inputNames[0]}=${a.file}`);
      }
      name = inputNames[0];
    } else if (!inputNames.includes(name)) {
      const guess = didYouMean(name, inputNames);
      throw new UsageError(`${flag} ${name}=...: the model has no input '${name}'${guess ? ` (did you mean '${guess}'?)` : ''}`, `its inputs are ${list}`);
    }
    if (files.has(name)) throw new UsageError(`${flag}: input '${name}' is given twice (${files.get(name)} and ${a.file})`, 'give each input once');
    files.set(name, a.file);
  }
  const missing = inputNames.filter((n) => !files.has(n));
  if (missing.length > 0) {
    throw new UsageError(
      `no data for model input${missing.length === 1 ? '' : 's'} ${missing.map((n) => `'${n}'`).join(', ')}`,
      `add ${missing.map((n) => `${flag} ${n}=PATH`).join(' ')}`,
    );
  }
  return { kind: 'npy', files };
}

/** The files a binding names (for output-path and overwrite checks). */
export const dataFiles = (binding: DataBinding): string[] => (binding.kind === 'npz' ? [binding.file] : [...binding.files.values()]);
