import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindNames } from '../../src/expr/bindings.js';
import { parseProgram } from '../../src/expr/parser.js';
import { inferExpression } from '../../src/expr/shapes.js';

/**
 * Whatever the text, the front end answers with a program or an error whose span lies inside
 * the text: it never throws, and it answers quickly. The same holds for binding and shape
 * inference of whatever parses. (fast-check 4 has no fullUnicodeString; `unit: 'binary'` is any
 * code point, lone surrogates included.)
 */
function check(text: string): void {
  const started = performance.now();
  const r = parseProgram(text);
  if (!r.ok) {
    expect(r.error.span.start).toBeGreaterThanOrEqual(0);
    expect(r.error.span.end).toBeGreaterThanOrEqual(r.error.span.start);
    expect(r.error.span.end).toBeLessThanOrEqual(text.length);
    expect(r.error.message.length).toBeGreaterThan(0);
  } else {
    const b = bindNames(r.program, ['a', 'b'].slice(0, 1 + (text.length % 2)), { n: 1, k: [1, 2] });
    if (b.ok) {
      const shapes = text.length % 2 ? [[null, 4, 2], [null, 2, 3]] : [[null, 4, 2]];
      const s = inferExpression(r.program, b.names, shapes);
      if (!s.ok) {
        expect(s.error.span.start).toBeGreaterThanOrEqual(0);
        expect(s.error.span.end).toBeLessThanOrEqual(text.length);
      } else {
        expect(s.shape[0]).toBeNull();
      }
    } else {
      expect(b.error.span.end).toBeLessThanOrEqual(text.length);
    }
  }
  expect(performance.now() - started).toBeLessThan(250);
}

const leaf = fc.constantFrom('x', 'a', 'b', 'n', 'k', '0', '1', '2', '-1', '0.5', 'True', 'None', 'index', '...', 'k[0]');
const fname = fc.constantFrom('sum', 'mean', 'softmax', 'reshape', 'transpose', 'concat', 'stack', 'matmul', 'where', 'clip', 'argmax', 'sqrt', 'dot', 'batch_dot', 'tile', 'squeeze', 'exp', 'summ', 'eval');
const binop = fc.constantFrom('+', '-', '*', '/', '//', '%', '**', '@', '==', '<', '>=', '!=');

const { expr } = fc.letrec<{ expr: string; item: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('expr'), binop, tie('expr')).map(([l, op, r]) => (!["==", "<", ">=", "!="].includes(op) ? `${l} ${op} ${r}` : `(${l} ${op} ${r})`)),
    tie('expr').map((e) => `-${e}`),
    tie('expr').map((e) => `(${e})`),
    fc.tuple(fname, fc.array(tie('expr'), { maxLength: 3 }), fc.option(fc.tuple(fc.constantFrom('axis', 'keepdims', 'axes', 'shape', 'foo'), tie('expr')))).map(
      ([f, args, kw]) => `${f}(${[...args, ...(kw ? [`${kw[0]}=${kw[1]}`] : [])].join(', ')})`,
    ),
    fc.tuple(tie('expr'), fc.array(tie('item'), { minLength: 1, maxLength: 4 })).map(([t, items]) => `${t}[${items.join(', ')}]`),
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
  ),
  item: fc.oneof(
    leaf,
    fc.tuple(fc.option(leaf), fc.option(leaf), fc.option(leaf)).map(([a, b, c]) => `${a ?? ''}:${b ?? ''}${c === null ? '' : `:${c}`}`),
  ),
}));

/** Near-valid text: a grammatical expression with a few characters inserted, deleted or swapped. */
const nearValid = fc.tuple(expr, fc.array(fc.tuple(fc.nat(), fc.constantFrom('', '(', ')', '[', ']', ':', ',', '.', "'", '=', ';', '`', '$', '{', 'x', '9', ' ', '\n', '\u0000', '😀')), { maxLength: 3 }))
  .map(([text, edits]) => {
    let out = text;
    for (const [at, ch] of edits) {
      const i = out.length ? at % out.length : 0;
      out = ch === '' ? out.slice(0, i) + out.slice(i + 1) : out.slice(0, i) + ch + out.slice(i);
    }
    return out;
  });

describe('parser properties', () => {
  it('any string: a program or an error inside the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => check(s)), { numRuns: 1000 });
  });

  it('any unicode text (code points, lone surrogates)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => check(s)), { numRuns: 1000 });
  });

  it('grammatical expressions parse (unless `...` is misplaced) and shape-check without throwing', () => {
    fc.assert(fc.property(expr, (s) => {
      if (!/\.\.\./.test(s) && s.length <= 4000) expect(parseProgram(s).ok, s).toBe(true);
      check(s);
    }), { numRuns: 1000 });
  });

  it('near-valid expressions', () => {
    fc.assert(fc.property(nearValid, (s) => check(s)), { numRuns: 2000 });
  });

  it('hostile sizes answer in bounded time', () => {
    for (const s of ['('.repeat(4000), '-'.repeat(3999) + 'x', 'x' + '[0]'.repeat(1000), 'x+'.repeat(2000), '['.repeat(4000), 'sum('.repeat(1000), 'x'.repeat(4000), '1'.repeat(4000), 'a'.repeat(5000)]) {
      check(s);
    }
  });
});
