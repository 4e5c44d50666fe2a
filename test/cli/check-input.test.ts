import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/io/npy-write.js';
import { writeNpz } from '../../src/io/npz.js';
import { runCli } from './run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-check-input-'));
const at = (name: string) => path.join(tmp, name);
const TWO = path.resolve('test/fixtures/predict/two-heads.yaml');

describe('layerspec check MODEL --input: data contracts from headers', () => {
  it('passes data that fits, silently', () => {
    const r = runCli(['check', 'models/stripes.yaml', '--input', 'models/data/stripes-x.npy']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('reports each misfit at the data file, in every format', async () => {
    await writeNpy(at('left.npy'), { data: new Float32Array(8 * 4), shape: [8, 4] });
    await writeNpy(at('right.npy'), { data: new Int32Array(8 * 2), shape: [8, 2] });
    const r = runCli(['check', TWO, '--input', `left=${at('left.npy')}`, `right=${at('right.npy')}`, '--format', 'json']);
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[];
    expect(results.find((f) => f.filePath === TWO)?.messages).toEqual([]);
    const left = results.find((f) => f.filePath === at('left.npy'))!;
    expect(left.messages.map((m) => m.ruleId)).toEqual(['data/shape']);
    expect(left.messages[0].message).toContain("model input 'left' takes (None, 3): axis 1 is 4, not 3");
    expect(results.find((f) => f.filePath === at('right.npy'))?.messages).toEqual([]);
    const gh = runCli(['check', TWO, '--input', `left=${at('left.npy')}`, `right=${at('right.npy')}`, '--format', 'github']);
    expect(gh.stdout).toMatch(/^::error file=.*left\.npy,title=data\/shape::/m);
  });

  it('checks the sample counts across inputs, and .npz entries by name', async () => {
    await writeNpy(at('l3.npy'), { data: new Float32Array(5 * 3), shape: [5, 3] });
    await writeNpy(at('r2.npy'), { data: new Float32Array(4 * 2), shape: [4, 2] });
    const rows = runCli(['check', TWO, '--input', `left=${at('l3.npy')}`, `right=${at('r2.npy')}`]);
    expect(rows.code).toBe(1);
    expect(rows.stdout).toContain('different numbers of samples');
    await writeNpz(at('data.npz'), { left: { data: new Float32Array(3), shape: [1, 3] } });
    const npz = runCli(['check', TWO, '--input', at('data.npz')]);
    expect(npz.code).toBe(1);
    expect(npz.stdout).toContain("has no entry 'right' for model input 'right'");
  });

  it('reports a malformed data file as its own problem; usage mistakes exit 2', () => {
    const bad = runCli(['check', 'models/cnn.yaml', '--input', 'test/fixtures/npy/bad_magic.npy']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('npy/magic');
    const two = runCli(['check', 'models/cnn.yaml', 'models/pam.yaml', '--input', 'models/data/stripes-x.npy']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('--input checks data against one model, but 2 model files were given');
    const missing = runCli(['check', 'models/cnn.yaml', '--input', at('nope.npy')]);
    expect(missing.code).toBe(2);
  });

  it('--quiet reports errors only', () => {
    const r = runCli(['check', 'models/invalid/unused-layer.yaml', '--quiet']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });
});
