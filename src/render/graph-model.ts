import type { Analysis } from '../analyze.js';
import type { Severity } from '../diagnostics/diagnostic.js';
import type { Shape } from '../shape/shape.js';

/**
 * The model as a drawing sees it: one node per model input and per layer, one edge per tensor
 * passed, with what `summary` knows (type, output shape, parameters) and the problems `check`
 * found, attached to the layer they concern. Built from an analysis; every renderer draws this.
 */

export type NodeKind = 'input' | 'layer' | 'missing';

/** ok; error or warning: a problem of its own; unknown: no shape, because something upstream is broken. */
export type NodeStatus = 'ok' | 'error' | 'warning' | 'unknown';

export interface NodeProblem {
  severity: Severity;
  message: string;
}

export interface GraphNode {
  /** `n0`, `n1`, ...: safe as an identifier in every format, whatever the layer is called. */
  id: string;
  kind: NodeKind;
  name: string;
  /** The layer type; `Input` for model inputs; empty for a reference to nothing. */
  type: string;
  /** Output shape with the batch dimension (`null`), when it could be inferred. */
  shape?: Shape;
  params?: number;
  isOutput: boolean;
  status: NodeStatus;
  problems: NodeProblem[];
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  /** The shape of the tensor passed, when known. */
  shape?: Shape;
}

export interface GraphModel {
  name: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Problems of the model as a whole (no single layer concerned). */
  problems: NodeProblem[];
  totalParams: number;
}

/** The graph of an analysis that has a spec (one that parsed); undefined otherwise. */
export function graphModel(analysis: Analysis): GraphModel | undefined {
  const { spec, shapes } = analysis;
  if (!spec) return undefined;
  const nodes: GraphNode[] = [];
  const byName = new Map<string, GraphNode>();
  const add = (node: Omit<GraphNode, 'id'>): GraphNode => {
    const added = { id: `n${nodes.length}`, ...node };
    nodes.push(added);
    // A duplicate name is diagnosed already; references go to the first one, as the graph check does.
    if (!byName.has(node.name)) byName.set(node.name, added);
    return added;
  };
  const outputs = new Set(spec.outputs);
  const byLayer = problemsByLayer(analysis);

  for (const input of spec.inputs) {
    const problems = byLayer.get(input.name) ?? [];
    add({ kind: 'input', name: input.name, type: 'Input', shape: input.broken ? undefined : [null, ...input.shape], params: 0, isOutput: outputs.has(input.name), status: statusOf(problems, !input.broken), problems });
  }
  const layerNodes = spec.layers.map((layer) => {
    const info = shapes?.layers.get(layer.name);
    const problems = byLayer.get(layer.name) ?? [];
    return add({ kind: 'layer', name: layer.name, type: layer.type, shape: info?.outputShape, params: info?.params, isOutput: outputs.has(layer.name), status: statusOf(problems, info !== undefined), problems });
  });

  const edges: GraphEdge[] = [];
  spec.layers.forEach((layer, k) => {
    for (const ref of layer.inputs) {
      const source = byName.get(ref) ?? add({ kind: 'missing', name: ref, type: '', isOutput: false, status: 'error', problems: [] });
      edges.push({ id: `e${edges.length}`, from: source.id, to: layerNodes[k].id, shape: source.shape });
    }
  });
  // An output naming nothing shows as a missing node flagged as an output.
  for (const name of spec.outputs) if (!byName.has(name)) add({ kind: 'missing', name, type: '', isOutput: true, status: 'error', problems: [] });

  const named = new Set(nodes.map((n) => n.name));
  const problems = analysis.diagnostics.filter((d) => d.layer === undefined || !named.has(d.layer)).map((d) => ({ severity: d.severity, message: d.message }));
  const totalParams = nodes.reduce((n, node) => n + (node.params ?? 0), 0);
  return { name: spec.name, nodes, edges, problems, totalParams };
}

function problemsByLayer(analysis: Analysis): Map<string, NodeProblem[]> {
  const byLayer = new Map<string, NodeProblem[]>();
  for (const d of analysis.diagnostics) {
    if (d.layer === undefined) continue;
    // The node already says which layer it is: "Layer 'x' (Conv2D) expects ..." -> "expects ...".
    const message = d.message.replace(/^Layer '[^']*'(?: \([^)]*\))?(, wrapped layer)?:? /, (_, wrapped: string | undefined) => (wrapped ? 'wrapped layer: ' : ''));
    // Appended in place (a copy per problem made a layer with 100 000 unknown keys quadratic).
    const problems = byLayer.get(d.layer);
    if (problems) problems.push({ severity: d.severity, message });
    else byLayer.set(d.layer, [{ severity: d.severity, message }]);
  }
  return byLayer;
}

function statusOf(problems: readonly NodeProblem[], hasShape: boolean): NodeStatus {
  if (problems.some((p) => p.severity === 'error')) return 'error';
  if (!hasShape) return 'unknown';
  return problems.length > 0 ? 'warning' : 'ok';
}
