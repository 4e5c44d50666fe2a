import { describe, expect, it } from 'vitest';
import { nodeLabel } from '../../src/render/labels.js';
import { graphMermaid, mermaidText } from '../../src/render/mermaid.js';
import { hostileGraph, HOSTILE } from '../support/hostile-graph.js';
import { graphOf } from '../support/render-graph.js';

/** The text a Mermaid label shows: entity codes decoded, <br/> as a newline, the zero-width space after a backslash unseen. */
const decode = (label: string) =>
  label
    .replace(/<br\/>/g, '\n')
    .replace(/#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d)))
    .replace(/\\\u200b/g, '\\');

// A node: id, then a shape holding one quoted label: ["..."], (["..."]) or [["..."]].
const NODE = /^ {2}(n\d+)(\["([^"]*)"\]|\(\["([^"]*)"\]\)|\[\["([^"]*)"\]\])$/;
const EDGE = /^ {2}n\d+ -->(\|"[^"]*"\|)? n\d+$/;
const CLASS = /^ {2}(classDef [a-z]+ [a-z-]+:[#\w]+(,[a-z-]+:[#\w ]+)*|class (n\d+|model)(,n\d+)* [a-z]+)$/;

describe('graphMermaid', () => {
  it('writes escaped text that decodes back to itself, with no quote or markup left', () => {
    for (const text of [HOSTILE, '#', '#35;', '<br/>', '"', '`x`', 'a|b', 'a\\nb', '%% c']) {
      const escaped = mermaidText(text);
      expect(escaped.replace(/<br\/>/g, '')).not.toMatch(/["<>&`|\\%]/);
      expect(escaped).not.toMatch(/#92;(?!#8203;)/);
      expect(decode(escaped)).toBe(text);
    }
  });

  it('is a top-to-bottom flowchart: inputs as stadiums, outputs as subroutines, classes by role, shaped edges', () => {
    const text = graphMermaid(graphOf('models/attention-block.yaml'));
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual(['---', 'title: "attention-block · 98,856 params"', '---', 'flowchart TB']);
    expect(text).toContain('  n0(["image<br/>Input<br/>(None, 32, 32, 3)"])');
    expect(text).toMatch(/ {2}n13\[\["probabilities<br\/>Softmax/);
    expect(text).toContain('  n4 -->|"(None, 16, 16, 64)"| n5');
    expect(text).toMatch(/classDef input fill:#e0f2fe/);
    expect(text).toContain('  class n13 output');
    for (const line of lines.slice(4)) expect(line, line).toSatisfy((l: string) => NODE.test(l) || EDGE.test(l) || CLASS.test(l));
  });

  it('marks a broken layer with the error class (red) and its message', () => {
    const text = graphMermaid(graphOf('models/invalid/add-different-shapes.yaml'));
    expect(text).toMatch(/classDef error fill:#fee2e2,stroke:#dc2626/);
    const id = /\n {2}(n\d+)\["residual<br\/>/.exec(text)![1];
    expect(text).toContain(`  class ${id} error`);
    expect(text).toContain('✖ expects inputs of the same shape #40;'.replace('#40;', '('));
  });

  it('keeps hostile names, types and messages inside their labels', () => {
    const model = hostileGraph();
    const text = graphMermaid(model);
    const lines = text.trimEnd().split('\n');
    // Not a plain title: no front matter (Mermaid draws it as markup); the model's node has it and the problems.
    expect(lines[0]).toBe('flowchart TB');
    expect(lines[1]).toBe(`  model["${mermaidText(`${HOSTILE.replace('\n', '\\u000a')} · 12 params\n✖ ${HOSTILE.split('\n')[0]}\nnext line`)}"]`);
    const labels: string[] = [];
    for (const line of lines.slice(2)) {
      const node = NODE.exec(line);
      if (node) labels.push(decode(node[3] ?? node[4] ?? node[5]));
      else expect(line, line).toSatisfy((l: string) => EDGE.test(l) || CLASS.test(l));
    }
    expect(labels).toEqual(model.nodes.map((n) => nodeLabel(n).map((l) => l.text).join('\n')));
  });
});
