import { formatShape } from '../shape/shape.js';
import { formatCount } from '../summary/table.js';
import type { GraphEdge, GraphNode } from './graph-model.js';
import { printable } from '../diagnostics/formatters/printable.js';
import { wrapText } from './text.js';

/**
 * What a node says, line by line, the same in every format: its name, its type, its output shape
 * and parameter count, then its problems. Lines are printable (controls shown as escapes) but not escaped:
 * each renderer escapes them for its own syntax.
 */

export type LineStyle = 'name' | 'detail' | 'error' | 'warning';

export interface LabelLine {
  text: string;
  style: LineStyle;
}

/** Problem messages are wrapped at this many columns; names and shapes are not. */
const WRAP_COLUMNS = 44;
/** At most this many problems per node are spelled out (check lists them all). */
const MAX_PROBLEMS = 3;

/** Text from the model file is cut at this many characters: a hostile file can make it megabytes long. */
const MAX_CHARS = 300;

export function clip(text: string): string {
  if (text.length <= MAX_CHARS) return text;
  const cut = text.slice(0, MAX_CHARS - 1);
  return `${/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut}…`; // not half of a character
}

/** Name and type lines: wrapped (and cut) like messages when they are not what a name should be. */
const wrapped = (text: string, style: LineStyle): LabelLine[] => wrapText(clip(text), WRAP_COLUMNS).map((t) => ({ text: t, style }));

export function nodeLabel(node: GraphNode): LabelLine[] {
  const lines: LabelLine[] = wrapped(node.name, 'name');
  if (node.kind === 'missing') {
    lines.push({ text: node.isOutput ? 'output not defined' : 'not defined', style: 'error' });
    return lines;
  }
  lines.push(...wrapped(node.type, 'detail'));
  lines.push({ text: node.shape ? formatShape(node.shape) : 'shape unknown', style: 'detail' });
  if (node.kind === 'layer' && node.params !== undefined) lines.push({ text: `${formatCount(node.params)} params`, style: 'detail' });
  for (const problem of node.problems.slice(0, MAX_PROBLEMS)) {
    lines.push(...wrapped(`${problem.severity === 'error' ? '✖' : '⚠'} ${problem.message}`, problem.severity));
  }
  if (node.problems.length > MAX_PROBLEMS) lines.push({ text: `… ${node.problems.length - MAX_PROBLEMS} more (see check)`, style: 'error' });
  return lines;
}

/** The tensor an edge carries, when its shape is known. */
export function edgeLabel(edge: GraphEdge): string | undefined {
  return edge.shape ? formatShape(edge.shape) : undefined;
}

/** The model's own problems (not of one layer), wrapped, for a drawing's caption. */
export function modelProblemLines(problems: GraphNode['problems']): LabelLine[] {
  return problems.flatMap((p) => wrapText(clip(`${p.severity === 'error' ? '✖' : '⚠'} ${p.message}`), 2 * WRAP_COLUMNS).map((text) => ({ text, style: p.severity })));
}

/** The drawing's title: the model's name and its parameter count. */
export function titleText(name: string, totalParams: number): string {
  return `${printable(clip(name))} · ${formatCount(totalParams)} params`;
}
