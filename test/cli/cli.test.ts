import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-cli-'));
function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const BROKEN = `layerspec: 1
inputs:
  x: { shape: [28, 28] }
layers:
  conv: { type: Conv2D, input: x, filters: 8, kernel_size: 3 }
  head: { type: Dense, input: conv, unitz: 10 }
`;

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('layerspec check', () => {
  it('passes a valid model silently with exit 0', () => {
    const r = runCli(['check', 'models/cnn.yaml']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('prints every problem with line:column, message, code and hint; exit 1', () => {
    const file = write('broken.yaml', BROKEN);
    const r = runCli(['check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('broken.yaml');
    expect(r.stdout).toMatch(/5:32\s+error\s+Layer 'conv' \(Conv2D\) expects a 4D input/);
    expect(r.stdout).toMatch(/6:37\s+error\s+Layer 'head' \(Dense\): unknown key `unitz`\s+schema\/unknown-key/);
    expect(r.stdout).toContain('hint: did you mean `units`?');
    expect(r.stdout).toMatch(/✖ \d+ problems \(\d+ errors?, \d+ warnings?\)/);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('writes ESLint-compatible JSON', () => {
    const file = write('broken-json.yaml', BROKEN);
    const r = runCli(['check', '--format', 'json', file]);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout);
    expect(results).toHaveLength(1);
    expect(results[0].filePath).toBe(file);
    expect(results[0].errorCount).toBeGreaterThanOrEqual(2);
    const unknown = results[0].messages.find((m: { ruleId: string }) => m.ruleId === 'schema/unknown-key');
    expect(unknown).toMatchObject({ severity: 2, line: 6, column: 37, endLine: 6, endColumn: 42 });
    expect(unknown.message).toContain('Did you mean `units`?');
  });

  it('expands directories and quoted globs, sorted', () => {
    const dir = path.join(tmp, 'tree');
    write('tree/a.yaml', 'layerspec: 1\ninput: { shape: [2] }\nlayers:\n  - { type: Dense, units: 1 }\n');
    write('tree/sub/b.yml', 'layerspec: 1\ninput: { shape: [2] }\nlayers:\n  - { type: Dense, units: 0 }\n');
    write('tree/notes.txt', 'not a model');
    const byDir = JSON.parse(runCli(['check', '-f', 'json', dir]).stdout).map((r: { filePath: string }) => path.relative(dir, r.filePath));
    expect(byDir).toEqual(['a.yaml', 'sub/b.yml']);
    const byGlob = runCli(['check', '-f', 'json', 'tree/**/*.{yaml,yml}'], { cwd: tmp });
    expect(JSON.parse(byGlob.stdout).map((r: { filePath: string }) => path.relative(dir, r.filePath))).toEqual(['a.yaml', 'sub/b.yml']);
    expect(byGlob.code).toBe(1);
  });

  it('checks every shipped example model cleanly', () => {
    const r = runCli(['check', 'models/*.yaml', '--max-warnings', '100']);
    expect(r.stdout).not.toMatch(/\berror\b/);
    expect(r.code).toBe(0);
  });

  it('fails on too many warnings with --max-warnings', () => {
    const file = write('unused.yaml', 'layerspec: 1\ninputs:\n  x: { shape: [2] }\nlayers:\n  a: { type: Dense, input: x, units: 1 }\n  b: { type: Dense, input: x, units: 1 }\noutputs: [a]\n');
    expect(runCli(['check', file]).code).toBe(0);
    const r = runCli(['check', file, '--max-warnings', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('too many warnings');
  });

  it('exits 2 without a stack trace on usage errors', () => {
    for (const args of [['check', 'no-such-file.yaml'], ['check', 'models/cnn.yaml', '--format', 'xml'], ['check', 'models/cnn.yaml', '--bogus'],
      ['check'], ['chekc', 'models/cnn.yaml'], ['check', 'models/cnn.yaml', '--max-warnings', 'many'], ['check', 'nothing/**/*.yaml'], ['summary', 'models']]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.length, args.join(' ')).toBeGreaterThan(0);
      noStackTrace(r.stderr);
    }
    expect(runCli(['check', 'models/cnn.yaml', '--format', 'jsno']).stderr).toContain("did you mean 'json'?");
    expect(runCli(['chekc', 'models/cnn.yaml']).stderr).toContain('check');
  });

  it('uses colour only when asked (FORCE_COLOR) and never under NO_COLOR', () => {
    const file = write('broken-colour.yaml', BROKEN);
    expect(runCli(['check', file], { env: { FORCE_COLOR: '1', NO_COLOR: '' } }).stdout).toContain('\u001b[');
    expect(runCli(['check', file], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });
});

describe('layerspec summary', () => {
  it('prints the Keras-style table with totals when piped', () => {
    const r = runCli(['summary', 'models/cnn.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Model: "cnn"');
    expect(r.stdout).toMatch(/conv2d \(Conv2D\)\s+\(None, 30, 30, 32\)\s+896/);
    expect(r.stdout).toMatch(/dense_1 \(Dense\)\s+\(None, 10\)\s+1,290/);
    expect(r.stdout).toContain('Total params: 315,722 (1.20 MB)');
    expect(r.stdout).toContain('Trainable params: 315,722');
    expect(r.stdout).toContain('Non-trainable params: 0 (0.00 B)');
  });

  it('prints JSON per the contract', () => {
    const r = runCli(['summary', 'models/attention-block.yaml', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.name).toBe('attention-block');
    expect(s.inputs).toEqual([{ name: 'image', shape: [null, 32, 32, 3], dtype: 'float32' }]);
    expect(s.outputs).toEqual([{ name: 'probabilities', shape: [null, 32, 32, 6] }]);
    const pam = s.layers.find((l: { name: string }) => l.name === 'pam');
    expect(pam).toMatchObject({ type: 'PAM', inputs: ['down'], outputShape: [null, 16, 16, 64], params: 1 + 2 * 64 * 8 + 64 * 64 });
    expect(pam.weights).toEqual([
      { name: 'gamma', shape: [1] },
      { name: 'b_kernel', shape: [1, 1, 64, 8] },
      { name: 'c_kernel', shape: [1, 1, 64, 8] },
      { name: 'd_kernel', shape: [1, 1, 64, 64] },
    ]);
    expect(s.totalParams).toBe(s.layers.reduce((n: number, l: { params: number }) => n + l.params, 0));
    expect(s.totalParams - s.trainableParams).toBe(64); // BatchNormalization's moving mean and variance
  });

  it('refuses a broken model with its diagnostics and exit 1', () => {
    const file = write('broken-summary.yaml', BROKEN);
    const r = runCli(['summary', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown key `unitz`');
  });
});

describe('layerspec layers and schema', () => {
  it('lists every type by category', () => {
    const r = runCli(['layers']);
    expect(r.code).toBe(0);
    for (const type of ['Conv2D', 'LocallyConnected2D', 'PAM', 'CAM', 'Scale', 'KernelDot', 'Lambda', 'Bidirectional']) expect(r.stdout).toContain(type);
  });

  it("shows one type's parameters with defaults and descriptions", () => {
    const r = runCli(['layers', 'Conv2D']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/filters\s+int > 0\s+\(required\)/);
    expect(r.stdout).toMatch(/padding\s+"valid" \| "same"\s+\(default "valid"\)/);
    const json = JSON.parse(runCli(['layers', 'Dense', '--json']).stdout);
    expect(json.params.find((p: { name: string }) => p.name === 'units')).toMatchObject({ required: true, type: 'int > 0' });
    expect(runCli(['layers', 'Conv2d']).code).toBe(0);
    const unknown = runCli(['layers', 'Conv3x3']);
    expect(unknown.code).toBe(2);
  });

  it('prints the JSON Schema that is committed under schemas/', () => {
    const r = runCli(['schema']);
    expect(r.code).toBe(0);
    const committed = fs.readFileSync(path.join(ROOT, 'schemas', 'layerspec.schema.json'), 'utf8');
    expect(r.stdout, 'schemas/layerspec.schema.json is stale: run `npm run schema`').toBe(committed);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(JSON.stringify(schema)).toContain('Dimensionality of the output space.');
  });
});

describe('the no-tensor paths', () => {
  it('never load TensorFlow.js (nor ink when not on a terminal)', () => {
    for (const args of [['check', 'models/*.yaml'], ['check', 'models/stripes.yaml', '--input', 'models/data/stripes-x.npy'], ['diff', 'models/cnn.yaml', 'models/stripes.yaml'], ['summary', 'models/pam.yaml'], ['summary', 'models/pam.yaml', '--json'], ['layers'], ['layers', 'PAM'], ['schema']]) {
      const log = path.join(tmp, `imports-${args.join('-').replace(/[^\w-]/g, '_')}.log`);
      const r = runCli(args, { nodeArgs: ['--import', path.join(ROOT, 'test/fixtures/record-imports.mjs')], env: { LAYERSPEC_IMPORT_LOG: log } });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      const loaded = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
      expect(loaded.some((s) => s.endsWith('bundle/cached-bundle.cjs')), 'the hook saw the CLI load').toBe(true);
      expect(loaded.filter((s) => s.startsWith('@tensorflow/')), args.join(' ')).toEqual([]);
      expect(loaded.filter((s) => s === 'ink' || s === 'react'), args.join(' ')).toEqual([]);
    }
  });
});

describe('no code generation', () => {
  it('checks and summarises with code generation from strings disabled in V8', () => {
    for (const args of [['check', 'models/*.yaml'], ['summary', 'models/attention-block.yaml'], ['layers', 'Lambda'], ['schema']]) {
      const r = runCli(args, { nodeArgs: ['--disallow-code-generation-from-strings'] });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });
});
