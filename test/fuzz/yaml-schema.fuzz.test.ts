import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyze.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { builtinRegistry } from '../../src/layers/index.js';
import { fuzzParams, fuzzTimeout, mutatedModel, schemaModel, shippedModels, structuredModel, yamlSoup } from './arbitraries.js';

/**
 * Whatever the bytes, loading + schema + graph + shapes answers with diagnostics and never throws;
 * each diagnostic has a stable code, a severity, a message, and a range inside the file (what the
 * editor integration and SARIF output rely on).
 */
const CODE = /^[a-z]+\/[a-z0-9-]+$/;

/**
 * Once a bug found here: in malformed YAML a range could end past its line (`"*a%YAML 1.1\n- "`
 * gave yaml/syntax 1:9-1:14 on an 11-character line), because yaml's LineCounter, fed by the lexer,
 * misses newlines inside the token an error is reported on. The Locator now indexes lines from the
 * text itself (src/spec/locate.ts LineIndex); every property checks column bounds.
 */

function checkDiagnostics(text: string | undefined, diagnostics: readonly Diagnostic[], strictColumns = false): void {
  // The loader drops a BOM before locating; lines are split on '\n' only.
  const lines = text === undefined ? undefined : (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  for (const d of diagnostics) {
    expect(d.code).toMatch(CODE);
    expect(['error', 'warning']).toContain(d.severity);
    expect(d.message.trim().length).toBeGreaterThan(0);
    if (!d.range || !lines) continue;
    const { line, column, endLine, endColumn } = d.range;
    const where = `${d.code} ${JSON.stringify(d.range)}`;
    expect(line, where).toBeGreaterThanOrEqual(1);
    expect(column, where).toBeGreaterThanOrEqual(1);
    expect(endLine, where).toBeGreaterThanOrEqual(line);
    if (endLine === line) expect(endColumn, where).toBeGreaterThanOrEqual(column);
    expect(endLine, where).toBeLessThanOrEqual(lines.length);
    if (!strictColumns) continue;
    expect(column, where).toBeLessThanOrEqual(lines[line - 1]!.length + 1);
    // endColumn is exclusive; the locator widens an empty range to one character (Locator.range), so a
    // problem at the end of a line (or in an empty file) ends one column past the newline position.
    expect(endColumn, where).toBeLessThanOrEqual(lines[endLine - 1]!.length + 2);
  }
}

const analyzeText = (text: string): void => checkDiagnostics(text, analyzeSource(text, 'fuzz.yaml').diagnostics, true);

describe('analyzeSource fuzz', () => {
  it('the shipped models analyze cleanly (the mutations start from valid files)', () => {
    expect(shippedModels.length).toBeGreaterThan(3);
    for (const source of shippedModels) expect(analyzeSource(source, 'm.yaml').diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('arbitrary strings (any code point, lone surrogates included)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), analyzeText), fuzzParams(300));
  }, fuzzTimeout(300));

  it('arbitrary bytes, invalid UTF-8 included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = analyzeSource(bytes, 'fuzz.yaml');
        let text: string | undefined;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          expect(r.diagnostics.map((d) => d.code)).toEqual(['file/encoding']);
        }
        checkDiagnostics(text, r.diagnostics);
      }),
      fuzzParams(300),
    );
  }, fuzzTimeout(300));

  it('soups of YAML indicators, anchors, aliases, tags and directives', () => {
    fc.assert(fc.property(yamlSoup, analyzeText), fuzzParams(300));
  }, fuzzTimeout(300));

  it('mutations of the shipped models (deletions, duplications, insertions, renames, swaps, indentation, nesting, aliases, tags)', () => {
    fc.assert(fc.property(mutatedModel, analyzeText), fuzzParams(300));
  }, fuzzTimeout(300));

  it('structured models of random registered layer types with random parameters', () => {
    const types = builtinRegistry().types;
    fc.assert(fc.property(structuredModel(types), analyzeText), fuzzParams(300));
  }, fuzzTimeout(300));

  it('mapping-form models drawn from the JSON schema (most reach graph and shape inference)', () => {
    fc.assert(fc.property(schemaModel, (text) => {
      const r = analyzeSource(text, 'fuzz.yaml');
      checkDiagnostics(text, r.diagnostics, true);
      // Error-free analysis means a spec and shapes for the runtime to use.
      if (!r.diagnostics.some((d) => d.severity === 'error')) expect(r.spec && r.shapes).toBeTruthy();
    }), fuzzParams(300));
  }, fuzzTimeout(300));

  // The counterexamples of the bug described at the top, and more of the same kind.
  it('ranges stay inside their line in malformed YAML too', () => {
    for (const text of ['*a%YAML 1.1\n- ', '[[]]\n"abc\ndef\nghi\n']) analyzeText(text);
    fc.assert(fc.property(fc.oneof(yamlSoup, mutatedModel), analyzeText), fuzzParams(1000));
  }, fuzzTimeout(1000));
});
