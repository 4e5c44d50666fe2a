import fs from 'node:fs';
import path from 'node:path';
import type { Registry } from '../layers/registry.js';
import type { RowSplit } from '../runtime/parallel/row-split.js';
import type { BackendChoice } from '../runtime/backend.js';
import { isCheckpointFile } from '../runtime/checkpoint.js';
import type { TrainConfig } from '../runtime/compile.js';
import { CURVES_SVG } from '../runtime/curves-file.js';
import type { TrainingData } from '../runtime/train-data.js';
import { trainConfig } from '../spec/train-schema.js';
import { inputBudgetProblems } from '../data/budget.js';
import { checkSomeSamples, checkTrainingSplit } from '../data/contract.js';
import type { BudgetOptions } from './budgets.js';
import { dataFiles } from './data-args.js';
import { bindXY } from './xy-args.js';
import { EXIT, UsageError, type CliIO } from './io.js';
import { reportDataProblems, reportModelProblems, reportRunError } from './run-report.js';
import { readModelFile } from './read-model.js';

export interface TrainCliOptions extends BudgetOptions {
  x: string[];
  y: string[];
  validationX?: string[];
  validationY?: string[];
  out: string;
  epochs?: number;
  batchSize?: number;
  validationSplit?: number;
  seed?: number;
  resume?: boolean;
  backend: BackendChoice;
  workers?: number;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** `layerspec train FILE --x ... --y ... --out DIR`: fit the model, a checkpoint per epoch. */
export async function runTrain(file: string, options: TrainCliOptions, io: CliIO, registry: Registry): Promise<number> {
  const { analysis, bytes: specText } = readModelFile(file, io.cwd, registry, options);
  // (no bytes: the file was too large to read, an error reported with the others)
  if (reportModelProblems(analysis, io) || !specText) return EXIT.PROBLEMS;
  const spec = analysis.spec!;
  const config: TrainConfig = {
    ...trainConfig(spec.train),
    ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
    ...(options.batchSize === undefined ? {} : { batch_size: options.batchSize }),
    ...(options.validationSplit === undefined ? {} : { validation_split: options.validationSplit }),
  };
  if ((options.validationX === undefined) !== (options.validationY === undefined)) {
    throw new UsageError('--validation-x and --validation-y go together', 'give both, or use --validation-split');
  }
  const out = path.resolve(io.cwd, options.out);
  let outStat: fs.Stats | undefined;
  try {
    outStat = fs.statSync(out, { throwIfNoEntry: false });
  } catch (error) {
    // ENOTDIR: a parent is a regular file (ENOENT alone is answered with undefined).
    throw new UsageError(`--out ${options.out}: ${(error as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'a parent of it is a file, not a directory' : (error as Error).message}`, 'choose another directory for --out');
  }
  if (outStat && !outStat.isDirectory()) throw new UsageError(`--out ${options.out} is a file`, 'train writes a directory (model.json, weights.bin, history.json, ...): name a directory');
  // A missing out directory is created, parents included (as Keras's ModelCheckpoint does).

  const log = (line: string) => options.verbose && io.stderr.write(`${line}\n`);
  let replicas: RowSplit | null = null;
  try {
    // Started before the data is read: each replica loads tfjs and the model, which the first step waits for.
    const { startTrainReplicas } = await import('../runtime/train.js');
    replicas = startTrainReplicas({ analysis, specText, config, workers: options.workers, backend: options.backend, log });
    const { x, y, problems } = await bindXY(analysis, config, options.x, options.y, ['--x', '--y'], io);
    let validation: TrainingData['validation'];
    if (options.validationX && options.validationY) {
      const v = await bindXY(analysis, config, options.validationX, options.validationY, ['--validation-x', '--validation-y'], io);
      problems.push(...v.problems);
      validation = { x: v.x, y: v.y };
    }
    const allData = [x, y, ...(validation ? [validation.x, validation.y] : [])].flatMap((d) => d.given);
    problems.push(...inputBudgetProblems(allData, options.maxInputBytes));
    problems.push(...checkSomeSamples(allData, 'training'));
    if (!validation) problems.push(...checkTrainingSplit(x.given, config.validation_split));
    if (problems.length > 0) {
      reportDataProblems(problems, io);
      return EXIT.PROBLEMS;
    }
    const inputsOfRun = [file, ...dataFiles(x.binding), ...dataFiles(y.binding)].map((f) => path.resolve(io.cwd, f));
    const writtenByTrain = (name: string) => isCheckpointFile(name) || name === CURVES_SVG;
    if (inputsOfRun.some((f) => path.dirname(f) === out && writtenByTrain(path.basename(f)))) {
      throw new UsageError(`--out ${options.out} would overwrite one of this command's input files`, 'write the checkpoints to another directory');
    }

    const [{ runTrainJob }, { trainRenderer }] = await Promise.all([import('../runtime/train.js'), import('../ui/train-renderer.js')]);
    const renderer = trainRenderer(io, options.json ? 'json' : options.quiet ? 'quiet' : 'auto');
    const interrupt = { requested: false };
    const onSigint = () => {
      if (interrupt.requested) process.exit(EXIT.USAGE);
      interrupt.requested = true;
      io.stderr.write('\nlayerspec: stopping after this batch, keeping the last complete epoch (Ctrl-C again to abort at once)\n');
    };
    process.on('SIGINT', onSigint);
    let result;
    try {
      result = await runTrainJob({
        analysis,
        registry,
        data: { x, y, ...(validation ? { validation } : {}) },
        out,
        specText,
        config,
        resume: options.resume === true,
        backend: options.backend,
        workers: options.workers,
        seed: options.seed ?? config.seed,
        replicas,
        onEvent: (e) => renderer.onEvent(e),
        log,
        warn: (line) => io.stderr.write(`layerspec: warning: ${line}\n`),
        interrupt,
      });
    } finally {
      process.off('SIGINT', onSigint);
      await renderer.finish();
    }
    if (result.stop.reason === 'nan') {
      // (--quiet's renderer has already said why on stderr)
      if (!options.quiet) io.stderr.write(`layerspec: ${result.stop.message}\n`);
      return EXIT.PROBLEMS;
    }
    if (result.stop.reason === 'interrupted') return EXIT.USAGE;
    return EXIT.OK;
  } catch (error) {
    return reportRunError(error, io);
  } finally {
    replicas?.close();
  }
}
