import { describe, expect, it } from 'vitest';
import { loadYaml, MAX_FILE_BYTES } from '../../src/spec/load-yaml.js';

const codes = (text: string | Uint8Array) => loadYaml(text, 'm.yaml').diagnostics.map((d) => `${d.code}@${d.range?.line}:${d.range?.column}`);

describe('loadYaml: safe parsing', () => {
  it('parses plain data and keeps positions', () => {
    const r = loadYaml('a: 1\nb: [x, y]\n', 'm.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.data).toEqual({ a: 1, b: ['x', 'y'] });
    expect(r.locator?.locate(['b', 1], 'value')).toEqual({ line: 2, column: 8, endLine: 2, endColumn: 9 });
    expect(r.locator?.locate(['b'], 'key')).toEqual({ line: 2, column: 1, endLine: 2, endColumn: 2 });
  });

  it('points a missing path at its deepest existing key', () => {
    const r = loadYaml('layers:\n  d1: { type: Dense }\n', 'm.yaml');
    expect(r.locator?.locate(['layers', 'd1', 'units'])).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 5 });
  });

  it('refuses duplicate keys', () => {
    expect(codes('a: 1\na: 2\n')).toEqual(['yaml/duplicate-key@2:1']);
  });

  it('refuses every tag, known or not, and never resolves it', () => {
    expect(codes('a: !!python/object:os.system x\n')).toEqual(['yaml/tag@1:4']);
    expect(codes('a: !!binary aGVsbG8=\n')).toEqual(['yaml/tag@1:4']);
    expect(codes('a: !foo x\n')).toEqual(['yaml/tag@1:4']);
    expect(codes('a: !!str 3\n')).toEqual(['yaml/tag@1:4']);
    expect(loadYaml('a: !!binary aGVsbG8=\n', 'm.yaml').data).toBeUndefined();
  });

  it('keeps merge keys off, even under a %YAML 1.1 directive', () => {
    const text = '%YAML 1.1\n---\nbase: &b { units: 3 }\nd:\n  <<: *b\n';
    const r = loadYaml(text, 'm.yaml');
    expect(r.diagnostics.map((d) => d.code)).toContain('yaml/merge-key');
    expect(r.data).toBeUndefined();
  });

  it('reads yes/no/on/off as strings (YAML 1.2 core schema), even under %YAML 1.1', () => {
    expect(loadYaml('a: yes\nb: off\n', 'm.yaml').data).toEqual({ a: 'yes', b: 'off' });
    const r = loadYaml('%YAML 1.1\n---\na: yes\n', 'm.yaml');
    expect(r.data).toEqual({ a: 'yes' });
  });

  it('refuses reserved object keys anywhere', () => {
    expect(codes('__proto__: { polluted: true }\n')).toEqual(['yaml/reserved-name@1:1']);
    expect(codes('layers:\n  constructor: { type: Dense }\n')).toEqual(['yaml/reserved-name@2:3']);
    expect(codes('a: { prototype: 1 }\n')).toEqual(['yaml/reserved-name@1:6']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stops an alias bomb fast', () => {
    const levels = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`);
    }
    const started = Date.now();
    const r = loadYaml(`${levels.join('\n')}\n`, 'bomb.yaml');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['yaml/alias-limit']);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('allows a few aliases', () => {
    const r = loadYaml('shape: &s [4, 2]\ninputs:\n  a: { shape: *s }\n', 'm.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.data).toEqual({ shape: [4, 2], inputs: { a: { shape: [4, 2] } } });
  });

  it('refuses files over the size cap before parsing', () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1).fill(0x20);
    expect(codes(big)).toEqual(['file/too-large@1:1']);
  });

  it('refuses bytes that are not UTF-8 and accepts a BOM', () => {
    expect(codes(new Uint8Array([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]))).toEqual(['file/encoding@1:1']);
    expect(loadYaml(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x3a, 0x20, 0x31]), 'm.yaml').data).toEqual({ a: 1 });
  });

  it('reports syntax errors with their position', () => {
    const r = loadYaml('a: [1, 2\nb: 3\n', 'm.yaml');
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.every((d) => d.code === 'yaml/syntax' && d.range && d.range.line >= 1)).toBe(true);
  });

  it('refuses several documents', () => {
    expect(codes('a: 1\n---\nb: 2\n').some((c) => c.startsWith('yaml/multiple-documents'))).toBe(true);
  });

  it('refuses non-string keys', () => {
    expect(codes('[a, b]: 1\n')).toEqual(['yaml/non-string-key@1:1']);
  });

  it('refuses hostile nesting before the recursive parser sees it, where the limit is passed', () => {
    const deep = `${'['.repeat(20000)}${']'.repeat(20000)}\n`;
    expect(codes(deep)).toEqual(['yaml/syntax@1:257']);
  });
});
