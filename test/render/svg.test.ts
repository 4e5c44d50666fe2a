import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyze.js';
import { graphModel, type GraphModel } from '../../src/render/graph-model.js';
import { nodeLabel } from '../../src/render/labels.js';
import { layoutGraph } from '../../src/render/layout.js';
import { FONT_SIZE, sizeGraph, textWidth } from '../../src/render/metrics.js';
import { renderGraph } from '../../src/render/render-graph.js';
import { graphSvg } from '../../src/render/svg.js';
import { escapeXml } from '../../src/render/xml.js';
import { hostileGraph } from '../support/hostile-graph.js';
import { graphOf, svgTexts } from '../support/render-graph.js';
import { xmlProblems } from '../support/xml-check.js';

async function draw(model: GraphModel) {
  const sized = sizeGraph(model);
  const layout = await layoutGraph(model, sized);
  return { sized, layout, svg: graphSvg(model, sized, layout) };
}

/** The <g class="node ..."> groups in drawing order, with their classes. */
const nodeGroups = (svg: string) => [...svg.matchAll(/<g class="node ([a-z]+)" data-kind="([a-z]+)">([\s\S]*?)<\/g>/g)].map((m) => ({ role: m[1], kind: m[2], body: m[3] }));

describe('graphSvg', () => {
  it('escapes text for XML, dropping characters XML cannot hold', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u0008c\ud800d\ufffe')).toBe('a\ufffdb\ufffdc\ufffdd\ufffd');
  });

  it('is a standalone, well-formed SVG: no scripts, no external resources', async () => {
    const { svg } = await draw(graphOf('models/attention-block.yaml'));
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toMatch(/<script|<style|@import|href=|url\((?!#arrow\))|<foreignObject/i);
  });

  it('lays every node out without overlap, each box wide and tall enough for its text', async () => {
    for (const file of ['models/attention-block.yaml', 'models/text-classifier.yaml', 'models/invalid/add-different-shapes.yaml']) {
      const model = graphOf(file);
      const { sized, layout } = await draw(model);
      const boxes = model.nodes.map((n) => layout.nodes.get(n.id)!);
      for (const [k, node] of model.nodes.entries()) {
        const lines = nodeLabel(node);
        const box = boxes[k];
        expect(box.width, node.name).toBeGreaterThanOrEqual(Math.max(...lines.map((l) => textWidth(l.text, FONT_SIZE[l.style]))));
        expect(box.height, node.name).toBeGreaterThanOrEqual(lines.length * 11);
        expect(sized.get(node.id)!.lines).toEqual(lines);
        for (const other of boxes.slice(k + 1)) {
          const apart = box.x + box.width <= other.x || other.x + other.width <= box.x || box.y + box.height <= other.y || other.y + other.height <= box.y;
          expect(apart, `${file}: ${node.name} overlaps another node`).toBe(true);
        }
      }
      // Top to bottom: every edge goes down, but in a cycle.
      const down = model.edges.filter((e) => layout.nodes.get(e.from)!.y < layout.nodes.get(e.to)!.y);
      expect(down.length, file).toBe(model.edges.length);
    }
  });

  it('sets inputs and outputs apart, draws broken layers red with their message, legends what it uses', async () => {
    const valid = nodeGroups((await draw(graphOf('models/attention-block.yaml'))).svg);
    expect(valid[0]).toMatchObject({ role: 'input', kind: 'input' });
    expect(valid[0].body).toContain('fill="#e0f2fe"');
    const output = valid.find((g) => g.role === 'output')!;
    expect(output.body.match(/<rect /g)).toHaveLength(2); // double border
    expect(valid.filter((g) => g.role === 'error')).toEqual([]);

    const { svg } = await draw(graphOf('models/invalid/add-different-shapes.yaml'));
    const broken = nodeGroups(svg);
    const residual = broken.find((g) => g.body.includes('>residual</text>'))!;
    expect(residual.role).toBe('error');
    expect(residual.body).toContain('stroke="#dc2626" stroke-width="2"');
    expect(residual.body).toMatch(/fill="#dc2626"[^>]*>✖ expects inputs of the same shape/);
    expect(broken.find((g) => g.body.includes('>act</text>'))!.role).toBe('unknown');
    const legend = svgTexts(svg.slice(svg.lastIndexOf('</g>')));
    expect(legend).toEqual(['input', 'layer', 'error', 'not inferred']);
  });

  it('keeps hostile names, types and messages as text', async () => {
    const model = hostileGraph();
    const { svg } = await draw(model);
    expect(xmlProblems(svg)).toEqual([]);
    const texts = svgTexts(svg);
    for (const node of model.nodes) for (const line of nodeLabel(node)) expect(texts, line.text).toContain(line.text);
    expect(svg).not.toContain('<b>');
  });

  it('cuts and wraps text a hostile file makes huge', async () => {
    const model = hostileGraph();
    model.nodes[1].name = 'n'.repeat(100000);
    model.nodes[1].type = '😀'.repeat(50000);
    model.nodes[1].problems = [{ severity: 'error', message: 'm '.repeat(100000) }];
    const lines = nodeLabel(model.nodes[1]);
    expect(lines.length).toBeLessThan(40);
    expect(lines.every((l) => l.text.length <= 100)).toBe(true);
    expect(lines.map((l) => l.text).join('')).not.toMatch(/[\ud800-\udfff]/u); // no half of an emoji
    const svg = await renderGraph(model, 'svg');
    expect(svg.length).toBeLessThan(50000);
    expect(Number(/width="([\d.]+)"/.exec(svg)![1])).toBeLessThan(1500);
  });

  it('draws every shipped and invalid example (that parses) as well-formed XML', async () => {
    const files = [...fs.readdirSync('models').filter((f) => f.endsWith('.yaml')).map((f) => `models/${f}`), ...fs.readdirSync('models/invalid').map((f) => `models/invalid/${f}`)];
    let drawn = 0;
    for (const file of files) {
      const model = graphModel(analyzeSource(fs.readFileSync(file), file));
      if (!model) continue;
      expect(xmlProblems(await renderGraph(model, 'svg')), file).toEqual([]);
      drawn++;
    }
    expect(drawn).toBeGreaterThan(80);
  }, 60000);

  it('renderGraph gives each format', async () => {
    const model = graphOf('models/attention-block.yaml');
    expect(await renderGraph(model, 'dot')).toMatch(/^digraph /);
    expect(await renderGraph(model, 'mermaid')).toMatch(/^---\n/);
    expect(await renderGraph(model, 'svg')).toMatch(/^<\?xml /);
  });
});
