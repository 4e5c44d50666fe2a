import path from 'node:path';
import { inputBudgetProblems } from '../data/budget.js';
import { readDataHeaders } from '../data/sources.js';
import type { Registry } from '../layers/registry.js';
import type { ReplicaPool } from '../runtime/parallel/replica.js';
import type { BackendChoice } from '../runtime/backend.js';
import { progressLine } from '../ui/progress.js';
import type { BudgetOptions } from './budgets.js';
import { bindDataArgs, dataFiles } from './data-args.js';
import { EXIT, UsageError, type CliIO } from './io.js';
import { checkOutputFile } from './output-path.js';
import { checkWeightsPath, reportDataProblems, reportModelProblems, reportRunError } from './run-report.js';
import { readModelFile } from './read-model.js';

export interface PredictCliOptions extends BudgetOptions {
  input: string[];
  output: string;
  weights?: string;
  batchSize: number;
  backend: BackendChoice;
  workers?: number;
  seed?: number;
  verbose?: boolean;
  quiet?: boolean;
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
  const { analysis, bytes: specText } = readModelFile(file, io.cwd, registry, options);
  // (no bytes: the file was too large to read, an error reported with the others)
  if (reportModelProblems(analysis, io) || !specText) return EXIT.PROBLEMS;
  const spec = analysis.spec!;

  const binding = bindDataArgs(options.input, spec.inputs.map((i) => i.name), '--input', io.cwd);
  const outputExt = path.extname(options.output).toLowerCase();
  if (outputExt !== '.npy' && outputExt !== '.npz') {
    throw new UsageError(`--output ${options.output}: predictions are written as .npy (one output) or .npz (keys = output names)`, `e.g. --output predictions.${spec.outputs.length === 1 ? 'npy' : 'npz'}`);
  }
  if (outputExt === '.npy' && spec.outputs.length > 1) {
    throw new UsageError(`--output ${options.output}: the model has ${spec.outputs.length} outputs (${spec.outputs.join(', ')}), which a .npy cannot hold`, `write --output ${options.output.replace(/\.npy$/i, '.npz')} (keys = output names)`);
  }
  const output = checkOutputFile(options.output, io.cwd, '--output', [file, ...dataFiles(binding), ...(options.weights ? [options.weights] : [])]);
  const weightsPath = options.weights === undefined ? undefined : checkWeightsPath(options.weights, io.cwd);

  const log = (line: string) => options.verbose && io.stderr.write(`${line}\n`);
  let replicas: ReplicaPool | null = null;
  try {
    // Started before the data is opened: each replica loads tfjs and the model meanwhile.
    const { runPredictJob, startPredictReplicas } = await import('../runtime/predict-job.js');
    replicas = startPredictReplicas({ analysis, specText, workers: options.workers, backend: options.backend, log });
    const { given, problems } = await readDataHeaders(binding, spec.inputs, io.cwd);
    problems.push(...inputBudgetProblems(given, options.maxInputBytes));
    if (problems.length > 0) {
      reportDataProblems(problems, io);
      return EXIT.PROBLEMS;
    }
    const progress = progressReporter(io, options.quiet);
    // Ctrl-C or a kill mid-run: exit 2 and leave no partial output (process.exit removes the temporary file).
    const onSignal = () => {
      progress.clear();
      io.stderr.write(`\nlayerspec: interrupted; ${options.output} was not written\n`);
      process.exit(EXIT.USAGE);
    };
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    const result = await runPredictJob({
      analysis,
      registry,
      specText,
      binding,
      given,
      output,
      weights: weightsPath && { ...weightsPath, shown: options.weights as string },
      batchSize: options.batchSize,
      backend: options.backend,
      workers: options.workers,
      seed: options.seed,
      replicas,
      onProgress: (done, total) => progress.update(done, total),
      log,
    }).finally(() => {
      progress.clear();
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    });
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
  } finally {
    replicas?.close();
  }
}
