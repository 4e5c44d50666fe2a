import type { GraphModel, GraphNode } from './graph-model.js';
import { clip, edgeLabel, modelProblemLines, titleText, type LabelLine } from './labels.js';
import type { Box, GraphLayout, Point } from './layout.js';
import { FONT_SIZE, lineHeight, PAD_X, PAD_Y, textWidth, type SizedGraph } from './metrics.js';
import { COLORS, EDGE_COLOR, ERROR_TEXT, nodeRole, WARNING_TEXT, type NodeRole } from './palette.js';
import { printable } from '../diagnostics/formatters/printable.js';
import { escapeXml, num, svgDocument } from './xml.js';

/**
 * The laid-out graph as a standalone SVG document: a title (model name, parameters, the model's
 * own problems), the nodes as boxes (inputs rounded blue, outputs double-bordered green, layers
 * with problems red with the message), the edges as arrows (the tensor's shape as their tooltip),
 * and a legend. Pure: the layout is computed beforehand (layout.ts).
 */

const MARGIN = 20;
const LEGEND: { role: NodeRole; text: string }[] = [
  { role: 'input', text: 'input' },
  { role: 'layer', text: 'layer' },
  { role: 'output', text: 'output' },
  { role: 'error', text: 'error' },
  { role: 'warning', text: 'warning' },
  { role: 'unknown', text: 'not inferred' },
];

/** Text lines in a box, centred, each in its font size; problem lines start at the left. */
function textLines(lines: readonly LabelLine[], box: Box, color: string): string[] {
  const out: string[] = [];
  let y = box.y + PAD_Y;
  for (const line of lines) {
    const size = FONT_SIZE[line.style];
    const baseline = y + (lineHeight(line) - size) / 2 + size * 0.82;
    const problem = line.style === 'error' || line.style === 'warning';
    const fill = line.style === 'error' ? ERROR_TEXT : line.style === 'warning' ? WARNING_TEXT : color;
    const x = problem ? box.x + PAD_X : box.x + box.width / 2;
    const attrs = `x="${num(x)}" y="${num(baseline)}" font-size="${size}" fill="${fill}"${problem ? '' : ' text-anchor="middle"'}${line.style === 'name' ? ' font-weight="bold"' : ''}`;
    out.push(`<text ${attrs} xml:space="preserve">${escapeXml(line.text)}</text>`);
    y += lineHeight(line);
  }
  return out;
}

function nodeSvg(node: GraphNode, box: Box, lines: readonly LabelLine[]): string {
  const role = nodeRole(node);
  const c = COLORS[role];
  const rx = node.kind === 'input' ? Math.min(16, box.height / 2) : 6;
  const dashed = role === 'unknown' || node.kind === 'missing' ? ' stroke-dasharray="5 3"' : '';
  const rect = (inset: number, fill: string) =>
    `<rect x="${num(box.x + inset)}" y="${num(box.y + inset)}" width="${num(box.width - 2 * inset)}" height="${num(box.height - 2 * inset)}" rx="${num(Math.max(0, rx - inset))}" fill="${fill}" stroke="${c.stroke}" stroke-width="${role === 'error' ? 2 : 1.2}"${dashed}/>`;
  const tooltip = [node.name, ...node.problems.map((p) => p.message)].map((t) => printable(clip(t))).join('\n');
  return [
    `<g class="node ${role}" data-kind="${node.kind}">`,
    `<title>${escapeXml(tooltip)}</title>`,
    rect(0, c.fill),
    ...(node.isOutput ? [rect(3, 'none')] : []),
    ...textLines(lines, box, c.text),
    '</g>',
  ].join('\n');
}

