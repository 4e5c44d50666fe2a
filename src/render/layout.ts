import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphModel } from './graph-model.js';
import type { SizedGraph } from './metrics.js';

/**
 * Places the nodes and routes the edges of the SVG drawing with ELK's layered algorithm (the
 * Sugiyama method Graphviz's dot also uses), top to bottom, in the model file's order where it
 * can. elkjs is large (~1.6 MB): it is imported here only, and this module only by the svg format.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  width: number;
  height: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: Map<string, Box>;
  /** Each edge's route: start, bends, end. */
  edges: Map<string, Point[]>;
}

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.spacing.nodeNode': '28',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '12',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.padding': '[top=0,left=0,bottom=0,right=0]',
};

export async function layoutGraph(model: GraphModel, sized: SizedGraph): Promise<GraphLayout> {
  // A CommonJS module whose exports are the constructor, with itself as `.default` (what its types describe).
  const ELK = (await import('elkjs/lib/elk.bundled.js')).default.default;
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: OPTIONS,
    children: model.nodes.map((n) => ({ id: n.id, ...sized.get(n.id)!.size })),
    edges: model.edges.map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  };
  const placed = await new ELK().layout(graph);
  const nodes = new Map((placed.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 }]));
  const edges = new Map(
    (placed.edges ?? []).map((e) => {
      const section = e.sections?.[0];
      return [e.id, section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : []];
    }),
  );
  return { width: placed.width ?? 0, height: placed.height ?? 0, nodes, edges };
}
