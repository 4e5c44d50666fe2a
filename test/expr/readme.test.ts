import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../src/expr/functions.js';
import { signature } from '../../src/expr/shapes/arguments.js';

/** The README's function table is generated from src/expr/functions.ts; this keeps them in sync. */
describe('README: Lambda expressions', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Lambda expressions'), readme.indexOf('## Examples'));

  it('has a row for every function of the table, with its signature and doc', () => {
    for (const f of FUNCTIONS) {
      const row = `| \`${signature(f)}\` | ${f.group} | ${f.doc.replace(/\|/g, '\\|')} |`;
      expect(section, `README row for ${f.name}`).toContain(row);
    }
  });

  it('lists no function that is not in the table', () => {
    const table = section.slice(section.indexOf('| Signature |'));
    const rows = [...table.matchAll(/^\| `([a-z_0-9]+)\(/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual(FUNCTIONS.map((f) => f.name).sort());
  });
});
