import { describe, expect, it } from 'vitest';
import { bindNames } from '../../src/expr/bindings.js';
import { FUNCTIONS } from '../../src/expr/functions.js';
import { parseProgram } from '../../src/expr/parser.js';
import { inferExpression } from '../../src/expr/shapes.js';
import { hasShapeRule } from '../../src/expr/shapes/calls.js';
import { sliceLength } from '../../src/expr/shapes/indexing.js';
import type { Constant } from '../../src/expr/static.js';

type Dims = (number | null)[];

/** Infers `text` over inputs named a, b, ... with the given shapes; 'code: message' on failure. */
function infer(text: string, shapes: Dims[] = [[null, 4, 2]], args: Record<string, Constant> = {}, dtypes?: ('float32' | 'int32' | 'bool')[]) {
  const p = parseProgram(text);
  if (!p.ok) throw new Error(`${text}: ${p.error.message}`);
  const b = bindNames(p.program, shapes.map((_, i) => 'abcdef'[i]), args);
  if (!b.ok) return { error: `${b.error.code}: ${b.error.message}`, span: text.slice(b.error.span.start, b.error.span.end) };
  const r = inferExpression(p.program, b.names, shapes, dtypes);
  if (!r.ok) return { error: `${r.error.code}: ${r.error.message}`, span: text.slice(r.error.span.start, r.error.span.end), hint: r.error.hint };
  return { shape: r.shape, dtype: r.dtype };
}
const shape = (text: string, shapes?: Dims[], args?: Record<string, Constant>) => {
  const r = infer(text, shapes, args);
  if ('error' in r) throw new Error(`${text}: ${r.error}`);
  return r.shape;
};
const code = (text: string, shapes?: Dims[], args?: Record<string, Constant>) => {
  const r = infer(text, shapes, args);
  if (!('error' in r)) throw new Error(`${text} gave ${JSON.stringify(r.shape)}`);
  return r.error!.split(':')[0];
};

