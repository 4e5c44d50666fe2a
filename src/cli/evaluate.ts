import { inputBudgetProblems } from '../data/budget.js';
import { checkSomeSamples } from '../data/contract.js';
import type { Registry } from '../layers/registry.js';
import type { BackendChoice } from '../runtime/backend.js';
import type { TrainConfig } from '../runtime/compile.js';
import { trainConfig } from '../spec/train-schema.js';
import type { BudgetOptions } from './budgets.js';
import { EXIT, type CliIO } from './io.js';
import { checkWeightsPath, reportDataProblems, reportModelProblems, reportRunError } from './run-report.js';
import { analyzeFile } from './read-model.js';
import { bindXY } from './xy-args.js';

export interface EvaluateCliOptions extends BudgetOptions {
  x: string[];
  y: string[];
  weights: string;
  batchSize?: number;
  backend: BackendChoice;
  json?: boolean;
  verbose?: boolean;
}

/** `layerspec evaluate FILE --weights PATH --x ... --y ...`: loss and metrics of saved weights. */
export async function runEvaluate(file: string, options: EvaluateCliOptions, io: CliIO, registry: Registry): Promise<number> {
  const analysis = analyzeFile(file, io.cwd, registry, options);
  if (reportModelProblems(analysis, io)) return EXIT.PROBLEMS;
  const config: TrainConfig = trainConfig(analysis.spec!.train);
  const weights = checkWeightsPath(options.weights, io.cwd);
  try {
    const { x, y, problems } = await bindXY(analysis, config, options.x, options.y, ['--x', '--y'], io);
    problems.push(...inputBudgetProblems([...x.given, ...y.given], options.maxInputBytes));
    problems.push(...checkSomeSamples([...x.given, ...y.given], 'evaluation'));
    if (problems.length > 0) {
      reportDataProblems(problems, io);
      return EXIT.PROBLEMS;
    }
    const { runEvaluateJob } = await import('../runtime/evaluate-job.js');
    const result = await runEvaluateJob({
      analysis,
      registry,
      x,
      y,
      weights: { ...weights, shown: options.weights },
      config,
      batchSize: options.batchSize ?? config.batch_size,
      backend: options.backend,
      log: (line) => options.verbose && io.stderr.write(`${line}\n`),
    });
    if (options.json) io.stdout.write(`${JSON.stringify(result.logs)}\n`);
    else io.stdout.write(`${result.samples} samples - ${Object.entries(result.logs).map(([k, v]) => `${k}: ${v.toFixed(4)}`).join(' - ')}\n`);
    return EXIT.OK;
  } catch (error) {
    return reportRunError(error, io);
  }
}
