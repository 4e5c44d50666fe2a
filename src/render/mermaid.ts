import type { GraphModel, GraphNode } from './graph-model.js';
import { edgeLabel, modelProblemLines, nodeLabel, titleText } from './labels.js';
import { COLORS, nodeRole, type NodeRole } from './palette.js';

/**
 * The graph as a Mermaid flowchart. Every label is a quoted string in which the characters
 * Mermaid or the HTML it renders to could read as syntax are written as Mermaid's numeric entity
 * codes (`#34;` for `"`, `#60;` for `<`, ...); `#` itself first, since it starts those codes.
 * (Checked by hand with Mermaid 12.3.0 in Chromium, securityLevel strict: every label reads back.)
 */

// `%` starts Mermaid's comments. A backslash is followed by a zero-width space: Mermaid decodes
// the entity codes before it turns a literal `\n` into a line break, so `#92;` alone is not enough.
const ENTITY = /[#"<>&`|%]/g;
const entities = (line: string) => line.replace(ENTITY, (c) => `#${c.charCodeAt(0)};`).replace(/\\/g, '#92;#8203;');

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

/**
 * Mermaid draws its title as markup (sanitised, but `<b>` would still be bold, and entity codes
 * are not decoded there), so only a plain title goes in the front matter; any other goes in the
 * model's own node, with the model's problems (those not of one layer).
 */
const PLAIN_TITLE = /^[\p{L}\p{N} _.,·:()+-]*$/u;

export function graphMermaid(model: GraphModel): string {
  const title = titleText(model.name, model.totalParams);
  const plain = PLAIN_TITLE.test(title);
  // The front matter is YAML; a JSON string is a valid YAML double-quoted scalar.
  const out = [...(plain ? ['---', `title: ${JSON.stringify(title)}`, '---'] : []), 'flowchart TB'];
  const problems = modelProblemLines(model.problems).map((l) => l.text);
  const caption = [...(plain ? [] : [title]), ...problems];
  if (caption.length) out.push(`  model[${quoted(caption.join('\n'))}]`);
  const byRole = new Map<NodeRole, string[]>(caption.length ? [[problems.length ? 'error' : 'layer', ['model']]] : []);
  for (const node of model.nodes) {
    out.push(`  ${node.id}${shapeOf(node, quoted(nodeLabel(node).map((l) => l.text).join('\n')))}`);
    const role = nodeRole(node);
    // Appended in place (a copy per node made 20 000 nodes quadratic).
    const ids = byRole.get(role);
    if (ids) ids.push(node.id);
    else byRole.set(role, [node.id]);
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