/** One valid case per function of the table (checked to cover all of them), shape and dtype. */
const FUNCTION_CASES: Record<string, [string, Dims[], Dims, string]> = {
  abs: ['abs(x)', [[null, 3]], [null, 3], 'float32'],
  exp: ['exp(x)', [[null, 3, 5]], [null, 3, 5], 'float32'],
  log: ['log(x)', [[null]], [null], 'float32'],
  log1p: ['log1p(x)', [[null, 2]], [null, 2], 'float32'],
  expm1: ['expm1(x)', [[null, 2]], [null, 2], 'float32'],
  sqrt: ['sqrt(x)', [[null, 2, 2, 2]], [null, 2, 2, 2], 'float32'],
  rsqrt: ['rsqrt(x)', [[null, 2]], [null, 2], 'float32'],
  square: ['square(x)', [[null, 2]], [null, 2], 'float32'],
  reciprocal: ['reciprocal(x)', [[null, 2]], [null, 2], 'float32'],
  sin: ['sin(x)', [[null, 2]], [null, 2], 'float32'],
  cos: ['cos(x)', [[null, 2]], [null, 2], 'float32'],
  tan: ['tan(x)', [[null, 2]], [null, 2], 'float32'],
  tanh: ['tanh(x)', [[null, null, 8]], [null, null, 8], 'float32'],
  sigmoid: ['sigmoid(x)', [[null, 2]], [null, 2], 'float32'],
  relu: ['relu(x)', [[null, 2]], [null, 2], 'float32'],
  relu6: ['relu6(x)', [[null, 2]], [null, 2], 'float32'],
  softplus: ['softplus(x)', [[null, 2]], [null, 2], 'float32'],
  elu: ['elu(x)', [[null, 2]], [null, 2], 'float32'],
  selu: ['selu(x)', [[null, 2]], [null, 2], 'float32'],
  sign: ['sign(x)', [[null, 2]], [null, 2], 'float32'],
  floor: ['floor(x)', [[null, 2]], [null, 2], 'float32'],
  ceil: ['ceil(x)', [[null, 2]], [null, 2], 'float32'],
  round: ['round(x)', [[null, 2]], [null, 2], 'float32'],
  negative: ['negative(x)', [[null, 2]], [null, 2], 'float32'],
  clip: ['clip(x, min=-1, max=1)', [[null, 4, 2]], [null, 4, 2], 'float32'],
  pow: ['pow(a, b)', [[null, 4, 1], [null, 1, 3]], [null, 4, 3], 'float32'],
  minimum: ['minimum(x, 0.5)', [[null, 4]], [null, 4], 'float32'],
  maximum: ['maximum(a, b)', [[null, 4], [null, 1]], [null, 4], 'float32'],
  where: ['where(a > 0, a, b)', [[null, 4, 1], [null, 1, 3]], [null, 4, 3], 'float32'],
  sum: ['sum(x, axis=1)', [[null, 4, 2]], [null, 2], 'float32'],
  mean: ['mean(x, axis=[1, 2], keepdims=True)', [[null, 4, 2]], [null, 1, 1], 'float32'],
  max: ['max(x, -1)', [[null, 4, 2]], [null, 4], 'float32'],
  min: ['min(x, axis=(1,))', [[null, 4, 2]], [null, 2], 'float32'],
  prod: ['prod(x, 2, True)', [[null, 4, 2]], [null, 4, 1], 'float32'],
  std: ['std(x, axis=-2)', [[null, 4, 2]], [null, 2], 'float32'],
  var: ['var(x, axis=-1)', [[null, 4, 2]], [null, 4], 'float32'],
  logsumexp: ['logsumexp(x, axis=-1, keepdims=True)', [[null, 4, 2]], [null, 4, 1], 'float32'],
  argmax: ['argmax(x)', [[null, 4, 2]], [null, 4], 'int32'],
  argmin: ['argmin(x, axis=1)', [[null, 4, 2]], [null, 2], 'int32'],
  cumsum: ['cumsum(x, axis=1)', [[null, 4, 2]], [null, 4, 2], 'float32'],
  softmax: ['softmax(x)', [[null, 4, 2]], [null, 4, 2], 'float32'],
  log_softmax: ['log_softmax(x, axis=1)', [[null, 4, 2]], [null, 4, 2], 'float32'],
  l2_normalize: ['l2_normalize(x, axis=-1, epsilon=1e-6)', [[null, 4, 2]], [null, 4, 2], 'float32'],
  reshape: ['reshape(x, [-1, 2, 4])', [[null, 4, 2]], [null, 2, 4], 'float32'],
  transpose: ['transpose(x, axes=[0, 2, 1])', [[null, 4, 2]], [null, 2, 4], 'float32'],
  expand_dims: ['expand_dims(x, -1)', [[null, 4, 2]], [null, 4, 2, 1], 'float32'],
  squeeze: ['squeeze(x, axis=2)', [[null, 4, 1]], [null, 4], 'float32'],
  flatten: ['flatten(x)', [[null, 4, 2, 3]], [null, 24], 'float32'],
  concat: ['concat([a, b], axis=1)', [[null, 4, 2], [null, 3, 2]], [null, 7, 2], 'float32'],
  concatenate: ['concatenate([a, b])', [[null, 4, 2], [null, 4, 3]], [null, 4, 5], 'float32'],
  stack: ['stack([a, b], axis=1)', [[null, 4], [null, 4]], [null, 2, 4], 'float32'],
  tile: ['tile(x, [1, 2, 3])', [[null, 4, 2]], [null, 8, 6], 'float32'],
  reverse: ['reverse(x, axis=[1, 2])', [[null, 4, 2]], [null, 4, 2], 'float32'],
  matmul: ['matmul(a, b)', [[null, 4, 2], [null, 2, 5]], [null, 4, 5], 'float32'],
  dot: ['dot(x, [[1, 2, 3], [4, 5, 6]])', [[null, 4, 2]], [null, 4, 3], 'float32'],
  batch_dot: ['batch_dot(a, b, axes=[2, 2])', [[null, 4, 2], [null, 3, 2]], [null, 4, 3], 'float32'],
};

