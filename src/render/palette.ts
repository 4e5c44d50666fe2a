import type { GraphNode } from './graph-model.js';

/** Colours shared by the drawings: inputs blue, outputs green, errors red, warnings amber. */
export interface NodeColors {
  fill: string;
  stroke: string;
  text: string;
}

export const COLORS = {
  input: { fill: '#e0f2fe', stroke: '#0369a1', text: '#0c4a6e' },
  output: { fill: '#dcfce7', stroke: '#15803d', text: '#14532d' },
  layer: { fill: '#ffffff', stroke: '#475569', text: '#1e293b' },
  error: { fill: '#fee2e2', stroke: '#dc2626', text: '#991b1b' },
  warning: { fill: '#fef3c7', stroke: '#d97706', text: '#78350f' },
  unknown: { fill: '#f1f5f9', stroke: '#94a3b8', text: '#64748b' },
} as const satisfies Record<string, NodeColors>;

export const EDGE_COLOR = '#64748b';
export const ERROR_TEXT = '#dc2626';
export const WARNING_TEXT = '#b45309';

export type NodeRole = keyof typeof COLORS;

/** A node's look: its problems first (a broken output is red), then what it is. */
export function nodeRole(node: GraphNode): NodeRole {
  if (node.status === 'error' || node.status === 'warning' || node.status === 'unknown') return node.status;
  if (node.isOutput) return 'output';
  return node.kind === 'input' ? 'input' : 'layer';
}
