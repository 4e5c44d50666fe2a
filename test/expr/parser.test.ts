import { describe, expect, it } from 'vitest';
import type { Expr } from '../../src/expr/ast.js';
import { bindNames } from '../../src/expr/bindings.js';
import { MAX_NESTING, parseProgram } from '../../src/expr/parser.js';
import { constantValue } from '../../src/expr/static.js';

/** The tree as compact Python-like text with explicit parentheses, to check precedence. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'number': return String(e.value);
    case 'bool': return e.value ? 'True' : 'False';
    case 'name': return e.name;
    case 'list': return `[${e.items.map(show).join(', ')}]`;
    case 'unary': return `(${e.op}${show(e.operand)})`;
    case 'binary': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'call': return `${e.callee}(${[...e.args.map(show), ...e.kwargs.map((k) => `${k.name}=${show(k.value)}`)].join(', ')})`;
    case 'index': return `${show(e.target)}[${e.items.map((i) => {
      if (i.kind === 'ellipsis') return '...';
      if (i.kind === 'newaxis') return 'None';
      if (i.kind === 'at') return show(i.index);
      return `${i.start ? show(i.start) : ''}:${i.stop ? show(i.stop) : ''}${i.step ? `:${show(i.step)}` : ''}`;
    }).join(', ')}]`;
  }
}

const tree = (text: string) => {
  const r = parseProgram(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return show(r.program.body);
};
const error = (text: string) => {
  const r = parseProgram(text);
  if (r.ok) throw new Error(`${text} parsed`);
  return r.error;
};
/** The error as "message @ the text it points at". */
const at = (text: string) => {
  const e = error(text);
  return `${e.message} @ ${text.slice(e.span.start, e.span.end)}`;
};

describe('parser: precedence (Python)', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['2 ** 3 ** 2', '(2 ** (3 ** 2))'],
    ['-x ** 2', '(-(x ** 2))'],
    ['2 ** -1', '(2 ** (-1))'],
    ['a * b // c % d / e', '((((a * b) // c) % d) / e)'],
    ['a @ b + c', '((a @ b) + c)'],
    ['a + b @ c', '(a + (b @ c))'],
    ['a + b > c * d', '((a + b) > (c * d))'],
    ['a == b', '(a == b)'],
    ['(a + b) * c', '((a + b) * c)'],
    ['- - x', '(-(-x))'],
    ['+x', '(+x)'],
    ['x[0] ** 2', '(x[0] ** 2)'],
    ['f(x)[1]', 'f(x)[1]'],
    ['x[:, 1][0]', 'x[:, 1][0]'],
  ])('%s', (text, expected) => {
    expect(tree(text)).toBe(expected);
  });
});