describe('shape rules: every function of the table', () => {
  it('has a rule and a test case for every function', () => {
    for (const f of FUNCTIONS) {
      expect(hasShapeRule(f.name), f.name).toBe(true);
      expect(FUNCTION_CASES[f.name], f.name).toBeDefined();
    }
  });

  for (const [name, [text, inputs, output, dtype]] of Object.entries(FUNCTION_CASES)) {
    it(`${name}: ${text}`, () => {
      expect(infer(text, inputs)).toEqual({ shape: output, dtype });
    });
  }
});

describe('shape rules: operators and broadcasting', () => {
  it.each([
    ['x + 1', [[null, 4, 2]], [null, 4, 2]],
    ['x * x', [[null, 4, 2]], [null, 4, 2]],
    ['a - b', [[null, 4, 1], [null, 1, 2]], [null, 4, 2]],
    ['a / b', [[null, 4, 2], [null, 2]], null],
    ['a // 2 % 3', [[null, 5]], [null, 5]],
    ['-a ** 2', [[null, 5]], [null, 5]],
    ['a + [1.0, 2.0]', [[null, 4, 2]], [null, 4, 2]],
    ['a * [[1], [2], [3], [4]]', [[null, 4, 2]], [null, 4, 2]],
    ['a @ [[1, 2, 3], [4, 5, 6]]', [[null, 4, 2]], [null, 4, 3]],
    ['a @ [1, 2, 3, 4]', [[null, 4]], [null]],
    ['a @ b', [[null, 2, 4, 3], [null, 2, 3, 5]], [null, 2, 4, 5]],
    ['a @ [[1], [2], [3]]', [[null, 2, 4, 3]], [null, 2, 4, 1]],
    ['[[1, 2], [3, 4], [5, 6]] @ a', [[null, 2, 5]], [null, 3, 5]],
    ['[1.0, 2.0] @ a', [[null, 2, 5]], [null, 5]],
    ['matmul([[1.0, 2.0]], a)', [[null, 2, 5]], [null, 1, 5]],
    ['dot([1.0, 2.0], a)', [[null, 2, 5]], [null, 5]],
    ['dot([[1.0, 2.0]], a)', [[null, 2, 5]], null],
    ['dot(a, [1.0, 2.0])', [[null, 3, 2]], [null, 3]],
    ['a @ b', [[null, 4], [null, 4]], null],
    ['a @ b', [[null, 1, 4, 3], [null, 7, 3, 5]], [null, 7, 4, 5]],
    ['a < b', [[null, 3], [null, 3]], [null, 3]],
    ['a + b', [[null, null, 8], [null, 1, 8]], [null, null, 8]],
  ] as [string, Dims[], Dims | null][])('%s on %j', (text, inputs, output) => {
    const shapes = text.includes('b') && inputs.length === 2 ? inputs : inputs;
    const r = infer(text, shapes);
    if (output === null) expect('error' in r).toBe(true);
    else expect(r).toMatchObject({ shape: output });
  });

  it('tracks dtypes: comparisons bool, true division float, weak Python numbers', () => {
    expect(infer('x > 0')).toMatchObject({ dtype: 'bool' });
    expect(infer('argmax(x) + 1')).toMatchObject({ dtype: 'int32' });
    expect(infer('argmax(x) * 0.5')).toMatchObject({ dtype: 'float32' });
    expect(infer('argmax(x) / 2')).toMatchObject({ dtype: 'float32' });
    expect(infer('x * 2')).toMatchObject({ dtype: 'float32' });
    expect(infer('abs(x)', [[null, 3]], {}, ['int32'])).toMatchObject({ dtype: 'int32' });
    expect(infer('exp(x)', [[null, 3]], {}, ['int32'])).toMatchObject({ dtype: 'float32' });
    expect(infer('sum(x, axis=1)', [[null, 3]], {}, ['bool'])).toMatchObject({ dtype: 'int32' });
    expect(infer('mean(x, axis=1)', [[null, 3]], {}, ['int32'])).toMatchObject({ dtype: 'float32' });
    expect(infer('where(x > 0, 1, 0)')).toMatchObject({ dtype: 'int32' });
  });

  it('reports mismatched shapes at the operator', () => {
    const r = infer('a + b', [[null, 4, 2], [null, 3]]);
    expect(r).toMatchObject({ error: "shape/mismatch: '+': shapes (None, 4, 2) and (None, 3) cannot be broadcast together", span: 'a + b' });
    expect(infer('a @ [[1, 2], [3, 4], [5, 6]]', [[null, 4, 2]])).toMatchObject({ error: 'shape/mismatch: \'@\': the contracted sizes differ, 2 in (None, 4, 2) and 3 in (3, 2)' });
    expect(code('a @ a', [[null]], {})).toBe('shape/batch-axis');
    expect(code('1 / 0 + x')).toBe('expr/invalid-argument');
  });
});

