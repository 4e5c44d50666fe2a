import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/io/npy-write.js';
import { ROOT, runCli } from './run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-graph-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('layerspec graph', () => {
  it('prints DOT by default, Mermaid and SVG on request', () => {
    const dot = runCli(['graph', 'models/attention-block.yaml']);
    expect(dot.code).toBe(0);
    expect(dot.stderr).toBe('');
    expect(dot.stdout).toMatch(/^digraph "attention-block" \{/);
    const mermaid = runCli(['graph', 'models/attention-block.yaml', '--format', 'mermaid']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toContain('flowchart TB');
    const svg = runCli(['graph', 'models/attention-block.yaml', '-f', 'svg']);
    expect(svg.code).toBe(0);
    expect(svg.stdout).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.stdout).toContain('>probabilities</text>');
  });

  it('writes --output atomically (nothing else left), the format from its extension unless --format says', () => {
    const out = path.join(tmp, 'out');
    fs.mkdirSync(out);
    for (const [name, start] of [['g.svg', '<?xml'], ['g.dot', 'digraph'], ['g.gv', 'digraph'], ['g.mmd', '---'], ['g.txt', 'digraph']] as const) {
      const r = runCli(['graph', 'models/cnn.yaml', '--output', path.join(out, name)]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(fs.readFileSync(path.join(out, name), 'utf8').startsWith(start), name).toBe(true);
    }
    const forced = runCli(['graph', 'models/cnn.yaml', '-o', path.join(out, 'forced.svg'), '--format', 'dot']);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'forced.svg'), 'utf8')).toMatch(/^digraph/);
    expect(fs.readdirSync(out).sort()).toEqual(['forced.svg', 'g.dot', 'g.gv', 'g.mmd', 'g.svg', 'g.txt']);
  });

  it('refuses an unknown format with the valid ones and a guess (exit 2)', () => {
    const r = runCli(['graph', 'models/cnn.yaml', '--format', 'svgg']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown format 'svgg'");
    expect(r.stderr).toContain("did you mean 'svg'?");
    expect(r.stderr).toContain('formats: dot, mermaid, svg');
    noStackTrace(r.stderr);
  });

  it('a missing file, a directory or an unwritable --output is a usage error (exit 2), nothing written', () => {
    const missing = runCli(['graph', 'models/nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read 'models/nope.yaml': no such file");
    expect(runCli(['graph', 'models']).code).toBe(2);
    const noDir = runCli(['graph', 'models/cnn.yaml', '-o', path.join(tmp, 'no', 'such', 'g.svg')]);
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toMatch(/does not exist/);
    const overModel = path.join(tmp, 'model.yaml');
    fs.copyFileSync('models/cnn.yaml', overModel);
    const clash = runCli(['graph', overModel, '-o', overModel]);
    expect(clash.code).toBe(2);
    expect(fs.readFileSync(overModel, 'utf8')).toBe(fs.readFileSync('models/cnn.yaml', 'utf8'));
    for (const r of [missing, noDir, clash]) noStackTrace(r.stderr);
  });

  it('draws a broken model, red where it breaks, prints the diagnostics as check would, exits 1', () => {
    const file = path.join(tmp, 'broken.svg');
    const r = runCli(['graph', 'models/invalid/add-different-shapes.yaml', '-o', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/10:26\s+error\s+Layer 'residual' \(Add\) expects inputs of the same shape.*shape\/mismatch/);
    const svg = fs.readFileSync(file, 'utf8');
    expect(svg).toMatch(/<g class="node error"[^>]*>[\s\S]*?>residual<\/text>/);
    expect(svg).toContain('✖ expects inputs of the same shape');
    const dot = runCli(['graph', 'models/invalid/add-different-shapes.yaml']);
    expect(dot.code).toBe(1);
    expect(dot.stdout).toMatch(/label="residual[^\n]*color="#dc2626"/);
  });

  it('a file that does not parse: diagnostics, exit 1, nothing drawn or written', () => {
    const file = path.join(tmp, 'never.svg');
    const r = runCli(['graph', 'models/invalid/yaml-unclosed-brace.yaml', '-o', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error .*yaml\/syntax/);
    expect(fs.existsSync(file)).toBe(false);
    const stdout = runCli(['graph', 'models/invalid/yaml-tab-indentation.yaml', '-f', 'svg']);
    expect(stdout.code).toBe(1);
    expect(stdout.stdout).toBe('');
  });

  it('draws hostile names and messages escaped in every format', () => {
    // (In DOT, markup inside a quoted label is only text, as in Mermaid's title, which it draws as
    // text: test/render/dot.test.ts and mermaid.test.ts read them back.)
    for (const format of ['mermaid', 'svg']) {
      const r = runCli(['graph', 'test/fixtures/graph/hostile.yaml', '-f', format]);
      expect(r.code, r.stderr).toBe(1);
      const drawing = format === 'mermaid' ? r.stdout.slice(r.stdout.indexOf('flowchart TB')) : r.stdout;
      expect(drawing).not.toContain('<svg onload');
      expect(drawing).not.toContain('<script>');
    }
    const dot = runCli(['graph', 'test/fixtures/graph/hostile.yaml']);
    expect(dot.code).toBe(1);
    expect(dot.stdout.split('\n')[0]).toBe('digraph "evil \\"<svg onload=alert(1)>\\" &amp; {x} \\\\N \\\\" {');
  });

  it('honours --plugin: a plugin layer is drawn with its shape and params', () => {
    const r = runCli(['--plugin', 'models/plugins/my-layers.mjs', 'graph', 'models/plugins/my-layers.yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/label="project\\nMyLayer\\n\(None, 8\)\\n\d+ params"/);
    expect(runCli(['graph', 'models/plugins/my-layers.yaml']).code).toBe(1);
  });

  it('never loads TensorFlow.js, and loads the layout engine only for svg', () => {
    for (const format of ['dot', 'mermaid', 'svg']) {
      const log = path.join(tmp, `imports-${format}.log`);
      const r = runCli(['graph', 'models/attention-block.yaml', '-f', format], { nodeArgs: ['--import', path.join(ROOT, 'test/fixtures/record-imports.mjs')], env: { LAYERSPEC_IMPORT_LOG: log } });
      expect(r.code, r.stderr).toBe(0);
      const loaded = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
      expect(loaded.some((s) => s.endsWith('bundle/cached-bundle.cjs'))).toBe(true);
      expect(loaded.filter((s) => s.startsWith('@tensorflow/') || s === 'ink' || s === 'react')).toEqual([]);
      expect(loaded.some((s) => /elk/.test(s)), format).toBe(format === 'svg');
    }
  });
});

describe('layerspec train writes curves.svg', () => {
  const train = async (out: string) => {
    const n = 64;
    const x = Float32Array.from({ length: n * 4 }, (_, k) => Math.sin(k * 0.37));
    const y = Float32Array.from({ length: n }, (_, i) => x[4 * i] - x[4 * i + 1]);
    await writeNpy(path.join(tmp, 'x.npy'), { data: x, shape: [n, 4] });
    await writeNpy(path.join(tmp, 'y.npy'), { data: y, shape: [n, 1] });
    return runCli(['train', 'test/fixtures/train/regression.yaml', '--x', path.join(tmp, 'x.npy'), '--y', path.join(tmp, 'y.npy'), '--out', out, '--epochs', '2', '--validation-split', '0.25', '--backend', 'cpu', '--seed', '1', '--quiet']);
  };

  it('next to history.json, with a chart per quantity', async () => {
    const out = path.join(tmp, 'run');
    const r = await train(out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const svg = fs.readFileSync(path.join(out, 'curves.svg'), 'utf8');
    const history = JSON.parse(fs.readFileSync(path.join(out, 'history.json'), 'utf8')) as Record<string, number[]>;
    const quantities = Object.keys(history).filter((k) => !k.startsWith('val_'));
    expect([...svg.matchAll(/data-quantity="([^"]*)"/g)].map((m) => m[1])).toEqual(quantities);
    expect(svg).toContain('class="train"');
    expect(svg).toContain('class="validation"');
  }, 120000);

  it('a plot that cannot be written is a warning (whatever --quiet says), the run completes', async () => {
    const out = path.join(tmp, 'blocked');
    fs.mkdirSync(path.join(out, 'curves.svg'), { recursive: true });
    const r = await train(out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^layerspec: warning: cannot write .*curves\.svg: EISDIR \(training goes on; the checkpoint was written\)$/)]);
    expect(fs.existsSync(path.join(out, 'checkpoint.json'))).toBe(true);
  }, 120000);
});
