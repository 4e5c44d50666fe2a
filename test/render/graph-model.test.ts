import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyze.js';
import { graphModel } from '../../src/render/graph-model.js';
import { summarize } from '../../src/summary/summary.js';
import { graphOf } from '../support/render-graph.js';
import fs from 'node:fs';

describe('graphModel', () => {
  it('has what summary has: a node per input and layer with type, shape and params; an edge per tensor', () => {
    const file = 'models/attention-block.yaml';
    const model = graphOf(file);
    const summary = summarize(analyzeSource(fs.readFileSync(file), file))!;
    expect(model.name).toBe(summary.name);
    expect(model.totalParams).toBe(summary.totalParams);
    const inputs = model.nodes.filter((n) => n.kind === 'input');
    expect(inputs.map((n) => [n.name, n.shape])).toEqual(summary.inputs.map((i) => [i.name, i.shape]));
    const layers = model.nodes.filter((n) => n.kind === 'layer');
    expect(layers.map((n) => ({ name: n.name, type: n.type, outputShape: n.shape, params: n.params }))).toEqual(
      summary.layers.map((l) => ({ name: l.name, type: l.type, outputShape: l.outputShape, params: l.params })),
    );
    expect(model.edges).toHaveLength(summary.layers.reduce((n, l) => n + l.inputs.length, 0));
    const byId = new Map(model.nodes.map((n) => [n.id, n]));
    const fused = model.edges.filter((e) => byId.get(e.to)!.name === 'fused').map((e) => byId.get(e.from)!.name);
    expect(fused).toEqual(['pam_conv', 'cam_conv']);
    expect(model.nodes.filter((n) => n.isOutput).map((n) => n.name)).toEqual(['probabilities']);
    expect(model.nodes.every((n) => n.status === 'ok' && /^n\d+$/.test(n.id))).toBe(true);
    expect(model.problems).toEqual([]);
  });

  it('puts each problem on its layer (without repeating the layer name); downstream layers are unknown', () => {
    const model = graphOf('models/invalid/add-different-shapes.yaml');
    const residual = model.nodes.find((n) => n.name === 'residual')!;
    expect(residual.status).toBe('error');
    expect(residual.shape).toBeUndefined();
    expect(residual.problems[0].message).toMatch(/^expects inputs of the same shape/);
    expect(model.nodes.find((n) => n.name === 'act')).toMatchObject({ status: 'unknown', isOutput: true });
    expect(model.nodes.find((n) => n.name === 'conv1')!.status).toBe('ok');
  });

  it('draws a reference to nothing as a missing node, and keeps model-wide problems apart', () => {
    const model = graphOf('models/invalid/undefined-reference.yaml');
    const missing = model.nodes.find((n) => n.kind === 'missing')!;
    expect(missing).toMatchObject({ name: 'conv_1', status: 'error' });
    expect(model.edges.some((e) => e.from === missing.id)).toBe(true);
    const undefinedOutput = graphOf('models/invalid/undefined-output.yaml');
    expect(undefinedOutput.nodes.some((n) => n.kind === 'missing' && n.isOutput)).toBe(true);
    expect(graphOf('models/invalid/unused-input.yaml').problems.length).toBeGreaterThan(0);
  });

  it('has no graph for a file that does not parse', () => {
    expect(graphModel(analyzeSource('layers: [', 'x.yaml'))).toBeUndefined();
  });

  it('draws a cycle and a duplicate name without losing a node', () => {
    for (const file of ['models/invalid/cycle.yaml', 'models/invalid/self-loop.yaml', 'models/invalid/layer-named-like-input.yaml']) {
      const model = graphOf(file);
      expect(model.nodes.some((n) => n.status === 'error'), file).toBe(true);
      expect(new Set(model.nodes.map((n) => n.id)).size).toBe(model.nodes.length);
    }
  });
});
