import { countBySeverity } from '../diagnostics/diagnostic.js';
import { wantsColor } from '../diagnostics/formatters/ansi.js';
import { FORMATTERS, type FileResult } from '../diagnostics/formatters/index.js';
import { didYouMean } from '../spec/names.js';
import type { Registry } from '../layers/registry.js';
import { expandOperands } from './files.js';
import { EXIT, UsageError, type CliIO } from './io.js';
import { analyzeFile } from './read-model.js';

export interface CheckOptions {
  format: string;
  maxWarnings?: number;
}

/** `layerspec check FILE|DIR|GLOB...`: every problem of every file, in the chosen format. */
export function runCheck(operands: string[], options: CheckOptions, io: CliIO, registry: Registry): number {
  const formatter = FORMATTERS[options.format];
  if (!formatter) {
    const guess = didYouMean(options.format, Object.keys(FORMATTERS));
    throw new UsageError(`unknown format '${options.format}'`, `${guess ? `did you mean '${guess}'? ` : ''}formats: ${Object.keys(FORMATTERS).join(', ')}`);
  }
  const files = expandOperands(operands, io.cwd);
  const results: FileResult[] = files.map((file) => ({ filePath: file, diagnostics: analyzeFile(file, io.cwd, registry).diagnostics }));
  const text = formatter(results, { color: wantsColor(io.stdout, io.env), cwd: io.cwd });
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
