import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff, type DiffCliOptions } from '../../src/cli/diff.js';
import { UsageError, type CliIO } from '../../src/cli/io.js';
import { builtinRegistry } from '../../src/layers/index.js';

const OLD = `layerspec: 1
name: net
inputs:
  x: { shape: [8] }
layers:
  hidden: { type: Dense, input: x, units: 16, activation: relu }
  head: { type: Dense, input: hidden, units: 2 }
outputs: [head]
`;
const NEW = OLD.replace('units: 16', 'units: 32');
// An unused input is a warning: the file is valid and can be compared.
const WARNS = OLD.replace('  x: { shape: [8] }\n', '  x: { shape: [8] }\n  spare: { shape: [3] }\n');
const BROKEN = OLD.replace('type: Dense, input: hidden', 'type: Dens, input: hidden');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-diff-'));
  for (const [name, text] of Object.entries({ 'old.yaml': OLD, 'new.yaml': NEW, 'warns.yaml': WARNS, 'broken.yaml': BROKEN })) {
    fs.writeFileSync(path.join(dir, name), text);
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function diff(oldFile: string, newFile: string, options: DiffCliOptions = {}, env: NodeJS.ProcessEnv = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIO = {
    stdout: { write: (text: string) => stdout.push(text), isTTY: false },
    stderr: { write: (text: string) => stderr.push(text), isTTY: false },
    env,
    cwd: dir,
  };
  const code = await runDiff(oldFile, newFile, options, io, builtinRegistry());
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('runDiff', () => {
  it('exits 0 for two valid files whether or not they differ, like git diff', async () => {
    const changed = await diff('old.yaml', 'new.yaml');
    expect(changed).toMatchObject({ code: 0, stderr: '' });
    expect(changed.stdout).toContain('--- old.yaml (net)\n+++ new.yaml (net)\n');
    expect(changed.stdout).toContain('  ~ hidden  Dense  units 16 → 32; output (None, 16) → (None, 32); params 144 → 288 (+144)\n');
    expect(await diff('old.yaml', 'old.yaml')).toMatchObject({ code: 0, stderr: '' });
  });

  it('with --exit-code, exits 1 when the models differ and 0 when they do not', async () => {
    expect((await diff('old.yaml', 'new.yaml', { exitCode: true })).code).toBe(1);
    expect((await diff('old.yaml', 'old.yaml', { exitCode: true })).code).toBe(0);
  });

  it('prints JSON with --json', async () => {
    const r = await diff('old.yaml', 'new.yaml', { json: true });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.old).toEqual({ file: 'old.yaml', name: 'net', totalParams: 178, trainableParams: 178 });
    expect(json.layers.changed.map((c: { name: string }) => c.name)).toEqual(['hidden', 'head']);
    expect(json.layers.changed[0].params).toEqual({ units: { old: 16, new: 32 } });
    expect(json.totals.totalParams).toEqual({ old: 178, new: 354, delta: 176, percent: 98.88 });
  });

  it('prints the diagnostics of a file with errors and exits 1, printing no diff', async () => {
    for (const [oldFile, newFile] of [['broken.yaml', 'new.yaml'], ['old.yaml', 'broken.yaml']]) {
      const r = await diff(oldFile, newFile);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('broken.yaml');
      expect(r.stderr).toContain('Dens');
      expect(r.stderr).not.toContain('new.yaml');
    }
  });

  it('still compares files that only have warnings, and prints the warnings', async () => {
    const r = await diff('old.yaml', 'warns.yaml');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('spare');
    expect(r.stdout).toContain('  + spare  (None, 3) float32\n');
  });

  it('throws a UsageError (exit 2 from main) for a file that does not exist', async () => {
    await expect(diff('old.yaml', 'missing.yaml')).rejects.toThrow(UsageError);
    await expect(diff('missing.yaml', 'old.yaml')).rejects.toThrow("cannot read 'missing.yaml'");
  });

  it('colours the report when FORCE_COLOR says so, never with NO_COLOR', async () => {
    expect((await diff('old.yaml', 'new.yaml', {}, { FORCE_COLOR: '1' })).stdout).toContain('\u001b[33m~\u001b[39m hidden');
    expect((await diff('old.yaml', 'new.yaml', {}, { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
  });
});
