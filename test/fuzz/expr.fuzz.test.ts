import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Program } from '../../src/expr/ast.js';
import { bindNames, walk } from '../../src/expr/bindings.js';
import { FUNCTION_BY_NAME } from '../../src/expr/functions.js';
import { MAX_NESTING, parseProgram } from '../../src/expr/parser.js';
import { inferExpression } from '../../src/expr/shapes.js';
import { tokenize } from '../../src/expr/tokens.js';
import { fuzzParams, fuzzTimeout } from './arbitraries.js';

/**
 * The Lambda front end against token soups and injection-looking input (test/expr/parser.property.test.ts
 * covers grammatical and near-valid text): it never throws, refuses anything that is not
 * arithmetic on known names, and refuses deep nesting with expr/too-complex instead of
 * overflowing the stack.
 */
const INPUTS = ['a', 'b'];
const ARGS = { n: 3, k: [1, 2] };
/** Parsed as names, read as constants by the later stages (`x[None]`, `keepdims=True`). */
const CONSTANT_NAMES = new Set(['None', 'True', 'False']);

function parseChecked(text: string): ReturnType<typeof parseProgram> {
  const r = parseProgram(text);
  if (!r.ok) {
    expect(r.error.span.start).toBeGreaterThanOrEqual(0);
    expect(r.error.span.end).toBeGreaterThanOrEqual(r.error.span.start);
    expect(r.error.span.end).toBeLessThanOrEqual(text.length);
    expect(r.error.message.trim().length).toBeGreaterThan(0);
    expect(r.error.code ?? 'expr/syntax').toMatch(/^expr\/[a-z-]+$/);
  }
  return r;
}

/** Whatever parses: binding succeeds only if every name is an input or an argument, and shapes only with known functions. */
function checkBound(program: Program): void {
  const b = bindNames(program, INPUTS, ARGS);
  if (!b.ok) return;
  for (const node of walk(program.body)) {
    if (node.kind === 'name' && !CONSTANT_NAMES.has(node.name)) expect(b.names.has(node.name), node.name).toBe(true);
  }
  const s = inferExpression(program, b.names, [[null, 4, 2], [null, 2, 3]]);
  if (!s.ok) return;
  for (const node of walk(program.body)) {
    if (node.kind === 'call') expect(FUNCTION_BY_NAME.has(node.callee), node.callee).toBe(true);
  }
}

const withoutSpans = (program: Program): string =>
  JSON.stringify(program, (key, value: unknown) => (key === 'span' || key === 'calleeSpan' || key === 'nameSpan' ? undefined : value));

const INJECTION = [
  "__import__('os')", '__import__("os").system("ls")', 'constructor.constructor("return process")()', 'x.__class__', 'x.__class__.__mro__',
  'eval("1")', 'exec', 'globals()', 'open("/etc/passwd")', 'process.exit(1)', 'require("fs")', '`ls`', '${x}', 'x; y', 'x\ny',
  'lambda: __builtins__', 'getattr(x, "a")', '[c for c in ()]', 'x if True else y', 'not x', 'x and y', 'import os', '__proto__',
  'this', 'globalThis', 'Function', 'x[::-1].__len__()', '\\x41', '#', '@decorator', 'x := 1', '**kw', '*args',
];
const token = fc.oneof(
  fc.constantFrom('x', 'a', 'b', 'n', 'k', 'lambda', 'True', 'None', 'sum', 'mean', 'reshape', 'softmax', 'axis', 'keepdims', '__class__', 'summ'),
  fc.constantFrom('0', '1', '-1', '2.5', '1e3', '1e400', '0x10', '1_000', '.5', '5.', 'nan', 'inf', '9007199254740993'),
  fc.constantFrom('+', '-', '*', '/', '//', '%', '**', '@', '==', '!=', '<', '<=', '>', '>=', '=', ':', ',', '.', '...', '(', ')', '[', ']', '{', '}'),
  fc.constantFrom(...INJECTION),
);
const soup = fc.array(fc.tuple(token, fc.constantFrom('', ' ', '  ', '\t')), { maxLength: 25 }).map((parts) => parts.map(([t, ws]) => t + ws).join(''));

