import { wantsColor } from '../diagnostics/formatters/ansi.js';
import { stylish } from '../diagnostics/formatters/stylish.js';
import type { Registry } from '../layers/registry.js';
import { summarize } from '../summary/summary.js';
import { summaryText } from '../summary/text.js';
import { EXIT, type CliIO } from './io.js';
import { analyzeFile } from './read-model.js';

/** `layerspec summary FILE [--json]`: Keras's model.summary(), as a table or as JSON. */
export async function runSummary(file: string, options: { json?: boolean }, io: CliIO, registry: Registry): Promise<number> {
  const analysis = analyzeFile(file, io.cwd, registry);
  const diagnostics = stylish([{ filePath: analysis.file, diagnostics: analysis.diagnostics }], { color: wantsColor(io.stderr, io.env), cwd: io.cwd });
  const summary = summarize(analysis);
  if (!summary) {
    io.stderr.write(diagnostics ? `${diagnostics}\n` : `${file}: the model could not be summarised\n`);
    return EXIT.PROBLEMS;
  }
  if (diagnostics) io.stderr.write(`${diagnostics}\n`);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else if (io.stdout.isTTY && wantsColor(io.stdout, io.env)) {
    // ink only on a terminal: it is the slowest module to load and adds nothing to a log.
    const [{ renderStatic }, { SummaryTable }, React] = await Promise.all([
      import('../ui/render-static.js'),
      import('../ui/SummaryTable.js'),
      import('react'),
    ]);
    io.stdout.write(renderStatic(React.createElement(SummaryTable, { summary }), io.stdout.columns));
  } else {
    io.stdout.write(summaryText(summary));
  }
  return EXIT.OK;
}
