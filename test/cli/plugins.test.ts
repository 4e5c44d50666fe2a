/**
 * `--plugin` end to end, through the real bin: the example plugin (models/plugins/my-layers.mjs)
 * checks, summarises, is listed, is in the schema, trains, saves, reloads and predicts; plugin
 * problems exit 2 naming the file; a call that disagrees with inferShape exits 1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNpy } from '../../src/io/npy-read.js';
import { writeNpy } from '../../src/io/npy-write.js';
import { writeNpz } from '../../src/io/npz.js';
import { ROOT, runCli } from './run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-plugins-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const at = (name: string) => path.join(tmp, name);
const PLUGIN = ['--plugin', 'models/plugins/my-layers.mjs'];
const MODEL = 'models/plugins/my-layers.yaml';
const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

beforeAll(async () => {
  const n = 64;
  const x = Float32Array.from({ length: n * 4 }, (_, k) => Math.sin(k * 0.61));
  const y = Float32Array.from({ length: n * 2 }, (_, k) => x[2 * k] - 0.5 * x[2 * k + 1]);
  await writeNpy(at('x.npy'), { data: x, shape: [n, 4] });
  await writeNpy(at('y.npy'), { data: y, shape: [n, 2] });
});

describe('layerspec with --plugin', () => {
  it('checks the example model only with its plugin; without it the unknown type hints at --plugin', () => {
    const ok = runCli(['check', ...PLUGIN, MODEL]);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    const without = runCli(['check', MODEL, '--format', 'json']);
    expect(without.code).toBe(1);
    const [result] = JSON.parse(without.stdout) as { messages: { ruleId: string; line: number; message: string }[] }[];
    expect(result.messages.map((m) => [m.ruleId, m.line])).toEqual([['schema/unknown-layer-type', 7], ['schema/unknown-layer-type', 8]]);
    expect(runCli(['check', MODEL]).stdout).toMatch(/hint: .*--plugin FILE on the command line/);
  });

  it('summarises with the plugin layers\' weights, and lists and describes them', () => {
    const summary = runCli(['summary', MODEL, '--json', ...PLUGIN]);
    expect(summary.code).toBe(0);
    const json = JSON.parse(summary.stdout) as { layers: { name: string; type: string; weights: { name: string; shape: number[] }[] }[]; totalParams: number };
    expect(json.layers.map((l) => [l.name, l.type, l.weights])).toEqual([
      ['project', 'MyLayer', [{ name: 'kernel', shape: [4, 8] }]],
      ['scale', 'MyScale', [{ name: 'gamma', shape: [8] }, { name: 'beta', shape: [8] }]],
      ['head', 'Dense', [{ name: 'kernel', shape: [8, 2] }, { name: 'bias', shape: [2] }]],
    ]);
    expect(json.totalParams).toBe(66);
    const layers = runCli(['layers', 'MyLayer', ...PLUGIN]);
    expect(layers.code).toBe(0);
    expect(layers.stdout).toMatch(/^MyLayer \(custom, plugin models\/plugins\/my-layers\.mjs\): /);
    expect(layers.stdout).toMatch(/output_dim +int > 0 +\(required\)/);
    const list = runCli(['--plugin', 'models/plugins/my-layers.mjs', 'layers', '--json']);
    expect((JSON.parse(list.stdout) as { type: string }[]).map((d) => d.type)).toEqual(expect.arrayContaining(['MyLayer', 'MyScale', 'Dense']));
  });

  it('puts the plugin types in the schema only when asked', () => {
    const withPlugin = runCli(['schema', ...PLUGIN]);
    expect(withPlugin.code).toBe(0);
    const text = withPlugin.stdout;
    expect(text).toContain('"const": "MyLayer"');
    expect(text).toContain('Size of the output\'s last axis.');
    expect(runCli(['schema']).stdout).not.toContain('MyLayer');
  });

  it('trains, saves, reloads and predicts the same numbers; takes .npz weights by the summary\'s names', async () => {
    const out = at('run');
    const train = runCli(['train', MODEL, ...PLUGIN, '--x', at('x.npy'), '--y', at('y.npy'), '--out', out, '--epochs', '2', '--seed', '1', '--backend', 'cpu']);
    expect(train.stderr).toBe('');
    expect(train.code).toBe(0);
    const history = JSON.parse(fs.readFileSync(path.join(out, 'history.json'), 'utf8')) as { loss: number[] };
    expect(history.loss).toHaveLength(2);
    const predict = (output: string, weights: string) => runCli(['predict', MODEL, ...PLUGIN, '--input', at('x.npy'), '--weights', weights, '--output', output, '--backend', 'cpu', '-q']);
    for (const name of ['p1.npy', 'p2.npy']) expect(predict(at(name), out).code).toBe(0);
    const [p1, p2] = await Promise.all([readNpy(at('p1.npy')), readNpy(at('p2.npy'))]);
    expect(p1.shape).toEqual([64, 2]);
    expect([...p2.data as Float32Array]).toEqual([...p1.data as Float32Array]);
    expect(runCli(['evaluate', MODEL, ...PLUGIN, '--weights', out, '--x', at('x.npy'), '--y', at('y.npy'), '--backend', 'cpu']).code).toBe(0);

    // kernel 0.1, gamma 2, beta 1, head all ones: each output is 8 * (0.2 * sum(x) + 1).
    await writeNpz(at('w.npz'), {
      'project/kernel': { data: new Float32Array(32).fill(0.1), shape: [4, 8] },
      'scale/gamma': { data: new Float32Array(8).fill(2), shape: [8] },
      'scale/beta': { data: new Float32Array(8).fill(1), shape: [8] },
      'head/kernel': { data: new Float32Array(16).fill(1), shape: [8, 2] },
      'head/bias': { data: new Float32Array(2), shape: [2] },
    });
    expect(predict(at('p3.npy'), at('w.npz')).code).toBe(0);
    const x = (await readNpy(at('x.npy'))).data as Float32Array;
    const p3 = (await readNpy(at('p3.npy'))).data as Float32Array;
    for (let i = 0; i < 64; i++) {
      const expected = 8 * (0.2 * (x[4 * i] + x[4 * i + 1] + x[4 * i + 2] + x[4 * i + 3]) + 1);
      expect(p3[2 * i]).toBeCloseTo(expected, 4);
    }
  });

  it('never loads TensorFlow.js for check, summary, layers or schema with a plugin, nor generates code', () => {
    for (const args of [['check', MODEL], ['summary', MODEL, '--json'], ['layers', 'MyScale'], ['schema']]) {
      const log = at(`imports-${args[0]}.log`);
      const r = runCli([...args, ...PLUGIN], { nodeArgs: ['--import', path.join(ROOT, 'test/fixtures/record-imports.mjs')], env: { LAYERSPEC_IMPORT_LOG: log } });
      expect(r.code, r.stderr).toBe(0);
      const loaded = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
      expect(loaded.some((s) => s.endsWith('my-layers.mjs')), 'the hook saw the plugin load').toBe(true);
      expect(loaded.filter((s) => s.startsWith('@tensorflow/'))).toEqual([]);
      const strict = runCli([...args, ...PLUGIN], { nodeArgs: ['--disallow-code-generation-from-strings'] });
      expect(strict.code, strict.stderr).toBe(0);
    }
  });

  it('exits 2 naming the plugin file when it cannot be used, without a stack trace', () => {
    fs.writeFileSync(at('broken.mjs'), 'throw new TypeError("oops");\n');
    fs.writeFileSync(at('dense.mjs'), "export default () => ({ layers: [{ type: 'Dense', description: 'd', inferShape: ([x]) => x, call: (tf, [x]) => x }] });\n");
    const cases: [string, RegExp][] = [
      [at('missing.mjs'), /^layerspec: plugin .*missing\.mjs: no such file/],
      [at('broken.mjs'), /^layerspec: plugin .*broken\.mjs failed to load: oops/],
      [at('dense.mjs'), /^layerspec: plugin .*dense\.mjs: layer type 'Dense' clashes with Dense, already registered by layerspec/],
    ];
    for (const [file, message] of cases) {
      const r = runCli(['check', MODEL, '--plugin', file]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      noStackTrace(r.stderr);
      expect(r.stdout).toBe('');
    }
  });

  it('exits 1 naming the plugin when its call fails while the model runs', () => {
    fs.writeFileSync(at('picky.mjs'), `export default () => ({ layers: [{ type: 'Picky', description: 'd', inferShape: ([x]) => x,
      call: (tf, [x]) => { if (x.shape[0] > 1) throw new Error('only one sample at a time'); return x; } }] });\n`);
    fs.writeFileSync(at('picky.yaml'), 'layerspec: 1\ninput: { shape: [4] }\nlayers:\n  - { type: Picky }\n');
    const r = runCli(['predict', at('picky.yaml'), '--plugin', at('picky.mjs'), '--input', at('x.npy'), '--output', at('picky.npy'), '--backend', 'cpu']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^layerspec: Picky layer from plugin .*picky\.mjs: call failed on input \(32, 4\): only one sample at a time$/m);
    noStackTrace(r.stderr);
  });

  it('exits 1 when a plugin\'s call disagrees with its inferShape, before predicting', () => {
    fs.writeFileSync(at('liar.mjs'), `export default () => ({ layers: [{ type: 'MyLayer', description: 'd',
      inferShape: ([x]) => [null, 8], weights: ([x]) => [{ name: 'kernel', shape: [x[1], 8] }],
      call: (tf, [x], w) => tf.slice(tf.dot(x, w.kernel), [0, 0], [-1, 7]) }, { type: 'MyScale', description: 'd', inferShape: ([x]) => x, call: (tf, [x]) => x }] });\n`);
    fs.writeFileSync(at('liar.yaml'), 'layerspec: 1\ninput: { shape: [4] }\nlayers:\n  - { type: MyLayer, name: project }\n  - { type: MyScale }\n');
    const r = runCli(['predict', at('liar.yaml'), '--plugin', at('liar.mjs'), '--input', at('x.npy'), '--output', at('liar.npy'), '--backend', 'cpu']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/layer 'project' \(MyLayer, plugin .*liar\.mjs\): call returns a tensor of shape \(1, 7\) for input \(1, 4\), but inferShape gives \(None, 8\)/);
    expect(fs.existsSync(at('liar.npy'))).toBe(false);
  });
});
