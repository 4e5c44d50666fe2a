import { graphDot } from './dot.js';
import type { GraphModel } from './graph-model.js';
import { graphMermaid } from './mermaid.js';

export const GRAPH_FORMATS = ['dot', 'mermaid', 'svg'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** The graph in a format; svg loads the layout engine (and only svg does). */
export async function renderGraph(model: GraphModel, format: GraphFormat): Promise<string> {
  if (format === 'dot') return graphDot(model);
  if (format === 'mermaid') return graphMermaid(model);
  const [{ sizeGraph }, { layoutGraph }, { graphSvg }] = await Promise.all([import('./metrics.js'), import('./layout.js'), import('./svg.js')]);
  const sized = sizeGraph(model);
  return graphSvg(model, sized, await layoutGraph(model, sized));
}
