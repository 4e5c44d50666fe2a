/**
 * No network access at run time: every command runs the real bin with a preload
 * (test/support/no-network.mjs) that replaces fetch, http/https/http2 requests, net and tls
 * connections, UDP sockets and DNS look-ups with functions that record the call and throw. No
 * command may call one, not even for a hostile weights directory whose manifest names URLs or
 * absolute paths (refused, never fetched). The preload is checked to catch a call, so a silent
 * failure to install it cannot pass the test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/io/npy-write.js';
import { npy, npz } from '../hostile/inputs.js';
import { ROOT, runCli } from './run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-no-network-'));
const at = (name: string) => path.join(tmp, name);
const LOG = at('network.log');
const PRELOAD = pathToFileURL(path.join(ROOT, 'test/support/no-network.mjs')).href;
const MODEL = path.join(ROOT, 'test/fixtures/train/regression.yaml');

const offline = (args: string[]) => runCli(args, { cwd: tmp, nodeArgs: ['--import', PRELOAD], env: { LAYERSPEC_NETWORK_LOG: LOG } });
const calls = () => (fs.existsSync(LOG) ? fs.readFileSync(LOG, 'utf8') : '');

/** A weights directory whose manifest points at `paths` (a URL, an absolute path, ...). */
function hostileWeightsDir(name: string, paths: string[]): string {
  const dir = at(name);
  fs.mkdirSync(dir, { recursive: true });
  const weights = [
    { name: 'hidden/kernel', shape: [4, 16], dtype: 'float32' },
    { name: 'hidden/bias', shape: [16], dtype: 'float32' },
    { name: 'y/kernel', shape: [16, 1], dtype: 'float32' },
    { name: 'y/bias', shape: [1], dtype: 'float32' },
  ];
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: {}, weightsManifest: [{ paths, weights }] }));
  fs.writeFileSync(path.join(dir, 'weights.bin'), new Uint8Array(4 * (64 + 16 + 16 + 1)));
  return dir;
}

beforeAll(async () => {
  const x = Float32Array.from({ length: 64 * 4 }, (_, k) => Math.sin(k));
  await writeNpy(at('x.npy'), { data: x, shape: [64, 4] });
  await writeNpy(at('y.npy'), { data: Float32Array.from({ length: 64 }, (_, k) => Math.cos(k)), shape: [64, 1] });
  const shapes = { 'hidden/kernel': [4, 16], 'hidden/bias': [16], 'y/kernel': [16, 1], 'y/bias': [1] };
  fs.writeFileSync(at('w.npz'), npz(Object.fromEntries(Object.entries(shapes).map(([k, shape]) => [`${k}.npy`, npy(shape)]))));
});

describe('no network access at run time', () => {
  it('the preload catches a call (so that the checks below can fail)', () => {
    const probe = at('probe.mjs');
    fs.writeFileSync(probe, "try { await fetch('https://example.com/'); } catch {}\ntry { (await import('node:http')).get('http://example.com/'); } catch {}\n");
    const r = runCli([], { cwd: tmp, nodeArgs: ['--import', PRELOAD, probe], env: { LAYERSPEC_NETWORK_LOG: at('probe.log') } });
    expect(r.stderr).toBe('');
    expect(fs.readFileSync(at('probe.log'), 'utf8')).toBe('fetch https://example.com/\nhttp.get http://example.com/\n');
  });

  it('check, summary, train, predict (--weights DIR and .npz) and evaluate make no network call', () => {
    const runs: [string, string[], number][] = [
      ['check', ['check', MODEL, '--input', 'x.npy', '--format', 'json'], 0],
      ['summary', ['summary', MODEL, '--json'], 0],
      ['train', ['train', MODEL, '--x', 'x.npy', '--y', 'y.npy', '--out', 'run', '--epochs', '1', '--seed', '1', '--quiet'], 0],
      ['predict --weights DIR', ['predict', MODEL, '--input', 'x.npy', '--weights', 'run', '--output', 'p.npy', '--quiet'], 0],
      ['predict --weights .npz', ['predict', MODEL, '--input', 'x.npy', '--weights', 'w.npz', '--output', 'n.npy', '--quiet'], 0],
      ['predict without weights', ['predict', MODEL, '--input', 'x.npy', '--output', 'q.npy', '--seed', '1', '--quiet'], 0],
      ['evaluate', ['evaluate', MODEL, '--weights', 'run', '--x', 'x.npy', '--y', 'y.npy', '--json'], 0],
      ['layers', ['layers', '--json'], 0],
    ];
    for (const [name, args, code] of runs) {
      const r = offline(args);
      expect(r.code, `${name}: ${r.stderr}`).toBe(code);
      expect(r.stderr, name).not.toMatch(/network access refused/);
      expect(calls(), name).toBe('');
    }
    for (const output of ['p.npy', 'n.npy', 'q.npy']) expect(fs.existsSync(at(output)), output).toBe(true);
  }, 120000);

  it.each([
    ['an https URL', ['https://example.com/weights.bin']],
    ['an http URL', ['http://127.0.0.1:9/weights.bin']],
    ['a protocol-relative URL', ['//example.com/weights.bin']],
    ['a file URL', ['file:///etc/passwd']],
    ['an absolute path', ['/etc/passwd']],
    ['a path out of the directory', ['../x.npy']],
  ])('a weights manifest naming %s is refused without a network call', (what, paths) => {
    const dir = hostileWeightsDir(`hostile-${what.replace(/\W+/g, '-')}`, paths);
    for (const args of [
      ['predict', MODEL, '--input', 'x.npy', '--weights', dir, '--output', 'h.npy'],
      ['evaluate', MODEL, '--weights', dir, '--x', 'x.npy', '--y', 'y.npy'],
    ]) {
      const r = offline(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`weights file path '${paths[0]}' must be a plain file name inside`);
      expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(calls()).toBe('');
      expect(fs.existsSync(at('h.npy'))).toBe(false);
    }
  });
});
