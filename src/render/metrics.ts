import type { GraphModel } from './graph-model.js';
import { nodeLabel, type LabelLine } from './labels.js';
import { columns } from './text.js';
import { MONO_ADVANCE } from './xml.js';

/**
 * Sizes of the boxes and labels of the SVG drawing, estimated from the text they hold (monospace
 * columns x the font's advance), so that the layout leaves room for every label without measuring
 * text in a browser.
 */

export const FONT_SIZE = { name: 13, detail: 11, error: 11, warning: 11, small: 10, title: 15 } as const;
const LINE_GAP = 1.35;
export const PAD_X = 12;
export const PAD_Y = 8;
const MIN_WIDTH = 110;

export const textWidth = (text: string, fontSize: number): number => columns(text) * fontSize * MONO_ADVANCE;
export const lineHeight = (line: LabelLine): number => FONT_SIZE[line.style] * LINE_GAP;

export interface Size {
  width: number;
  height: number;
}

function labelSize(lines: readonly LabelLine[]): Size {
  const width = Math.max(...lines.map((l) => textWidth(l.text, FONT_SIZE[l.style])));
  const height = lines.reduce((h, l) => h + lineHeight(l), 0);
  return { width: Math.max(MIN_WIDTH, width + 2 * PAD_X), height: height + 2 * PAD_Y };
}

/**
 * Every node's label and box size. (Edges carry no visible label in the drawing: each box already
 * shows its output shape, which is the shape on its outgoing edges; labels there doubled the height.)
 */
export type SizedGraph = Map<string, { lines: LabelLine[]; size: Size }>;

export function sizeGraph(model: GraphModel): SizedGraph {
  return new Map(model.nodes.map((n) => {
    const lines = nodeLabel(n);
    return [n.id, { lines, size: labelSize(lines) }] as const;
  }));
}