describe('shape rules: indexing', () => {
  it.each([
    ['x[:, 1:3]', [null, 4, 2], [null, 2, 2]],
    ['x[:, -1]', [null, 4, 2], [null, 2]],
    ['x[:, -3:]', [null, 4, 2], [null, 3, 2]],
    ['x[:, :-1]', [null, 4, 2], [null, 3, 2]],
    ['x[:, ::2]', [null, 5], [null, 3]],
    ['x[:, ::-1]', [null, 5], [null, 5]],
    ['x[:, ::-2]', [null, 5], [null, 3]],
    ['x[:, 3:0:-1]', [null, 5], [null, 3]],
    ['x[:, -1:-4:-2]', [null, 5], [null, 2]],
    ['x[:, 10:]', [null, 5, 1], 'shape/non-positive'],
    ['x[:, -100:100]', [null, 5], [null, 5]],
    ['x[:, 1:2:0]', [null, 5], 'expr/invalid-argument'],
    ['x[..., 0]', [null, 4, 2], [null, 4]],
    ['x[:, ..., 0]', [null, 4, 2], [null, 4]],
    ['x[..., None]', [null, 4, 2], [null, 4, 2, 1]],
    ['x[:, None, :, None]', [null, 4, 2], [null, 1, 4, 1, 2]],
    ['x[:, 0, 1]', [null, 4, 2], [null]],
    ['x[:, 4]', [null, 4, 2], 'shape/incompatible'],
    ['x[:, -5]', [null, 4, 2], 'shape/incompatible'],
    ['x[:, 0, 0, 0]', [null, 4, 2], 'shape/rank'],
    ['x[:, 1:3]', [null, null, 2], [null, null, 2]],
    ['x[:, 7]', [null, null, 2], [null, 2]],
    ['x[:, i:i + 2]', [null, 4, 2], [null, 2, 2]],
    ['x[:, k[1]]', [null, 4, 2], [null, 2]],
    ['x[:, x]', [null, 4, 2], 'expr/invalid-argument'],
    ['x[:, 1.5]', [null, 4, 2], 'expr/invalid-argument'],
    ['x[0]', [null, 4, 2], 'shape/batch-axis'],
    ['x[1:]', [null, 4, 2], 'shape/batch-axis'],
    ['x[::-1]', [null, 4, 2], 'shape/batch-axis'],
    ['x[None]', [null, 4, 2], 'shape/batch-axis'],
    ['x[...]', [null, 4, 2], [null, 4, 2]],
    ['x[:, :, 0:1][:, :, 0]', [null, 4, 2], [null, 4]],
  ] as [string, Dims, Dims | string][])('%s on %j', (text, input, expected) => {
    const r = infer(text, [input], { i: 1, k: [0, 1] });
    if (typeof expected === 'string') expect(r).toMatchObject({ error: expect.stringMatching(new RegExp(`^${expected}:`)) });
    else expect(r).toMatchObject({ shape: expected });
  });

  it('slice lengths follow Python for every start, stop and step', () => {
    const py = (n: number, start: number | undefined, stop: number | undefined, step: number) => {
      // Brute force: the indices Python's range over slice.indices visits, computed by stepping.
      const norm = (v: number | undefined, dflt: number, lo: number, hi: number) => (v === undefined ? dflt : v < 0 ? Math.max(v + n, lo) : Math.min(v, hi));
      const s = norm(start, step > 0 ? 0 : n - 1, step > 0 ? 0 : -1, step > 0 ? n : n - 1);
      const e = norm(stop, step > 0 ? n : -1, step > 0 ? 0 : -1, step > 0 ? n : n - 1);
      let count = 0;
      for (let i = s; step > 0 ? i < e : i > e; i += step) count++;
      return count;
    };
    for (let n = 0; n <= 6; n++) {
      for (const start of [undefined, -8, -3, -1, 0, 1, 2, 5, 9]) {
        for (const stop of [undefined, -8, -3, -1, 0, 1, 3, 6, 9]) {
          for (const step of [-3, -2, -1, 1, 2, 4]) expect(sliceLength(n, start, stop, step), `${n} ${start}:${stop}:${step}`).toBe(py(n, start, stop, step));
        }
      }
    }
    // A few facts checked against NumPy by hand.
    expect(sliceLength(5, undefined, undefined, -2)).toBe(3); // [4, 2, 0]
    expect(sliceLength(4, -1, -5, -1)).toBe(4);
    expect(sliceLength(4, 1, -1, 1)).toBe(2);
  });
});