describe('parser: every syntax', () => {
  it('literals', () => {
    expect(tree('1')).toBe('1');
    expect(tree('1.5e-3')).toBe('0.0015');
    expect(tree('.5')).toBe('0.5');
    expect(tree('2.')).toBe('2');
    expect(tree('True + False')).toBe('(True + False)');
    const r = parseProgram('1 + 1.0');
    expect(r.ok && r.program.body.kind === 'binary' && r.program.body.left.kind === 'number' && r.program.body.left.integer).toBe(true);
    expect(r.ok && r.program.body.kind === 'binary' && r.program.body.right.kind === 'number' && r.program.body.right.integer).toBe(false);
  });

  it('lists and tuples', () => {
    expect(tree('[1, 2, 3]')).toBe('[1, 2, 3]');
    expect(tree('(1, 2)')).toBe('[1, 2]');
    expect(tree('(1,)')).toBe('[1]');
    expect(tree('(1)')).toBe('1');
    expect(tree('[]')).toBe('[]');
    expect(tree('[[1, 2], [3, 4]]')).toBe('[[1, 2], [3, 4]]');
  });

  it('calls with positional and keyword arguments', () => {
    expect(tree('sum(x, axis=(1, 2), keepdims=True)')).toBe('sum(x, axis=[1, 2], keepdims=True)');
    expect(tree('concat([a, b], -1)')).toBe('concat([a, b], (-1))');
    expect(tree('flatten(x,)')).toBe('flatten(x)');
  });

  it('indexing: slices, steps, negative bounds, ..., None, bound names', () => {
    expect(tree('x[:, :, index:index+1]')).toBe('x[:, :, index:(index + 1)]');
    expect(tree('x[..., ::-1]')).toBe('x[..., ::(-1)]');
    expect(tree('x[:, None, -3:-1:2]')).toBe('x[:, None, (-3):(-1):2]');
    expect(tree('x[:, 1:]')).toBe('x[:, 1:]');
    expect(tree('x[:, :2:]')).toBe('x[:, :2]');
    expect(tree('x[:, None:2]')).toBe('x[:, :2]');
    expect(tree('x[0, ]')).toBe('x[0]');
  });

  it('the lambda prefix names the inputs', () => {
    const r = parseProgram('lambda a, b: a @ b');
    expect(r.ok && r.program.params?.map((p) => [p.name, p.span])).toEqual([['a', { start: 7, end: 8 }], ['b', { start: 10, end: 11 }]]);
    expect(r.ok && show(r.program.body)).toBe('(a @ b)');
    expect(parseProgram('lambda: 1').ok).toBe(true);
    expect(at('lambda a, a: a')).toBe("duplicate lambda parameter 'a' @ a");
    expect(at('x + lambda y: y')).toMatch(/^'lambda' may only start the expression/);
  });

  it('spans cover the whole construct', () => {
    const r = parseProgram('  sum(x, axis=1) ');
    expect(r.ok && r.program.body.span).toEqual({ start: 2, end: 16 });
    const s = parseProgram('x[:, 1:2]');
    expect(s.ok && s.program.body.kind === 'index' && s.program.body.items[1].span).toEqual({ start: 5, end: 8 });
  });
});

describe('parser: errors with exact positions', () => {
  it.each([
    ['x +', 'unexpected end of expression; expected a number, a name or an opening bracket @ '],
    ['x + * 2', "unexpected '*'; expected a number, a name or an opening bracket @ *"],
    ['(x + 1', "unexpected end of expression; expected ',' or ')' @ "],
    ['x[1', "unexpected end of expression; expected ',' or ']' @ "],
    ['x y', "unexpected name 'y'; expected an operator or the end of the expression @ y"],
    ['x = 1', "'=' is not allowed here @ ="],
    ['a < b < c', 'chained comparisons (a < b < c) are not supported @ <'],
    ['x[]', 'an index needs at least one item, e.g. x[:, 0] @ x[]'.replace('x[]', '[]')],
    ['x[..., ...]', "an index can only have a single ellipsis ('...') @ ..."],
    ['sum(axis=1, x)', 'a positional argument cannot follow a keyword argument @ x'],
    ['sum(x, axis=1, axis=2)', "keyword argument 'axis' is given twice @ axis"],
    ['3x', "invalid number '3x' @ 3x"],
    ['x ! y', "'!' is not an operator here @ !"],
    ['x & y', "'&' (bitwise/logical operator) is not supported @ &"],
    ['x and y', "Python's 'and' is not part of the expression language @ and"],
    ['x if c else y', "Python's 'if' is not part of the expression language @ if"],
    ['x + €', "unexpected character '€' @ €"],
    ['x\u0000', 'unexpected character U+0000 @ \u0000'],
    ['x[0](1)', 'only the listed functions can be called, by name @ x[0]('],
    ['(x + 1)(2)', 'only the listed functions can be called, by name @ x + 1)('],
  ])('%s', (text, expected) => {
    expect(at(text)).toBe(expected);
  });

  it('points past the end for a missing token, with the unclosed bracket in the hint', () => {
    const e = error('sum(x, axis=1');
    expect(e.span).toEqual({ start: 13, end: 13 });
    expect(e.hint).toBe("the '(' at offset 3 is not closed");
  });

  it('limits nesting depth and length', () => {
    const deep = `${'('.repeat(MAX_NESTING + 1)}x${')'.repeat(MAX_NESTING + 1)}`;
    expect(error(deep).code).toBe('expr/too-complex');
    expect(parseProgram(`${'('.repeat(MAX_NESTING - 1)}x${')'.repeat(MAX_NESTING - 1)}`).ok).toBe(true);
    expect(error('-'.repeat(100_000) + 'x').code).toBe('expr/too-complex');
    expect(error(Array.from({ length: 300 }, () => 'x').join(' + ')).code).toBe('expr/too-complex');
    expect(error('x[' .repeat(5000)).code).toBe('expr/too-complex');
    expect(error('2 ** '.repeat(200) + '2').code).toBe('expr/too-complex');
  });
});

