import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../src/analyze.js';

const problems = (text: string) =>
  analyzeSource(text, 'm.yaml').diagnostics.map((d) => `${d.severity === 'error' ? 'E' : 'W'} ${d.code}@${d.range?.line}:${d.range?.column}`);

const functional = (layers: string, outputs = '') => `layerspec: 1
inputs:
  a: { shape: [4, 2] }
  b: { shape: [8] }
layers:
${layers}${outputs ? `outputs: ${outputs}\n` : ''}`;

describe('analyzeSource: spec', () => {
  it('infers shapes of a functional model, defaulting outputs to the last layer', () => {
    const r = analyzeSource(functional('  d1: { type: Dense, input: b, units: 3 }\n  d2: { type: Dense, input: d1, units: 2 }\n'), 'm.yaml');
    expect(r.diagnostics.filter((d) => d.code !== 'graph/unused-input')).toEqual([]);
    expect(r.spec?.outputs).toEqual(['d2']);
    expect(r.shapes?.shapes.get('d2')).toEqual([null, 2]);
    expect(r.shapes?.layers.get('d1')?.params).toBe(27);
  });

  it('names list-form layers as Keras does and chains them', () => {
    const r = analyzeSource('layerspec: 1\ninput: { shape: [8] }\nlayers:\n  - { type: Dense, units: 4 }\n  - { type: Dense, units: 4 }\n  - { type: Dense, units: 2, name: head }\n', 'm.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.spec?.layers.map((l) => [l.name, l.inputs])).toEqual([['dense', ['input']], ['dense_1', ['dense']], ['head', ['dense_1']]]);
    expect(r.spec?.form).toBe('sequential');
  });

  it('requires the format version', () => {
    expect(problems('inputs: {}\nlayers: {}\n')).toContain('E schema/version@1:1');
    expect(problems('layerspec: 2\nlayers: {}\n')).toEqual(['E schema/version@1:12']);
  });

  it('says an empty file is empty', () => {
    expect(problems('')).toEqual(['E schema/version@1:1']);
    expect(problems('# only a comment\n')).toEqual(['E schema/version@1:1']);
  });

  it('suggests the right name for a misspelt top-level key', () => {
    const r = analyzeSource(functional('  d1: { type: Dense, input: b, units: 3 }\n').replace('layers:', 'layers:') + 'ouputs: [d1]\n', 'm.yaml');
    const d = r.diagnostics.find((x) => x.code === 'schema/unknown-key');
    expect(d?.hint).toBe('did you mean `outputs`?');
    expect(d?.range?.line).toBe(7);
  });

  it('refuses `input` and `inputs` together, and `input` in the mapping form', () => {
    expect(problems('layerspec: 1\ninput: { shape: [2] }\ninputs: { a: { shape: [2] } }\nlayers:\n  d: { type: Dense, input: a, units: 1 }\n')).toContain('E schema/invalid@2:1');
  });
});

describe('analyzeSource: graph', () => {
  it('reports undefined references with a suggestion, at the reference', () => {
    const r = analyzeSource(functional('  d1: { type: Dense, input: b, units: 3 }\n  d2: { type: Dense, input: d11, units: 2 }\n'), 'm.yaml');
    const d = r.diagnostics.find((x) => x.code === 'graph/undefined-reference');
    expect(d?.range).toEqual({ line: 7, column: 29, endLine: 7, endColumn: 32 });
    expect(d?.hint).toBe("did you mean 'd1'?");
  });

  it('reports a cycle once, and a self-loop', () => {
    const cycle = problems(functional('  x: { type: Dense, input: z, units: 2 }\n  y: { type: Dense, input: x, units: 2 }\n  z: { type: Dense, input: y, units: 2 }\n', '[z]'));
    expect(cycle.filter((p) => p.includes('graph/cycle'))).toHaveLength(1);
    const self = problems(functional('  x: { type: Dense, input: x, units: 2 }\n', '[x]'));
    expect(self.filter((p) => p.includes('graph/cycle'))).toEqual(['E graph/cycle@6:28']);
  });

  it('checks the number of inputs', () => {
    expect(problems(functional('  s: { type: Dense, inputs: [a, b], units: 2 }\n'))).toContain('E graph/arity@6:21');
    expect(problems(functional('  s: { type: Add, inputs: [b] }\n'))).toContain('E graph/arity@6:19');
  });

  it('warns about unused layers and inputs', () => {
    expect(problems(functional('  d1: { type: Dense, input: b, units: 3 }\n  d2: { type: Dense, input: b, units: 2 }\n', '[d1]')))
      .toEqual(['W graph/unused-input@3:3', 'W graph/unused-layer@7:3']);
  });

  it('reports a missing output with a suggestion', () => {
    expect(problems(functional('  d1: { type: Dense, input: b, units: 3 }\n', '[d2]'))).toContain('E graph/undefined-output@7:11');
  });
});

describe('analyzeSource: shapes', () => {
  it('reports a broken layer once, not its consumers', () => {
    const r = problems(functional('  d1: { type: Dense, input: b }\n  d2: { type: Dense, input: d1, units: 2 }\n  d3: { type: Dense, input: d2, units: 2 }\n'));
    expect(r).toEqual(['W graph/unused-input@3:3', 'E schema/missing-key@6:3']);
  });

  it('finds all independent problems of a file in one pass', () => {
    const r = problems(functional('  d1: { type: Dense, input: b, units: 0 }\n  d2: { type: Dense, input: b, unitz: 2 }\n  d3: { type: Dense, input: q, units: 2 }\n  out: { type: Concatenate, inputs: [d1, d2, d3] }\n'));
    // units: 0, unitz (one diagnostic: the missing `units` is its did-you-mean), q undefined
    expect(r.filter((p) => p.startsWith('E'))).toHaveLength(3);
  });

  it('handles a 20 000-layer chain', () => {
    const lines = ['layerspec: 1', 'inputs:', '  x: { shape: [4] }', 'layers:'];
    let prev = 'x';
    for (let i = 0; i < 20000; i++) {
      lines.push(`  l${i}: { type: Dense, input: ${prev}, units: 4 }`);
      prev = `l${i}`;
    }
    const r = analyzeSource(lines.join('\n'), 'chain.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.shapes?.layers.size).toBe(20000);
  });
});