describe('shape rules: the batch axis stays first', () => {
  it.each([
    ['sum(x)', 'axis=None'],
    ['sum(x, axis=0)', 'axis 0'],
    ['mean(x, axis=[0, 1])', 'axis 0'],
    ['argmax(x, axis=0)', 'axis 0'],
    ['softmax(x, axis=0)', 'axis 0'],
    ['cumsum(x, axis=-3)', 'axis 0'],
    ['reshape(x, [8])', 'must start with -1 or None'],
    ['reshape(x, [4, 2, -1])', 'must start with -1 or None'],
    ['transpose(x)', 'transpose would move'],
    ['transpose(x, [1, 0, 2])', 'transpose would move'],
    ['expand_dims(x, 0)', 'expand_dims at axis 0'],
    ['squeeze(x, 0)', 'axis 0'],
    ['concat([x, x], axis=0)', 'join batches'],
    ['stack([x, x])', 'before the batch axis'],
    ['tile(x, [2, 1, 1])', 'repeat the batch axis'],
    ['reverse(x, 0)', 'axis 0'],
    ['x + w', 'broadcast against the batch axis'],
    ['x + v', 'move its batch axis'],
    ['dot(x, x)', 'every sample with every other'],
    ['batch_dot(x, w)', 'needs two tensors with the batch axis'],
    ['batch_dot(x, x, axes=[0, 0])', 'cannot contract axis 0'],
    ['x @ transpose(x, [0, 2, 1]) @ [[1.0]]', null],
    ['1 + 2', 'does not use any input'],
    ['w', 'does not use any input'],
  ] as [string, string | null][])('%s', (text, fragment) => {
    const r = infer(text, [[null, 4, 2]], { w: [1, 2, 3] as number[], v: 1 });
    if (text === 'x + w') {
      const s = infer('x + [[[1, 2]], [[3, 4]]]');
      expect(s).toMatchObject({ error: expect.stringContaining('broadcast against the batch axis') });
      return;
    }
    if (text === 'x + v') {
      expect(infer('x + [[[[1.0]]]]')).toMatchObject({ error: expect.stringContaining('move its batch axis') });
      return;
    }
    if (text === 'batch_dot(x, w)') {
      expect(infer('batch_dot(x, [[1.0], [2.0]])')).toMatchObject({ error: expect.stringContaining(fragment!) });
      return;
    }
    if (fragment === null) {
      expect('error' in r).toBe(true);
      return;
    }
    expect(r).toMatchObject({ error: expect.stringContaining(fragment) });
    if ('error' in r) expect(r.error).toMatch(/^shape\/batch-axis|^shape\/incompatible/);
  });

  it('explains how to reduce the features only', () => {
    expect(infer('sum(x)')).toMatchObject({ span: 'sum(x)', hint: 'reduce the feature axes only, e.g. sum(x, axis=[1, 2])' });
    expect(infer('reshape(x, [8])')).toMatchObject({ span: '[8]', hint: expect.stringContaining('[-1, 8]') });
  });

  it('reshape: None or -1 for the batch, one -1 among the rest with None', () => {
    expect(shape('reshape(x, [None, -1])')).toEqual([null, 8]);
    expect(shape('reshape(x, (-1, 4, 2, 1))')).toEqual([null, 4, 2, 1]);
    expect(code('reshape(x, [-1, -1])')).toBe('expr/invalid-argument');
    expect(code('reshape(x, [-1, 3])')).toBe('shape/mismatch');
    expect(code('reshape(x, [-1, 3])', [[null, null, 2]])).toBe('shape/unknown-dim');
  });
});

