import path from 'node:path';
import type { Registry } from '../layers/registry.js';
import { writeFileAtomic } from '../io/npy-write.js';
import { graphModel } from '../render/graph-model.js';
import { GRAPH_FORMATS, renderGraph, type GraphFormat } from '../render/render-graph.js';
import { didYouMean } from '../spec/names.js';
import { EXIT, UsageError, type CliIO } from './io.js';
import { checkOutputFile } from './output-path.js';
import { analyzeFile } from './read-model.js';
import { reportModelProblems } from './run-report.js';

export interface GraphCliOptions {
  format?: string;
  output?: string;
}

/** Format by the --output file's extension, when --format is not given. */
const BY_EXTENSION: Record<string, GraphFormat> = { '.svg': 'svg', '.dot': 'dot', '.gv': 'dot', '.mmd': 'mermaid', '.mermaid': 'mermaid' };

function chooseFormat(options: GraphCliOptions): GraphFormat {
  if (options.format === undefined) return (options.output && BY_EXTENSION[path.extname(options.output).toLowerCase()]) || 'dot';
  const format = GRAPH_FORMATS.find((f) => f === options.format);
  if (format) return format;
  const guess = didYouMean(options.format, GRAPH_FORMATS);
  throw new UsageError(`unknown format '${options.format}'`, `${guess ? `did you mean '${guess}'? ` : ''}formats: ${GRAPH_FORMATS.join(', ')}`);
}

/** The most nodes the SVG layout takes (3 000 layers in a chain already fail in elkjs). */
const MAX_SVG_NODES = 2000;

/**
 * `layerspec graph FILE [--format dot|mermaid|svg] [--output PATH]`: the model drawn as a graph,
 * problems included (a broken model is drawn, in red where it breaks, and exits 1 as check would);
 * a file that does not even parse is reported and nothing is drawn.
 */
export async function runGraph(file: string, options: GraphCliOptions, io: CliIO, registry: Registry): Promise<number> {
  const format = chooseFormat(options);
  const output = options.output === undefined ? undefined : checkOutputFile(options.output, io.cwd, '--output', [file]);
  const analysis = analyzeFile(file, io.cwd, registry);
  const hasErrors = reportModelProblems(analysis, io);
  const model = graphModel(analysis);
  if (!model) return EXIT.PROBLEMS;
  if (format === 'svg' && model.nodes.length > MAX_SVG_NODES) {
    // elkjs's layout recurses along a chain: a few thousand layers overflow the stack.
    throw new UsageError(`${file}: ${model.nodes.length} nodes are too many to lay out as SVG (at most ${MAX_SVG_NODES})`, 'draw it with --format dot or --format mermaid');
  }
  const text = await renderGraph(model, format);
  if (output) await writeOutput(output, options.output!, text);
  else io.stdout.write(text);
  return hasErrors ? EXIT.PROBLEMS : EXIT.OK;
}

async function writeOutput(absolute: string, given: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(absolute, new TextEncoder().encode(text));
  } catch (error) {
    throw new UsageError(`--output ${given}: cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
