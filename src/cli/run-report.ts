import fs from 'node:fs';
import path from 'node:path';
import type { Analysis } from '../analyze.js';
import type { DataProblem } from '../data/contract.js';
import { wantsColor } from '../diagnostics/formatters/ansi.js';
import { printable } from '../diagnostics/formatters/printable.js';
import { stylish } from '../diagnostics/formatters/stylish.js';
import { NpyError, npyErrorHint } from '../io/npy-error.js';
import { EXIT, UsageError, type CliIO } from './io.js';

/** What predict, train and evaluate share: model/data problems reported, --weights checked, run errors mapped to exit codes. */

/** Prints the model's diagnostics; true when it has errors (then nothing can run). */
export function reportModelProblems(analysis: Analysis, io: CliIO): boolean {
  const text = stylish([{ filePath: analysis.file, diagnostics: analysis.diagnostics }], { color: wantsColor(io.stderr, io.env), cwd: io.cwd });
  if (text) io.stderr.write(`${text}\n`);
  return analysis.diagnostics.some((d) => d.severity === 'error') || !analysis.spec || !analysis.shapes;
}

export function reportDataProblems(problems: readonly DataProblem[], io: CliIO): void {
  for (const p of problems) io.stderr.write(`layerspec: ${printable(p.message)} [${p.code}]\n  hint: ${printable(p.hint)}\n`);
}

/** Where the model's weights come from, checked before anything is loaded. */
export function checkWeightsPath(weights: string, cwd: string): { kind: 'dir' | 'npz'; absolute: string } {
  const absolute = path.resolve(cwd, weights);
  const stat = fs.statSync(absolute, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`--weights ${weights}: no such file or directory`, 'give the directory `train --out` wrote (model.json + weights.bin) or a .npz of weights');
  if (stat.isDirectory()) return { kind: 'dir', absolute };
  if (path.extname(weights).toLowerCase() === '.npz') return { kind: 'npz', absolute };
  throw new UsageError(
    `--weights ${weights}: expected a directory with model.json + weights.bin, or a .npz`,
    path.basename(weights) === 'model.json' ? `give its directory: --weights ${path.dirname(weights)}` : 'keys of the .npz are <layer>/<weight>, as `layerspec summary FILE --json` lists them',
  );
}

/** What to do about a weights problem whose message does not say it already (train's --out ones do). */
function weightsHint(message: string): string | undefined {
  if (/layerspec summary|train again|--out/.test(message)) return undefined;
  return 'give --weights the directory `train --out` wrote (model.json + weights.bin), or a .npz keyed <layer>/<weight> as `layerspec summary FILE --json` lists them';
}

/** Errors about the data, the weights or the model are the user's to fix (exit 1); unreadable files exit 2. */
export function reportRunError(error: unknown, io: CliIO): number {
  if (error instanceof UsageError) throw error;
  if (error instanceof NpyError) {
    const hint = npyErrorHint(error);
    io.stderr.write(`layerspec: ${printable(error.message)} [${error.code}]\n${hint ? `  hint: ${hint}\n` : ''}`);
    return error.code === 'npy/io' || error.code === 'npy/write' ? EXIT.USAGE : EXIT.PROBLEMS;
  }
  const named = error as { name?: string; message?: string; code?: string };
  // A plugin's call failing while the model runs is a problem of this model (its own layer's code).
  if (named?.name === 'WeightsError' || named?.name === 'BuildError' || named?.name === 'PluginError') {
    const hint = named.name === 'WeightsError' ? weightsHint(named.message ?? '') : undefined;
    io.stderr.write(`layerspec: ${printable(named.message ?? '')}${named.code ? ` [${named.code}]` : ''}\n${hint ? `  hint: ${hint}\n` : ''}`);
    return named.code === 'weights/file' ? EXIT.USAGE : EXIT.PROBLEMS;
  }
  if (error instanceof RangeError && /typed array length|Array buffer allocation failed|Invalid array length/i.test(error.message)) {
    // A tensor larger than memory (or than a typed array can be): the sizes asked for, not a bug.
    io.stderr.write(`layerspec: the run needs a tensor larger than can be allocated (${error.message})\n  hint: lower --batch-size, or the sizes of the model's layers (layerspec summary shows the output shapes)\n`);
    return EXIT.PROBLEMS;
  }
  if (named?.name === 'BackendError') {
    io.stderr.write(`layerspec: ${named.message}\n`);
    return EXIT.USAGE;
  }
  throw error;
}
