import type { GraphModel, GraphNode } from './graph-model.js';
import { edgeLabel, modelProblemLines, nodeLabel, titleText, type LabelLine } from './labels.js';
import { COLORS, EDGE_COLOR, nodeRole } from './palette.js';

/**
 * The graph in Graphviz's DOT language. Labels are plain quoted strings (no HTML labels): inside
 * them `"` ends the string, `\` starts Graphviz's own escapes (`\N`, `\G`, `\l`, ...) and `&`
 * starts an HTML entity, which Graphviz decodes even there; all three are escaped. Lines are
 * joined with `\n`.
 */

/** A DOT quoted string holding `text` literally. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/&/g, '&amp;').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

const lines = (label: readonly LabelLine[]) => dotString(label.map((l) => l.text).join('\n'));

function nodeAttributes(node: GraphNode): string {
  const role = nodeRole(node);
  const colors = COLORS[role];
  const attrs: Record<string, string> = {
    label: lines(nodeLabel(node)),
    fillcolor: dotString(colors.fill),
    color: dotString(colors.stroke),
    fontcolor: dotString(colors.text),
  };
  if (node.kind === 'input') attrs.shape = 'oval';
  if (node.isOutput) attrs.peripheries = '2';
  if (role === 'error') attrs.penwidth = '2';
  if (node.kind === 'missing' || role === 'unknown') attrs.style = dotString('rounded,filled,dashed');
  return Object.entries(attrs).map(([k, v]) => `${k}=${v}`).join(', ');
}

export function graphDot(model: GraphModel): string {
  const caption = [titleText(model.name, model.totalParams), ...modelProblemLines(model.problems).map((l) => l.text)];
  const out = [
    `digraph ${dotString(model.name)} {`,
    `  graph [rankdir=TB, labelloc=t, fontname="Helvetica", fontsize=12, label=${dotString(caption.join('\n'))}${model.problems.length ? `, fontcolor=${dotString(COLORS.error.text)}` : ''}];`,
    `  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];`,
    `  edge [fontname="Helvetica", fontsize=9, color=${dotString(EDGE_COLOR)}, fontcolor=${dotString(EDGE_COLOR)}];`,
  ];
  for (const node of model.nodes) out.push(`  ${node.id} [${nodeAttributes(node)}];`);
  for (const edge of model.edges) {
    const label = edgeLabel(edge);
    out.push(`  ${edge.from} -> ${edge.to}${label ? ` [label=${dotString(label)}]` : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