/** An orthogonal route with its corners rounded. */
function routePath(points: readonly Point[]): string {
  if (points.length === 0) return '';
  const radius = 6;
  let d = `M${num(points[0].x)},${num(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const r = Math.min(radius, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    const toward = (p: Point, q: Point) => {
      const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
      return { x: p.x + ((q.x - p.x) / len) * r, y: p.y + ((q.y - p.y) / len) * r };
    };
    const before = toward(b, a);
    const after = toward(b, c);
    d += ` L${num(before.x)},${num(before.y)} Q${num(b.x)},${num(b.y)} ${num(after.x)},${num(after.y)}`;
  }
  const last = points[points.length - 1];
  return `${d} L${num(last.x)},${num(last.y)}`;
}

/** A key to the colours, of the kinds of box the drawing has. */
function legendSvg(x: number, y: number, roles: ReadonlySet<NodeRole>): { svg: string[]; width: number } {
  const out: string[] = [];
  let at = x;
  for (const item of LEGEND.filter((l) => roles.has(l.role))) {
    const c = COLORS[item.role];
    out.push(`<rect x="${num(at)}" y="${num(y)}" width="14" height="12" rx="3" fill="${c.fill}" stroke="${c.stroke}"${item.role === 'unknown' ? ' stroke-dasharray="3 2"' : ''}/>`);
    out.push(`<text x="${num(at + 19)}" y="${num(y + 10)}" font-size="${FONT_SIZE.small}" fill="#475569">${escapeXml(item.text)}</text>`);
    at += 19 + textWidth(item.text, FONT_SIZE.small) + 16;
  }
  return { svg: out, width: at - x };
}

/** The title line, then the model's own problems in red, at the top left. */
function headerSvg(title: string, problems: readonly LabelLine[]): { svg: string[]; width: number; height: number } {
  const svg = [`<text x="${MARGIN}" y="${num(MARGIN + FONT_SIZE.title)}" font-size="${FONT_SIZE.title}" font-weight="bold" fill="#0f172a" xml:space="preserve">${escapeXml(title)}</text>`];
  let height = FONT_SIZE.title * 1.6;
  for (const line of problems) {
    height += lineHeight(line);
    svg.push(`<text x="${MARGIN}" y="${num(MARGIN + height - 4)}" font-size="${FONT_SIZE[line.style]}" fill="${line.style === 'error' ? ERROR_TEXT : WARNING_TEXT}" xml:space="preserve">${escapeXml(line.text)}</text>`);
  }
  const width = Math.max(textWidth(title, FONT_SIZE.title), ...problems.map((l) => textWidth(l.text, FONT_SIZE[l.style])));
  return { svg, width, height: height + 8 };
}

export function graphSvg(model: GraphModel, sized: SizedGraph, layout: GraphLayout): string {
  const title = titleText(model.name, model.totalParams);
  const head = headerSvg(title, modelProblemLines(model.problems));
  const top = MARGIN + head.height;

  const at = (b: Box): Box => ({ ...b, x: b.x + MARGIN, y: b.y + top });
  const body: string[] = [
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">' +
      `<path d="M0,0 L10,5 L0,10 z" fill="${EDGE_COLOR}"/></marker></defs>`,
  ];
  const names = new Map(model.nodes.map((n) => [n.id, printable(clip(n.name))]));
  for (const edge of model.edges) {
    const route = layout.edges.get(edge.id);
    if (!route || route.length === 0) continue;
    const points = route.map((p) => ({ x: p.x + MARGIN, y: p.y + top }));
    const tooltip = `${names.get(edge.from)} → ${names.get(edge.to)}${edgeLabel(edge) ? `: ${edgeLabel(edge)}` : ''}`;
    body.push(`<path class="edge" d="${routePath(points)}" fill="none" stroke="${EDGE_COLOR}" stroke-width="1.3" marker-end="url(#arrow)"><title>${escapeXml(tooltip)}</title></path>`);
  }
  for (const node of model.nodes) {
    const box = layout.nodes.get(node.id);
    const label = sized.get(node.id);
    if (box && label) body.push(nodeSvg(node, at(box), label.lines));
  }
  const legendY = top + layout.height + 20;
  const legend = legendSvg(MARGIN, legendY, new Set(model.nodes.map(nodeRole)));
  const width = Math.max(layout.width, head.width, legend.width) + 2 * MARGIN;
  return svgDocument(width, legendY + 12 + MARGIN, title, [...head.svg, ...body, ...legend.svg]);
}
