import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../src/analyze.js';
import { DIAGNOSTIC_CODES } from '../src/diagnostics/codes.js';

/**
 * The catalogue of typical mistakes: models/invalid/<name>.yaml, one mistake each, headed by
 *   # mistake: what the user did
 *   # expect: CODE LINE:COLUMN "fragment of the message or hint"
 * The diagnostics of each file must be exactly the expected ones (code and start position), each
 * saying what is wrong and what to do.
 */
const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../models/invalid');
const EXPECT = /^#\s*expect:\s*(\S+)\s+(\d+):(\d+)\s+"((?:[^"\\]|\\.)*)"\s*$/;

/** Codes whose diagnostics may come without a hint, and why. Keep it short. */
const NO_HINT_NEEDED = new Map<string, string>([
  // (none yet: every diagnostic in the catalogue says what to do)
]);

interface Expectation {
  code: string;
  line: number;
  column: number;
  fragment: string;
}

interface Fixture {
  name: string;
  text: string;
  mistake: string | undefined;
  expectations: Expectation[];
  malformed: string[];
}

function readFixture(name: string): Fixture {
  const text = fs.readFileSync(path.join(DIR, name), 'utf8');
  const expectations: Expectation[] = [];
  const malformed: string[] = [];
  let mistake: string | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    const m = EXPECT.exec(line);
    if (m) expectations.push({ code: m[1], line: Number(m[2]), column: Number(m[3]), fragment: m[4].replace(/\\(.)/g, '$1') });
    else if (/^#\s*expect:/.test(line)) malformed.push(line);
    else if (/^#\s*mistake:/.test(line)) mistake = line.replace(/^#\s*mistake:\s*/, '');
  }
  return { name, text, mistake, expectations, malformed };
}

const fixtures = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort().map(readFixture);

describe('the catalogue of mistakes (models/invalid)', () => {
  it('has at least 40 fixtures, each with kebab-case name, a mistake and expectations', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    for (const f of fixtures) {
      expect(f.name, 'kebab-case file name').toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.yaml$/);
      expect(f.mistake, `${f.name}: a '# mistake:' line`).toBeTruthy();
      expect(f.malformed, `${f.name}: malformed '# expect:' lines`).toEqual([]);
      expect(f.expectations.length, `${f.name}: at least one '# expect:' line`).toBeGreaterThan(0);
      for (const e of f.expectations) expect(Object.keys(DIAGNOSTIC_CODES), `${f.name}: a known code`).toContain(e.code);
    }
  });

  for (const f of fixtures) {
    describe(f.name, () => {
      const { diagnostics } = analyzeSource(f.text, `models/invalid/${f.name}`);
      const at = (d: { code: string; range?: { line: number; column: number } }) => `${d.code} ${d.range?.line}:${d.range?.column}`;

      it('gives exactly the expected diagnostics, at the expected positions', () => {
        expect(diagnostics.map(at).sort()).toEqual(f.expectations.map((e) => `${e.code} ${e.line}:${e.column}`).sort());
      });

      it('says what is wrong and what to do', () => {
        for (const e of f.expectations) {
          const d = diagnostics.find((x) => at(x) === `${e.code} ${e.line}:${e.column}`);
          if (!d) continue; // reported by the test above
          expect(`${d.message}\n${d.hint ?? ''}`, `${at(d)}`).toContain(e.fragment);
        }
        for (const d of diagnostics) {
          if (!NO_HINT_NEEDED.has(d.code)) expect(d.hint, `${at(d)}: ${d.message} has no hint`).toBeTruthy();
          expect(d.range, `${at(d)}: a position in the file`).toBeDefined();
        }
      });

      it('names the layer concerned', () => {
        for (const d of diagnostics) {
          if (!d.layer || d.severity !== 'error') continue;
          // A list-form layer whose type is unknown has no name yet: it is "Layer 3", by position.
          const name = d.layer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          expect(d.message, at(d)).toMatch(new RegExp(`(?<![\\w.-])${name}(?![\\w.-])|\\bLayer \\d+\\b`));
        }
      });
    });
  }
});