describe('parser: injection attempts are plain diagnostics', () => {
  it.each([
    ["__import__('os').system('rm -rf /')", 'strings are not part of the expression language @ \''],
    ['x.__class__', "attribute access ('.__class__') is not allowed @ ."],
    ['x.__class__.__bases__[0].__subclasses__()', "attribute access ('.__class__') is not allowed @ ."],
    ['eval("1")', 'strings are not part of the expression language @ "'],
    ["constructor.constructor('return process')()", "attribute access ('.constructor') is not allowed @ ."],
    ["require('fs')", "strings are not part of the expression language @ '"],
    ['${process.exit(1)}', "'$' is not part of the expression language @ $"],
    ['`whoami`', 'backticks are not part of the expression language @ `'],
    ['x; import os', "';' is not allowed: a Lambda is a single expression @ ;"],
    ['x # comment', 'comments are not allowed in an expression @ #'],
    ['{}', "'{' is not part of the expression language @ {"],
    ['x\\\n+1', "'\\' is not part of the expression language @ \\"],
    ['import os', "Python's 'import' is not part of the expression language @ import"],
  ])('%s', (text, expected) => {
    expect(at(text)).toBe(expected);
  });

  it('calls of unknown functions and dunder names are unknown-function / unknown-name diagnostics', () => {
    const p = parseProgram('__import__(x)');
    expect(p.ok).toBe(true);
    const b = p.ok ? bindNames(p.program, ['a'], {}) : undefined;
    expect(b?.ok === false && b.error.code).toBe('expr/unknown-function');
    const q = parseProgram('globalThis + x');
    const c = q.ok ? bindNames(q.program, ['a'], {}) : undefined;
    expect(c?.ok === false && c.error.code).toBe('expr/unknown-name');
  });

  it('runs nothing: a canary that injected code would set stays untouched', () => {
    const g = globalThis as Record<string, unknown>;
    delete g.__layerspecCanary;
    const attempts = [
      "globalThis.__layerspecCanary = 1",
      "(() => { globalThis.__layerspecCanary = 1 })()",
      "constructor.constructor('globalThis.__layerspecCanary = 1')()",
      "__layerspecCanary = 1",
      "Function('globalThis.__layerspecCanary=1')()",
      "x[constructor.constructor('globalThis.__layerspecCanary=1')()]",
      "exec('import builtins; builtins.canary = 1')",
    ];
    for (const text of attempts) {
      const r = parseProgram(text);
      if (r.ok) {
        const b = bindNames(r.program, ['x'], {});
        expect(b.ok, text).toBe(false);
      }
    }
    expect(g.__layerspecCanary).toBeUndefined();
  });
});

describe('static values', () => {
  const fold = (text: string, constants: Record<string, number | boolean | number[]> = {}) => {
    const r = parseProgram(text);
    if (!r.ok) throw new Error(r.error.message);
    return constantValue(r.program.body, new Map(Object.entries(constants)));
  };
  it('folds literals, names, arithmetic with Python semantics and lists', () => {
    expect(fold('index + 1', { index: 2 })).toBe(3);
    expect(fold('-7 // 2')).toBe(-4);
    expect(fold('-7 % 3')).toBe(2);
    expect(fold('2 ** 10')).toBe(1024);
    expect(fold('[1, -n, n * 2]', { n: 3 })).toEqual([1, -3, 6]);
    expect(fold('dims[-1]', { dims: [4, 5] })).toBe(5);
    expect(fold('1 < 2')).toBe(true);
    expect(fold('True + 1')).toBe(2);
  });
  it('is undefined for tensors, calls, division by zero and bad list indices', () => {
    expect(fold('x + 1')).toBeUndefined();
    expect(fold('sum(x)')).toBeUndefined();
    expect(fold('1 / 0')).toBeUndefined();
    expect(fold('d[2]', { d: [1, 2] })).toBeUndefined();
    expect(fold('[[1], [2]]')).toBeUndefined();
  });
});
