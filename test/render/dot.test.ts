import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyze.js';
import { dotString, graphDot } from '../../src/render/dot.js';
import { graphModel } from '../../src/render/graph-model.js';
import { nodeLabel } from '../../src/render/labels.js';
import { hostileGraph, HOSTILE } from '../support/hostile-graph.js';
import { graphOf, svgTexts } from '../support/render-graph.js';

/** The text a DOT quoted string stands for (the escapes dotString writes). */
const unquote = (quoted: string) =>
  quoted
    .slice(1, -1)
    .replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c))
    .replace(/&amp;/g, '&');

const SHIPPED = fs.readdirSync('models').filter((f) => f.endsWith('.yaml')).map((f) => `models/${f}`);
// Every invalid example that parses (those that do not have no graph), and hostile names.
const BROKEN = [
  ...fs.readdirSync('models/invalid').map((f) => `models/invalid/${f}`).filter((f) => graphModel(analyzeSource(fs.readFileSync(f), f)) !== undefined),
  'test/fixtures/graph/hostile.yaml',
];
const hasDot = spawnSync('dot', ['-V']).status === 0;
if (!hasDot) console.warn('test/render/dot.test.ts: Graphviz checks skipped: no `dot` on PATH');

const graphviz = (dot: string) => spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8', timeout: 30000 });

describe('graphDot', () => {
  it('quotes any text so that it reads back as itself', () => {
    for (const text of [HOSTILE, '', '\\', '"', '\\"', 'a\\nb', '\\N \\G \\E \\T \\H \\L \\l \\r']) {
      const quoted = dotString(text);
      expect(quoted).toMatch(/^"([^"\\&]|\\["\\n]|&amp;)*"$/);
      expect(unquote(quoted)).toBe(text.replace(/\r\n|\r/g, '\n'));
    }
  });

  it('writes a node per layer with its label and look, an edge per tensor labelled with its shape', () => {
    const dot = graphDot(graphOf('models/attention-block.yaml'));
    expect(dot).toMatch(/^digraph "attention-block" \{\n/);
    expect(dot).toMatch(/graph \[rankdir=TB/);
    expect(dot).toContain('n0 [label="image\\nInput\\n(None, 32, 32, 3)"');
    expect(dot).toMatch(/n0 \[[^\n]*shape=oval/);
    expect(dot).toMatch(/n13 \[label="probabilities[^\n]*fillcolor="#dcfce7"[^\n]*peripheries=2/);
    expect(dot).toContain('n4 -> n5 [label="(None, 16, 16, 64)"];');
    expect(dot.trimEnd().endsWith('}')).toBe(true);
  });

  it('draws a broken layer red with its message', () => {
    const dot = graphDot(graphOf('models/invalid/add-different-shapes.yaml'));
    const residual = dot.split('\n').find((l) => l.includes('label="residual'))!;
    expect(residual).toContain('color="#dc2626"');
    expect(residual).toContain('penwidth=2');
    expect(residual).toContain('✖ expects inputs of the same shape');
  });

  it('keeps hostile names, types and messages inside their quotes', () => {
    const model = hostileGraph();
    const dot = graphDot(model);
    // Every statement is one line: id, attributes of quoted strings or bare words.
    const statement = /^ {2}(n\d+ \[|n\d+ -> n\d+( \[|;)|graph \[|node \[|edge \[)/;
    const lines = dot.trimEnd().split('\n');
    expect(lines[0]).toBe(`digraph ${dotString(HOSTILE)} {`);
    for (const line of lines.slice(1, -1)) expect(line, line).toMatch(statement);
    const labels = [...dot.matchAll(/[[ ]label=("(?:[^"\\]|\\.)*")/g)].map((m) => unquote(m[1]));
    for (const node of model.nodes) expect(labels).toContain(nodeLabel(node).map((l) => l.text).join('\n'));
  });

  it.skipIf(!hasDot).each([...SHIPPED, ...BROKEN])('%s: Graphviz reads it without a warning', (file) => {
    const r = graphviz(graphDot(graphOf(file)));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<svg');
  });

  it.skipIf(!hasDot)('Graphviz shows hostile labels literally (its escapes \\N, \\l, ... not applied)', () => {
    const model = hostileGraph();
    const r = graphviz(graphDot(model));
    expect(r.stderr).toBe('');
    const texts = svgTexts(r.stdout);
    for (const node of model.nodes) for (const line of nodeLabel(node)) expect(texts, line.text).toContain(line.text);
  });
});
