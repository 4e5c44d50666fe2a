import type { GraphModel, GraphNode } from './graph-model.js';
import { edgeLabel, modelProblemLines, nodeLabel, titleText } from './labels.js';
import { COLORS, nodeRole, type NodeRole } from './palette.js';

/**
 * The graph as a Mermaid flowchart. Every label is a quoted string in which the characters
 * Mermaid or the HTML it renders to could read as syntax are written as Mermaid's numeric entity
 * codes (`#34;` for `"`, `#60;` for `<`, ...); `#` itself first, since it starts those codes.
 */

const ENTITY = /[#"<>&`|]/g;
const entities = (line: string) => line.replace(ENTITY, (c) => `#${c.charCodeAt(0)};`);

/** `text` as the inside of a Mermaid quoted label; newlines become `<br/>`. */
export function mermaidText(text: string): string {
  return text.split(/\r\n|\r|\n/).map(entities).join('<br/>');
}

const quoted = (text: string) => `"${mermaidText(text)}"`;

function shapeOf(node: GraphNode, label: string): string {
  if (node.kind === 'input') return `([${label}])`;
  if (node.isOutput) return `[[${label}]]`;
  return `[${label}]`;
}

export function graphMermaid(model: GraphModel): string {
  const title = [titleText(model.name, model.totalParams), ...modelProblemLines(model.problems).map((l) => l.text)].join('\n');
  const out = [
    // The front matter is YAML; a JSON string is a valid YAML double-quoted scalar. Mermaid decodes
    // its entity codes in the whole text, the title included.
    '---',
    `title: ${JSON.stringify(title.split('\n').map(entities).join('\n'))}`,
    '---',
    'flowchart TB',
  ];
  const byRole = new Map<NodeRole, string[]>();
  for (const node of model.nodes) {
    out.push(`  ${node.id}${shapeOf(node, quoted(nodeLabel(node).map((l) => l.text).join('\n')))}`);
    const role = nodeRole(node);
    byRole.set(role, [...(byRole.get(role) ?? []), node.id]);
  }
  for (const edge of model.edges) {
    const label = edgeLabel(edge);
    out.push(`  ${edge.from} -->${label ? `|${quoted(label)}|` : ''} ${edge.to}`);
  }
  for (const [role, ids] of byRole) {
    const c = COLORS[role];
    const dashed = role === 'unknown' ? ',stroke-dasharray:4 3' : '';
    out.push(`  classDef ${role} fill:${c.fill},stroke:${c.stroke},color:${c.text}${role === 'error' ? ',stroke-width:2px' : ''}${dashed}`);
    out.push(`  class ${ids.join(',')} ${role}`);
  }
  return `${out.join('\n')}\n`;
}
