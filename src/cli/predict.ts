import fs from 'node:fs';
import path from 'node:path';
import type { Analysis } from '../analyze.js';
import { readDataHeaders } from '../data/sources.js';
import type { DataProblem } from '../data/contract.js';
import { wantsColor } from '../diagnostics/formatters/ansi.js';
import { stylish } from '../diagnostics/formatters/stylish.js';
import { NpyError } from '../io/npy-error.js';
import type { Registry } from '../layers/registry.js';
import type { BackendChoice } from '../runtime/backend.js';
import { progressLine } from '../ui/progress.js';
import { bindDataArgs } from './data-args.js';
import { EXIT, UsageError, type CliIO } from './io.js';
import { checkOutputFile } from './output-path.js';
import { analyzeFile } from './read-model.js';

export interface PredictCliOptions {
  input: string[];
  output: string;
  weights?: string;
  batchSize: number;
  backend: BackendChoice;
  seed?: number;
  verbose?: boolean;
  quiet?: boolean;
}

/** Prints the model's diagnostics; true when it has errors (then nothing can run). */
export function reportModelProblems(analysis: Analysis, io: CliIO): boolean {
  const text = stylish([{ filePath: analysis.file, diagnostics: analysis.diagnostics }], { color: wantsColor(io.stderr, io.env), cwd: io.cwd });
  if (text) io.stderr.write(`${text}\n`);
  return analysis.diagnostics.some((d) => d.severity === 'error') || !analysis.spec || !analysis.shapes;
}

export function reportDataProblems(problems: readonly DataProblem[], io: CliIO): void {
  for (const p of problems) io.stderr.write(`layerspec: ${p.message} [${p.code}]\n  hint: ${p.hint}\n`);
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

/** Draws the progress bar on a terminal, at most 10 times a second and only once a run takes a while. */
function progressReporter(io: CliIO, quiet: boolean | undefined) {
  const start = performance.now();
  let last = 0;
  let drawn = false;
  const enabled = !quiet && io.stderr.isTTY === true;
  return {
    update(done: number, total: number) {
      const now = performance.now();
      if (!enabled || now - start < 500 || (now - last < 100 && done < total)) return;
      last = now;
      drawn = true;
      const columns = (io.stderr as { columns?: number }).columns ?? 80;
      io.stderr.write(`\r${progressLine({ label: 'predict', done, total, elapsedMs: now - start, columns })}\x1b[K`);
    },
    clear() {
      if (drawn) io.stderr.write('\r\x1b[K');
    },
  };
}

/** `layerspec predict FILE --input [NAME=]PATH ... --output PATH`: the model over NumPy data. */
export async function runPredict(file: string, options: PredictCliOptions, io: CliIO, registry: Registry): Promise<number> {
  const analysis = analyzeFile(file, io.cwd, registry);
  if (reportModelProblems(analysis, io)) return EXIT.PROBLEMS;
  const spec = analysis.spec!;

  const binding = bindDataArgs(options.input, spec.inputs.map((i) => i.name), '--input', io.cwd);
  const outputExt = path.extname(options.output).toLowerCase();
  if (outputExt !== '.npy' && outputExt !== '.npz') {
    throw new UsageError(`--output ${options.output}: predictions are written as .npy (one output) or .npz (keys = output names)`, `e.g. --output predictions.${spec.outputs.length === 1 ? 'npy' : 'npz'}`);
  }
  if (outputExt === '.npy' && spec.outputs.length > 1) {
    throw new UsageError(`--output ${options.output}: the model has ${spec.outputs.length} outputs (${spec.outputs.join(', ')}), which a .npy cannot hold`, `write --output ${options.output.replace(/\.npy$/i, '.npz')} (keys = output names)`);
  }
  const dataFiles = binding.kind === 'npz' ? [binding.file] : [...binding.files.values()];
  const output = checkOutputFile(options.output, io.cwd, '--output', [file, ...dataFiles, ...(options.weights ? [options.weights] : [])]);
  const weightsPath = options.weights === undefined ? undefined : checkWeightsPath(options.weights, io.cwd);

  try {
    const { given, problems } = await readDataHeaders(binding, spec.inputs, io.cwd);
    if (problems.length > 0) {
      reportDataProblems(problems, io);
      return EXIT.PROBLEMS;
    }
    const { runPredictJob } = await import('../runtime/predict-job.js');
    const progress = progressReporter(io, options.quiet);
    const result = await runPredictJob({
      analysis,
      registry,
      binding,
      given,
      output,
      weights: weightsPath && { ...weightsPath, shown: options.weights as string },
      batchSize: options.batchSize,
      backend: options.backend,
      seed: options.seed,
      onProgress: (done, total) => progress.update(done, total),
      log: (line) => options.verbose && io.stderr.write(`${line}\n`),
    }).finally(() => progress.clear());
    if (!options.weights && !options.quiet && result.hasWeights) {
      io.stderr.write(`layerspec: note: no --weights given, so the model ran with freshly initialised weights${options.seed === undefined ? ' (--seed N makes them reproducible)' : ''}\n`);
    }
    if (!options.quiet) {
      const shapes = result.outputs.map((o) => `${o.name} (${o.shape.join(', ')}${o.shape.length === 1 ? ',' : ''}) ${o.dtype}`).join(', ');
      io.stdout.write(`${options.output}: ${shapes} · ${result.rows} samples in ${(result.ms / 1000).toFixed(2)} s on ${result.backend}\n`);
    }
    return EXIT.OK;
  } catch (error) {
    return reportRunError(error, io);
  }
}

/** Errors about the data, the weights or the model are the user's to fix (exit 1); unreadable files exit 2. */
export function reportRunError(error: unknown, io: CliIO): number {
  if (error instanceof UsageError) throw error;
  if (error instanceof NpyError) {
    io.stderr.write(`layerspec: ${error.message} [${error.code}]\n`);
    return error.code === 'npy/io' || error.code === 'npy/write' ? EXIT.USAGE : EXIT.PROBLEMS;
  }
  const named = error as { name?: string; message?: string; code?: string };
  // A plugin's call failing while the model runs is a problem of this model (its own layer's code).
  if (named?.name === 'WeightsError' || named?.name === 'BuildError' || named?.name === 'PluginError') {
    io.stderr.write(`layerspec: ${named.message}${named.code ? ` [${named.code}]` : ''}\n`);
    return named.code === 'weights/file' ? EXIT.USAGE : EXIT.PROBLEMS;
  }
  if (named?.name === 'BackendError') {
    io.stderr.write(`layerspec: ${named.message}\n`);
    return EXIT.USAGE;
  }
  throw error;
}