/** Grammatical expressions (soups rarely parse), with names both known and hostile. */
const { grammatical } = fc.letrec<{ grammatical: string }>((tie) => ({
  grammatical: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('x', 'a', 'b', 'n', 'k', '__class__', '__import__', 'eval', 'constructor', '0', '2.5', '1e3', 'True', 'None'),
    fc.tuple(tie('grammatical'), fc.constantFrom('+', '-', '*', '/', '//', '%', '**', '@'), tie('grammatical')).map(([l, op, r]) => `${l} ${op} ${r}`),
    fc.tuple(tie('grammatical'), fc.constantFrom('==', '<', '>=')).map(([e, op]) => `(${e} ${op} 1)`),
    tie('grammatical').map((e) => `-(${e})`),
    fc.tuple(fc.constantFrom('sum', 'mean', 'reshape', 'softmax', 'getattr', 'exec', '__import__'), fc.array(tie('grammatical'), { maxLength: 2 }), fc.option(fc.constantFrom('axis=-1', 'keepdims=True', '__class__=1')))
      .map(([f, args, kw]) => `${f}(${[...args, ...(kw ? [kw] : [])].join(', ')})`),
    fc.tuple(tie('grammatical'), fc.constantFrom('0', ':', '::-1', '..., 0', 'None, :', '1:n')).map(([e, i]) => `(${e})[${i}]`),
    fc.array(tie('grammatical'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
  ),
}));

describe('expression parser fuzz', () => {
  it('token soups and grammatical text with injection-looking names: a program or an error inside the text; names and calls stay known', () => {
    fc.assert(fc.property(fc.oneof(soup, grammatical), (text) => {
      const r = parseChecked(text);
      if (r.ok) checkBound(r.program);
    }), fuzzParams(1000));
  }, fuzzTimeout(1000));

  it('strings, quotes, backticks, `;` and `${` are refused by the tokenizer whatever surrounds them', () => {
    fc.assert(fc.property(soup, fc.constantFrom("'", '"', '`', ';', '${', '{', '}'), fc.nat(), (text, bad, at) => {
      const i = at % (text.length + 1);
      expect(parseChecked(text.slice(0, i) + bad + text.slice(i)).ok).toBe(false);
    }), fuzzParams(500));
  }, fuzzTimeout(500));

  it('the fixed injection fragments never bind (nothing outside inputs, arguments and known functions)', () => {
    for (const text of INJECTION) {
      const r = parseChecked(text);
      if (!r.ok) continue;
      const b = bindNames(r.program, INPUTS, ARGS);
      const s = b.ok ? inferExpression(r.program, b.names, [[null, 4, 2], [null, 2, 3]]) : undefined;
      expect(b.ok && s?.ok, text).toBeFalsy();
    }
  });

  it('arbitrary text (any code point)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => void parseChecked(text)), fuzzParams(1000));
  }, fuzzTimeout(1000));

  // There is no printer; the tokens themselves are the canonical text. Re-spacing them must not change the tree.
  it('a parsed program re-parses to the same tree from its tokens with different spacing', () => {
    fc.assert(fc.property(fc.oneof(grammatical, soup), fc.constantFrom(' ', '  ', '\t', ' \t '), (text, sep) => {
      const r = parseProgram(text);
      if (!r.ok) return;
      const respaced = tokenize(text).filter((t) => t.kind !== 'end').map((t) => text.slice(t.span.start, t.span.end)).join(sep);
      const again = parseProgram(respaced);
      expect(again.ok, respaced).toBe(true);
      if (again.ok) expect(withoutSpans(again.program)).toBe(withoutSpans(r.program));
    }), fuzzParams(1000));
  }, fuzzTimeout(1000));

  it('deep nesting of every recursive construct is refused with expr/too-complex, not a stack overflow', () => {
    const builders: Record<string, (d: number) => string> = {
      parens: (d) => '('.repeat(d) + 'x' + ')'.repeat(d),
      lists: (d) => '['.repeat(d) + 'x' + ']'.repeat(d),
      calls: (d) => 'sum('.repeat(d) + 'x' + ')'.repeat(d),
      unary: (d) => '-'.repeat(d) + 'x',
      power: (d) => 'x**'.repeat(d) + 'x',
      indexes: (d) => 'x' + '[0]'.repeat(d),
      nestedIndex: (d) => 'x[' .repeat(d) + '0' + ']'.repeat(d),
      sum: (d) => Array.from({ length: d * 4 }, () => 'x').join('+'),
    };
    fc.assert(fc.property(fc.constantFrom(...Object.keys(builders)), fc.integer({ min: 1, max: 1500 }), (kind, depth) => {
      const text = builders[kind]!(depth);
      const r = parseChecked(text);
      if (text.length <= 4000 && depth < MAX_NESTING / 2 && kind !== 'sum') expect(r.ok, `${kind} ${depth}`).toBe(true);
      if (!r.ok && depth > MAX_NESTING) expect(r.error.code, `${kind} ${depth}: ${r.error.message}`).toBe('expr/too-complex');
    }), fuzzParams(300));
  }, fuzzTimeout(300));
});
