import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyze.js';
import Lambda from '../../src/layers/lambda.js';
import { runLayerCases } from './harness.js';

runLayerCases(Lambda, {
  valid: [
    { params: { expr: 'x ** 2' }, inputs: [[null, 8]], output: [null, 8], count: 0 },
    { title: "the tutorial's slice", params: { expr: 'x[:, :, index:index+1]', arguments: { index: 0 } }, inputs: [[null, 4, 2]], output: [null, 4, 1], count: 0 },
    { title: 'an integer index drops the axis', params: { expr: 'x[:, :, index]', arguments: { index: 1 } }, inputs: [[null, 4, 2]], output: [null, 4] },
    { title: 'two inputs named by a lambda prefix', params: { expr: 'lambda a, b: a @ b' }, inputs: [[null, 4, 3], [null, 3, 5]], output: [null, 4, 5] },
    { title: 'a declared output_shape fills an unknown size', params: { expr: 'x * 2', output_shape: [7, 3] }, inputs: [[null, null, 3]], output: [null, 7, 3] },
    { title: 'a matching declared output_shape', params: { expr: 'sum(x, axis=-1, keepdims=True)', output_shape: [4, 1] }, inputs: [[null, 4, 2]], output: [null, 4, 1] },
  ],
  badParams: [
    { title: 'expr missing', params: {}, path: 'expr' },
    { params: { expr: '' }, path: 'expr' },
    { params: { expr: 'x'.repeat(4001) }, path: 'expr' },
    { params: { expr: 'x', arguments: { s: 'text' } }, path: 'arguments.s' },
    { params: { expr: 'x', output_shape: [0] }, path: 'output_shape.0' },
    { params: { expr: 'x', function: 'x' } },
  ],
  badShapes: [
    { title: 'syntax', params: { expr: 'x +' }, inputs: [[null, 2]], code: 'expr/syntax', message: /unexpected end of expression/ },
    { title: 'injection', params: { expr: "__import__('os').system('ls')" }, inputs: [[null, 2]], code: 'expr/syntax', message: /strings are not part/ },
    { title: 'unknown name', params: { expr: 'x + y' }, inputs: [[null, 2]], code: 'expr/unknown-name' },
    { title: 'unknown function', params: { expr: 'eval(x)' }, inputs: [[null, 2]], code: 'expr/unknown-function' },
    { title: 'bad argument', params: { expr: 'sum(x, axis=9)' }, inputs: [[null, 2]], code: 'expr/invalid-argument' },
    { title: 'too deep', params: { expr: `${'('.repeat(80)}x${')'.repeat(80)}` }, inputs: [[null, 2]], code: 'expr/too-complex' },
    { title: 'reduce the batch', params: { expr: 'mean(x)' }, inputs: [[null, 2]], code: 'shape/batch-axis' },
    { title: 'declared mismatch', params: { expr: 'x[:, :, index]', arguments: { index: 0 }, output_shape: [4, 1] }, inputs: [[null, 4, 2]], code: 'shape/declared-mismatch' },
    { title: 'lambda arity', params: { expr: 'lambda a: a' }, inputs: [[null, 2], [null, 2]], code: 'expr/invalid-argument', message: /names 1 input but the layer has 2/ },
  ],
});

const lines = (text: string) => text.split('\n');

