/**
 * Every malformed or hostile data file of the .npy and .npz catalogues (test/fixtures/npy, npz:
 * NumPy's own malformed-file cases, pickles, zip bombs, path-like entry names, ...) given to
 * `predict`: exit 1 with the file named, no stack trace, no output file, no temporary file.
 * In-process (main), so the 70-odd cases take seconds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-hostile-'));

async function predict(input: string): Promise<{ code: number; stdout: string; stderr: string; output: string }> {
  const output = path.join(tmp, `${path.basename(input)}.out.npy`);
  const r = await runMain(['predict', 'models/slice-concat.yaml', '--input', input, '--output', output, '--backend', 'cpu'], process.cwd());
  return { ...r, output };
}

const catalogue = (dir: string) =>
  (JSON.parse(fs.readFileSync(path.join('test/fixtures', dir, 'manifest.json'), 'utf8')) as { name: string; ok: boolean }[])
    .filter((e) => !e.ok)
    .map((e) => path.join('test/fixtures', dir, e.name));

describe('predict refuses every hostile data file cleanly', () => {
  const files = [...catalogue('npy'), ...catalogue('npz')];

  it('has the catalogues', () => {
    expect(files.length).toBeGreaterThan(60);
  });

  it.each(files)('%s', async (file) => {
    const r = await predict(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(path.basename(file));
    expect(r.stderr).toMatch(/\[(npy|npz|data)\/[a-z0-9-]+\]/);
    expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stdout).toBe('');
    expect(fs.existsSync(r.output)).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
