import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PARSE_OPTIONS } from '../../src/spec/load-yaml.js';
import { parseSimpleYaml } from '../../src/spec/yaml-fast-path.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * What the fast path must agree with yaml on, node by node: kind, flow, range[0] and range[1]
 * (what load-yaml.ts and locate.ts read), scalar value, type, format and source. Returns the first
 * difference, or undefined.
 */
function difference(fast: unknown, slow: unknown, at = '$'): string | undefined {
  const kind = (n: unknown) => (isMap(n) ? 'map' : isSeq(n) ? 'seq' : isScalar(n) ? 'scalar' : isPair(n) ? 'pair' : String(n));
  if (kind(fast) !== kind(slow)) return `${at}: ${kind(fast)} vs ${kind(slow)}`;
  if (isPair(fast) && isPair(slow)) return difference(fast.key, slow.key, `${at}.key`) ?? difference(fast.value, slow.value, `${at}.value`);
  const f = fast as { range?: number[]; flow?: boolean; tag?: string };
  const s = slow as typeof f;
  if (f.range?.[0] !== s.range?.[0] || f.range?.[1] !== s.range?.[1]) return `${at}: range ${f.range} vs ${s.range}`;
  if (Boolean(f.flow) !== Boolean(s.flow)) return `${at}: flow ${f.flow} vs ${s.flow}`;
  if (f.tag !== s.tag) return `${at}: tag ${f.tag} vs ${s.tag}`;
  if (isScalar(fast) && isScalar(slow)) {
    for (const k of ['type', 'format', 'source', 'minFractionDigits'] as const) {
      if (fast[k] !== slow[k]) return `${at}: ${k} ${String(fast[k])} vs ${String(slow[k])}`;
    }
    return Object.is(fast.value, slow.value) ? undefined : `${at}: value ${String(fast.value)} vs ${String(slow.value)}`;
  }
  if ((isMap(fast) && isMap(slow)) || (isSeq(fast) && isSeq(slow))) {
    const a = fast.items as unknown[];
    const b = slow.items as unknown[];
    if (a.length !== b.length) return `${at}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
  }
  return undefined;
}

/** Parses with both; when the fast path takes the text, the documents must agree (and yaml must find no problem). */
function compare(text: string): { taken: boolean; problem?: string } {
  const fast = parseSimpleYaml(text, PARSE_OPTIONS);
  if (!fast) return { taken: false };
  const slow: Document.Parsed = parseDocument(text, PARSE_OPTIONS);
  const problems = [...slow.errors, ...slow.warnings];
  if (problems.length > 0) return { taken: true, problem: `the fast path took a text yaml reports: ${problems[0].message}` };
  const d = difference(fast.contents, slow.contents);
  if (d) return { taken: true, problem: d };
  const [a, b] = [fast.toJS(), slow.toJS()];
  try {
    expect(a).toEqual(b);
  } catch {
    return { taken: true, problem: `toJS: ${JSON.stringify(a)} vs ${JSON.stringify(b)}` };
  }
  return { taken: true };
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

// Pieces of model files, including what the fast path leaves to yaml, so that mutations cross its edges.
const scalars = [
  '1', '-1', '+1', '0', '007', '0o17', '0x1F', '0xg', '1.5', '1.50', '-.5', '.5', '1e3', '1E-3', '1.e3', '.inf', '-.Inf', '.nan', '.NaN',
  'null', 'Null', 'NULL', '~', 'true', 'True', 'TRUE', 'false', 'tRUE', 'yes', 'no', 'on', 'relu', 'glorot_uniform', 'a b', 'a, b', "it's",
  'a:b', 'a: b', 'a #b', 'a#b', '"q"', '"a, b"', '"x[:, :, 1:2]"', "'s'", "'it''s'", '"e\\n"', '"', "'", '-', '- a', '?', ':', '|', '>', '&a x', '*a', '!t x',
  '%x', '@x', '`x`', '{}', '[]', '[1, 2]', '[1,2]', '[1, 2,]', '[ 1 ]', '[null, 4]', '{ a: 1 }', '{a: 1}', '{a:1}', '{ a: 1, b: [2, 3] }', '{ a }',
  '{ a: }', '[a, [b, {c: d}]]', '[a: 1]', '{ "a": 1 }', '中文', 'ünïcode',
];
const keys = ['a', 'units', 'type', 'x1', 'l_0', 'a.b', 'a-b', '_k', 'true', 'null', 'NULL', '1', '"q"', "'q'", '-a', 'a b', 'a ', '__proto__', 'k', '<<', 'x'.repeat(1030)];
const comments = ['', ' # c', '  #c', '#c', ' #', ' # ü'];

// What model files mostly hold, so that generated documents often stay inside the fast path.
const plainScalars = ['1', '16', '-2', '0.1', '1e-3', 'null', 'true', 'relu', 'Dense', 'same', '[4, 2]', '[null, 8]', '{ type: adam, learning_rate: 0.001 }', '"x[:, :, 1:2]"', "'valid'", '{}'];
const arbScalar = fc.oneof({ arbitrary: fc.constantFrom(...plainScalars), weight: 3 }, { arbitrary: fc.constantFrom(...scalars), weight: 1 });
const arbKey = fc.oneof({ arbitrary: fc.constantFrom('a', 'units', 'type', 'l_0', 'a.b', 'a-b'), weight: 4 }, { arbitrary: fc.constantFrom(...keys), weight: 1 });
const arbComment = fc.oneof({ arbitrary: fc.constant(''), weight: 3 }, { arbitrary: fc.constantFrom(...comments), weight: 1 });
const arbPad = fc.constantFrom('', '', '', ' ', '  ');
const arbFiller = fc.oneof({ arbitrary: fc.constant(''), weight: 4 }, { arbitrary: fc.constantFrom('\n', '# note\n', '  # indented note\n', '    \n', '      # deep note\n'), weight: 1 });

/** A block node at `indent`, as lines. */
function arbBlock(indent: number, depth: number): fc.Arbitrary<string> {
  const pad = ' '.repeat(indent);
  const entry: fc.Arbitrary<string> = fc.oneof(
    fc.tuple(arbKey, arbPad, arbScalar, arbPad, arbComment, arbFiller).map(([k, p, v, after, c, f]) => `${pad}${k}:${p === '' ? ' ' : p}${v}${after}${c}\n${f}`),
    ...(depth > 0
      ? [
          fc.tuple(arbKey, fc.constantFrom(2, 4, 1), arbFiller).chain(([k, step, f]) =>
            arbBlock(indent + step, depth - 1).map((inner) => `${pad}${k}:\n${f}${inner}`)),
          fc.tuple(arbKey, fc.constantFrom(2, 0)).chain(([k, step]) =>
            arbSeq(indent + step, depth - 1).map((inner) => `${pad}${k}:\n${inner}`)),
        ]
      : []),
    fc.tuple(arbKey, fc.constantFrom('', ' ', ' # c')).map(([k, rest]) => `${pad}${k}:${rest}\n`),
  );
  return fc.array(entry, { minLength: 1, maxLength: 4 }).map((lines) => lines.join(''));
}

function arbSeq(indent: number, depth: number): fc.Arbitrary<string> {
  const pad = ' '.repeat(indent);
  const item: fc.Arbitrary<string> = fc.oneof(
    fc.tuple(arbPad, arbScalar, arbPad, arbComment, arbFiller).map(([p, v, after, c, f]) => `${pad}-${p === '' ? ' ' : p}${v}${after}${c}\n${f}`),
    ...(depth > 0
      ? [fc.constantFrom(2, 3).chain((step) => arbBlock(indent + step, depth - 1).map((inner) => `${pad}-${' '.repeat(step - 1)}${inner.slice(indent + step)}`))]
      : []),
  );
  return fc.array(item, { minLength: 1, maxLength: 3 }).map((lines) => lines.join(''));
}

const arbDocument = fc
  .tuple(arbFiller, fc.oneof(arbBlock(0, 2), arbSeq(0, 2)), fc.boolean())
  .map(([head, body, noFinalNewline]) => head + (noFinalNewline ? body.replace(/\n$/, '') : body));

/** A document with a few characters inserted, deleted or replaced (the edges of the subset). */
const arbMutated = fc
  .tuple(arbDocument, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...' \n:#-,[]{}"\'\\|>&*!?.0a\t\r'.split('')), fc.constantFrom('insert', 'delete', 'replace')), { maxLength: 3 }))
  .map(([text, edits]) => {
    for (const [n, c, op] of edits) {
      const i = text.length === 0 ? 0 : n % text.length;
      text = op === 'insert' ? text.slice(0, i) + c + text.slice(i) : op === 'delete' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + c + text.slice(i + 1);
    }
    return text;
  });

describe('the YAML fast path', () => {
  it('builds the document yaml builds for every example and fixture it takes', () => {
    const files = [...yamlFiles(path.join(ROOT, 'models')), ...yamlFiles(path.join(ROOT, 'test', 'fixtures'))];
    let taken = 0;
    for (const file of files) {
      const result = compare(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
      expect(result.problem, path.relative(ROOT, file)).toBeUndefined();
      if (result.taken) taken++;
    }
    // It is a fast path only if model files take it.
    expect(taken).toBeGreaterThan(files.length / 2);
  });

  it('takes a chain of layers like the one bench/check.mjs times', () => {
    const lines = ['layerspec: 1', 'name: chain', 'inputs:', '  x: { shape: [16] }', 'layers:'];
    for (let i = 0; i < 30; i++) lines.push(`  l${i}: { type: Dense, input: ${i === 0 ? 'x' : `l${i - 1}`}, units: 16, activation: relu }`);
    lines.push('outputs: [l29]', '');
    expect(compare(lines.join('\n'))).toEqual({ taken: true });
  });

  it('stays linear where deep collections end before many comment lines', () => {
    const depth = 250;
    const text = Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:\n`).join('') + `${' '.repeat(depth)}v: 1\n` + '# c\n'.repeat(800_000);
    const t0 = performance.now();
    expect(parseSimpleYaml(text, PARSE_OPTIONS)).toBeDefined();
    // Read again by each of the 250 levels, the comment lines took seconds.
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('builds what yaml builds for generated documents, or leaves them to yaml', () => {
    let taken = 0;
    fc.assert(
      fc.property(arbDocument, (text) => {
        const result = compare(text);
        if (result.taken) taken++;
        expect(result.problem, JSON.stringify(text)).toBeUndefined();
      }),
      { numRuns: 3000, seed: 20261126 },
    );
    expect(taken).toBeGreaterThan(100);
  });

  it('builds what yaml builds for mutated documents, or leaves them to yaml', () => {
    fc.assert(
      fc.property(arbMutated, (text) => {
        expect(compare(text).problem, JSON.stringify(text)).toBeUndefined();
      }),
      { numRuns: 5000, seed: 20261127 },
    );
  });
});