describe('shape rules: arguments', () => {
  it.each([
    ['sum(x, axs=1)', "expr/invalid-argument: sum() has no parameter 'axs'", 'axs'],
    ['sum(x, 1, axis=1)', "expr/invalid-argument: sum() got 'axis' twice, by position and by keyword", 'axis'],
    ['sum(x, 1, False, 2)', 'expr/invalid-argument: sum() takes at most 3 arguments (sum(x, axis=None, keepdims=False)), got 4', '2'],
    ['clip(x, 0)', "expr/invalid-argument: clip() is missing its argument 'max'", 'clip(x, 0)'],
    ['clip(x, 1, 0)', 'expr/invalid-argument: clip: min 1 is greater than max 0', '1'],
    ['sum(x, axis=x)', "expr/invalid-argument: sum()'s 'axis' must be a static integer, not a tensor", 'x'],
    ['sum(x, axis=1.5)', "expr/invalid-argument: sum()'s 'axis' must be an integer", '1.5'],
    ['sum(x, axis=5)', 'expr/invalid-argument: axis 5 is out of range for a tensor of rank 3 (valid: -3 to 2)', '5'],
    ['sum(x, axis=1, keepdims=1)', "expr/invalid-argument: sum()'s 'keepdims' must be True or False", '1'],
    ['concat(x)', "expr/invalid-argument: concat()'s 'tensors' must be a list of tensors, e.g. [a, b]", 'x'],
    ['transpose(x, [0, 1])', "expr/invalid-argument: transpose's axes must name each of the 3 axes of (None, 4, 2) once, got [0, 1]", '[0, 1]'],
    ['squeeze(x, 1)', 'shape/incompatible: squeeze: axis 1 of (None, 4, 2) has size 4, not 1', '1'],
    ['stack([x, x[:, 1:]], axis=1)', 'shape/mismatch: stack needs tensors of equal shape, got (None, 4, 2), (None, 3, 2)', 'x[:, 1:]'],
    ['concat([x, x[:, :, 0]])', 'shape/rank: concat: all tensors need the same rank, got (None, 4, 2), (None, 4)', 'x[:, :, 0]'],
    ['concat([x, x[:, 1:]], axis=-1)', 'shape/mismatch: concat along axis 2: shapes (None, 4, 2), (None, 3, 2) differ on axis 1', 'x[:, 1:]'],
    ['x + None', 'expr/invalid-argument: None cannot be used as an operand of +', 'None'],
    ['x + [x, x]', 'expr/invalid-argument: a list cannot be used as an operand of +', '[x, x]'],
  ])('%s', (text, message, span) => {
    expect(infer(text)).toMatchObject({ error: message, span });
  });
});
