import { wantsColor } from '../diagnostics/formatters/ansi.js';
import { stylish } from '../diagnostics/formatters/stylish.js';
import { diffJson, diffModels, hasDifferences, type DiffSide } from '../diff/model-diff.js';
import { diffText } from '../diff/diff-text.js';
import type { Registry } from '../layers/registry.js';
import { summarize } from '../summary/summary.js';
import { EXIT, type CliIO } from './io.js';
import { analyzeFile } from './read-model.js';

export interface DiffCliOptions {
  /** Print the diff as JSON (diffJson's shape) instead of the text report. */
  json?: boolean;
  /** Exit 1 when the models differ, as `git diff --exit-code`; without it a diff of two valid files exits 0. */
  exitCode?: boolean;
}

/**
 * `layerspec diff OLD NEW [--json] [--exit-code]`: what changed between two model files, for review.
 * Both files are checked first; if either has errors, their diagnostics are printed and the exit
 * code is 1 (a diff of shapes that cannot be inferred would be wrong, not partial).
 */
export async function runDiff(oldFile: string, newFile: string, options: DiffCliOptions, io: CliIO, registry: Registry): Promise<number> {
  const analyses = [analyzeFile(oldFile, io.cwd, registry), analyzeFile(newFile, io.cwd, registry)];
  const diagnostics = stylish(
    analyses.map((a) => ({ filePath: a.file, diagnostics: a.diagnostics })),
    { color: wantsColor(io.stderr, io.env), cwd: io.cwd },
  );
  const sides: DiffSide[] = [];
  for (const [i, analysis] of analyses.entries()) {
    const summary = summarize(analysis);
    if (summary && analysis.spec) sides.push({ file: i === 0 ? oldFile : newFile, summary, spec: analysis.spec });
  }
  if (sides.length < 2) {
    io.stderr.write(diagnostics ? `${diagnostics}\n` : 'layerspec: the models could not be compared\n');
    return EXIT.PROBLEMS;
  }
  if (diagnostics) io.stderr.write(`${diagnostics}\n`);
  const diff = diffModels(sides[0], sides[1]);
  if (options.json) io.stdout.write(`${JSON.stringify(diffJson(diff), null, 2)}\n`);
  else io.stdout.write(diffText(diff, { color: wantsColor(io.stdout, io.env) }));
  return options.exitCode && hasDifferences(diff) ? EXIT.PROBLEMS : EXIT.OK;
}
