import path from 'node:path';
import type { Analysis } from '../analyze.js';
import { countBySeverity, type Diagnostic } from '../diagnostics/diagnostic.js';
import { NpyError, npyErrorHint } from '../io/npy-error.js';
import { wantsColor } from '../diagnostics/formatters/ansi.js';
import { FORMATTERS, type FileResult } from '../diagnostics/formatters/index.js';
import { didYouMean } from '../spec/names.js';
import type { Registry } from '../layers/registry.js';
import type { BudgetOptions } from './budgets.js';
import { bindDataArgs, dataFiles } from './data-args.js';
import { expandOperands } from './files.js';
import { EXIT, UsageError, type CliIO } from './io.js';
import { analyzeFile } from './read-model.js';

export interface CheckOptions extends BudgetOptions {
  format: string;
  maxWarnings?: number;
  /** Data files to check against the (one) model's inputs, from their headers alone. */
  input?: string[];
  /** Report errors only (warnings still count for --max-warnings). */
  quiet?: boolean;
}

/** `layerspec check FILE|DIR|GLOB...`: every problem of every file, in the chosen format. */
export async function runCheck(operands: string[], options: CheckOptions, io: CliIO, registry: Registry): Promise<number> {
  const formatter = FORMATTERS[options.format];
  if (!formatter) {
    const guess = didYouMean(options.format, Object.keys(FORMATTERS));
    throw new UsageError(`unknown format '${options.format}'`, `${guess ? `did you mean '${guess}'? ` : ''}formats: ${Object.keys(FORMATTERS).join(', ')}`);
  }
  const files = expandOperands(operands, io.cwd);
  if (options.input && files.length !== 1) {
    throw new UsageError(`--input checks data against one model, but ${files.length} model files were given`, 'name a single model file with --input');
  }
  const analyses = files.map((file) => analyzeFile(file, io.cwd, registry, options));
  const results: FileResult[] = analyses.map((a, k) => ({ filePath: files[k], diagnostics: a.diagnostics }));
  if (options.input) results.push(...(await checkDataFiles(analyses[0], options.input, options.maxInputBytes, io)));
  const shown = options.quiet ? results.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') })) : results;
  const text = formatter(shown, { color: wantsColor(io.stdout, io.env), cwd: io.cwd });
  if (text) io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    const c = countBySeverity(r.diagnostics);
    errors += c.errors;
    warnings += c.warnings;
  }
  if (errors > 0) return EXIT.PROBLEMS;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr.write(`layerspec found too many warnings (maximum: ${options.maxWarnings}).\n`);
    return EXIT.PROBLEMS;
  }
  return EXIT.OK;
}

/**
 * `check MODEL --input [NAME=]PATH...`: each data file against the model's inputs (dtype, rank,
 * dimensions) from its header alone, without TensorFlow.js; each problem is a diagnostic of that
 * data file, so every format (github, sarif, ...) reports it there. Skipped when the model itself
 * has errors (its inputs may not be known).
 */
async function checkDataFiles(analysis: Analysis, inputs: string[], maxInputBytes: number, io: CliIO): Promise<FileResult[]> {
  if (!analysis.spec || analysis.diagnostics.some((d) => d.severity === 'error')) return [];
  const binding = bindDataArgs(inputs, analysis.spec.inputs.map((i) => i.name), '--input', io.cwd);
  const byFile = new Map<string, Diagnostic[]>();
  const add = (file: string, d: Diagnostic) => byFile.set(file, [...(byFile.get(file) ?? []), d]);
  for (const file of dataFiles(binding)) byFile.set(path.resolve(io.cwd, file), []);
  try {
    // Loaded on use: the data modules (zip reader included) are not needed to check model files.
    const [{ readDataHeaders }, { inputBudgetProblems }] = await Promise.all([import('../data/sources.js'), import('../data/budget.js')]);
    const { given, problems } = await readDataHeaders(binding, analysis.spec.inputs, io.cwd);
    for (const p of [...problems, ...inputBudgetProblems(given, maxInputBytes)]) {
      const file = path.resolve(io.cwd, binding.kind === 'npz' ? binding.file : p.file);
      add(file, { code: p.code, severity: 'error', message: p.message, hint: p.hint, file });
    }
  } catch (error) {
    if (!(error instanceof NpyError)) throw error;
    if (error.code === 'npy/io') throw new UsageError(error.message, 'check the path');
    add(error.file, { code: error.code, severity: 'error', message: error.message, hint: npyErrorHint(error), file: error.file });
  }
  return [...byFile].map(([filePath, diagnostics]) => ({ filePath, diagnostics }));
}
