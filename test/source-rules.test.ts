import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from '../src/zod-configured.js';

const SRC = path.resolve(import.meta.dirname, '../src');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));

describe('source rules', () => {
  it('builds every schema with the configured zod (jitless: no generated code)', () => {
    expect(z.config().jitless).toBe(true);
    const offenders = sources(SRC).filter((f) => !f.endsWith('zod-configured.ts') && /^import \{[^}]*\} from 'zod';/m.test(fs.readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it('never evaluates strings as code', () => {
    const pattern = /\beval\s*\(|new\s+Function\b|\bFunction\s*\(|from\s+'node:vm'|require\(\s*'vm'/;
    // The two exceptions compile installed files with node:vm, as `require` does, plus V8's code
    // cache: the launcher's loader the package's own bundle, the tfjs loader tfjs's bundles resolved
    // from node_modules. Nothing either compiles comes from a model or the user.
    const loaders = [path.join(SRC, 'cli', 'cached-bundle.ts'), path.join(SRC, 'runtime', 'tfjs-loader.ts')];
    const offenders = sources(SRC).filter((f) => !loaders.includes(f) && pattern.test(fs.readFileSync(f, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    expect(offenders.map((f) => path.relative(SRC, f))).toEqual([]);
  });
});
