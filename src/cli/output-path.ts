import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './io.js';

/** The real path of a file that may not exist yet (its directory resolved), to compare paths safely. */
function realTarget(absolute: string): string {
  try {
    return fs.realpathSync(absolute);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(absolute)), path.basename(absolute));
    } catch {
      return absolute;
    }
  }
}

/**
 * An output file must be writable where it is asked for, and never one of the command's own input
 * files (writing the predictions over the data or the model would lose it). Checked before any
 * work starts.
 */
export function checkOutputFile(output: string, cwd: string, flag: string, readFiles: readonly string[]): string {
  const absolute = path.resolve(cwd, output);
  const dir = path.dirname(absolute);
  let dirStat: fs.Stats;
  try {
    dirStat = fs.statSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new UsageError(`${flag} ${output}: a parent of ${path.dirname(output)} is a file, not a directory`, 'choose another place for the output');
    }
    throw new UsageError(`${flag} ${output}: the directory ${path.dirname(output) || '.'} does not exist`, `create it first (mkdir -p ${path.dirname(output)})`);
  }
  if (!dirStat.isDirectory()) throw new UsageError(`${flag} ${output}: ${path.dirname(output)} is not a directory`, 'choose another place for the output');
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${output}: the directory ${path.dirname(output) || '.'} is not writable`, 'choose another place for the output');
  }
  if (fs.statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`${flag} ${output} is a directory`, `name a file, e.g. ${path.join(output, 'predictions.npy')}`);
  }
  const target = realTarget(absolute);
  const clash = readFiles.find((f) => realTarget(path.resolve(cwd, f)) === target);
  if (clash !== undefined) {
    throw new UsageError(`${flag} ${output} is also an input of this command (${clash}); writing it would destroy that file`, 'write the output to another file');
  }
  return absolute;
}