describe('Lambda in a model file', () => {
  it('checks the example models with no diagnostics', () => {
    for (const file of ['models/slice-concat.yaml', 'models/lambda-square.yaml']) {
      const r = analyzeSource(readFileSync(file, 'utf8'), file);
      expect(r.diagnostics, file).toEqual([]);
    }
    const r = analyzeSource(readFileSync('models/slice-concat.yaml', 'utf8'), 'slice-concat.yaml');
    expect(r.shapes?.shapes.get('x1')).toEqual([null, 4, 1]);
    expect(r.shapes?.shapes.get('out')).toEqual([null, 4, 1, 2]);
  });

  const tutorial = `layerspec: 1
inputs:
  a: { shape: [4, 2] }
layers:
  x1: { type: Lambda, input: a, expr: "x[:, :, index]", arguments: { index: 0 }, output_shape: [4, 1] }
`;

  it("tells the tutorial's user exactly what the slice gives, at output_shape", () => {
    const r = analyzeSource(tutorial, 'm.yaml');
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    expect(d.code).toBe('shape/declared-mismatch');
    expect(d.message).toBe("Layer 'x1' (Lambda) declares output_shape [4, 1], but its expression gives (None, 4), i.e. output_shape [4] (output_shape leaves out the batch dimension)");
    expect(d.hint).toBe('the integer index `index` drops its axis, as in NumPy; to keep that axis with size 1 write `x[:, :, index:index+1]`, or declare output_shape: [4]');
    const line = lines(tutorial)[d.range!.line - 1];
    expect(line.slice(d.range!.column - 1, d.range!.endColumn - 1)).toBe('[4, 1]');
  });

  it('points an error inside expr at the exact column of the bad token', () => {
    const text = 'layerspec: 1\ninputs:\n  a: { shape: [4, 2] }\nlayers:\n  l: { type: Lambda, input: a, expr: "sum(x, axis=1) + sqr(x)" }\n';
    const d = analyzeSource(text, 'm.yaml').diagnostics[0];
    expect(d.code).toBe('expr/unknown-function');
    expect(d.hint).toMatch(/^did you mean sqrt\? available functions: abs, exp/);
    const line = lines(text)[d.range!.line - 1];
    expect(d.range!.line).toBe(5);
    expect(line.slice(d.range!.column - 1, d.range!.endColumn - 1)).toBe('sqr');

    const plain = 'layerspec: 1\ninputs:\n  a: { shape: [4, 2] }\nlayers:\n  l:\n    type: Lambda\n    input: a\n    expr: x[:, :, 5]\n';
    const e = analyzeSource(plain, 'm.yaml').diagnostics[0];
    expect(e.code).toBe('shape/incompatible');
    expect(e.message).toBe("Layer 'l' (Lambda) cannot infer its output shape: index 5 is out of range for axis 2 of size 2 in (None, 4, 2) (valid: -2 to 1)");
    expect(lines(plain)[e.range!.line - 1].slice(e.range!.column - 1, e.range!.endColumn - 1)).toBe('5');

    const block = 'layerspec: 1\ninputs:\n  a: { shape: [4, 2] }\nlayers:\n  l:\n    type: Lambda\n    input: a\n    expr: |\n      x * 2 +\n        x.__class__\n';
    const f = analyzeSource(block, 'm.yaml').diagnostics[0];
    expect(f.code).toBe('expr/syntax');
    expect(f.range?.line).toBe(10);
    expect(lines(block)[9].slice(f.range!.column - 1, f.range!.endColumn - 1)).toBe('.');
  });

  it('binds inputs by their names and arguments as constants; clashes are errors', () => {
    const two = (expr: string, args = '') => `layerspec: 1
inputs:
  q: { shape: [4, 8] }
  k: { shape: [6, 8] }
layers:
  att: { type: Lambda, inputs: [q, k], expr: "${expr}"${args} }
`;
    const ok = analyzeSource(two('softmax(q @ transpose(k, [0, 2, 1]) / scale)', ', arguments: { scale: 2.8 }'), 'm.yaml');
    expect(ok.diagnostics).toEqual([]);
    expect(ok.shapes?.shapes.get('att')).toEqual([null, 4, 6]);

    const clash = analyzeSource(two('q + 1', ', arguments: { k: 2 }'), 'm.yaml').diagnostics[0];
    expect(clash.code).toBe('expr/name-clash');
    expect(clash.message).toBe("Layer 'att' (Lambda) argument 'k' has the same name as input 'k'");
    const line = lines(two('q + 1', ', arguments: { k: 2 }'))[clash.range!.line - 1];
    expect(line.slice(clash.range!.column - 1)).toMatch(/^2 }/);

    const unknown = analyzeSource(two('x + q'), 'm.yaml').diagnostics[0];
    expect(unknown.code).toBe('expr/unknown-name');
    expect(unknown.message).toBe("Layer 'att' (Lambda) has an invalid expression: 'x' names the input only when there is one; this layer has 2");
    expect(unknown.hint).toBe('use the input names (k, q) or name the inputs by position with a prefix: lambda a, b: ...');
    const typo = analyzeSource(two('qq + k'), 'm.yaml').diagnostics[0];
    expect(typo.hint).toBe("did you mean 'q'? available names: k, q; values are bound with `arguments:`");

    const swapped = analyzeSource(two('lambda k, q: q'), 'm.yaml').diagnostics[0];
    expect(swapped.code).toBe('expr/name-clash');
  });

  it('uses the declared dtype of model inputs', () => {
    const text = 'layerspec: 1\ninputs:\n  ids: { shape: [4], dtype: int32 }\nlayers:\n  l: { type: Lambda, input: ids, expr: "ids * 2" }\n';
    expect(analyzeSource(text, 'm.yaml').diagnostics).toEqual([]);
  });

  it('feeds the inferred shape to the next layers', () => {
    const text = 'layerspec: 1\ninput: { shape: [4, 2] }\nlayers:\n  - { type: Lambda, expr: "flatten(x)" }\n  - { type: Dense, units: 3 }\n';
    const r = analyzeSource(text, 'm.yaml');
    expect(r.diagnostics).toEqual([]);
    expect([...r.shapes!.layers.values()].map((l) => l.outputShape)).toEqual([[null, 8], [null, 3]]);
    expect([...r.shapes!.layers.values()][1].params).toBe(27);
  });
});
