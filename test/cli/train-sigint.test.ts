/**
 * Ctrl-C during `train`: the run stops after the batch it is in (not at once, not at the end),
 * says so, keeps the checkpoint of the last complete epoch (loadable by predict --weights DIR),
 * exits 2, and --resume continues from it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { writeNpy } from '../../src/io/npy-write.js';
import { BIN, ROOT, runCli } from './run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-sigint-'));
const at = (name: string) => path.join(tmp, name);
const MODEL = path.join(ROOT, 'test/fixtures/train/regression.yaml');
const EPOCHS = 40;

/** 3 000 samples at batch size 4: an epoch is 750 batches, long enough to interrupt in the middle. */
async function writeData(n: number) {
  const x = Float32Array.from({ length: n * 4 }, (_, k) => Math.sin(k * 0.37) * 2);
  const y = Float32Array.from({ length: n }, (_, i) => x[4 * i] * x[4 * i] * 0.5 + x[4 * i + 1]);
  await writeNpy(at('x.npy'), { data: x, shape: [n, 4] });
  await writeNpy(at('y.npy'), { data: y, shape: [n, 1] });
}

const history = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'history.json'), 'utf8')) as Record<string, number[]>;

it('SIGINT stops train after the current batch, keeps a loadable checkpoint, exits 2, and --resume continues', async () => {
  await writeData(3000);
  const out = at('run');
  const args = ['train', MODEL, '--x', at('x.npy'), '--y', at('y.npy'), '--out', out, '--backend', 'cpu', '--seed', '3', '--epochs', String(EPOCHS), '--batch-size', '4'];
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  // Interrupt once the first epoch is committed (its checkpoint exists), in the middle of the second.
  const checkpoint = path.join(out, 'checkpoint.json');
  const deadline = Date.now() + 90000;
  while (!fs.existsSync(checkpoint) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(fs.existsSync(checkpoint), `no checkpoint before the deadline\n${stderr}`).toBe(true);
  await new Promise((r) => setTimeout(r, 300));
  const signalled = performance.now();
  child.kill('SIGINT');
  const code = await exited;
  const stopMs = performance.now() - signalled;

  expect(code, stderr).toBe(2);
  // After this batch, not after the epoch (750 batches) nor the run: well within a second or two.
  expect(stopMs).toBeLessThan(10000);
  expect(stderr).toContain('layerspec: stopping after this batch, keeping the last complete epoch (Ctrl-C again to abort at once)');
  expect(`${stdout}${stderr}`).toMatch(/Training interrupted.*the checkpoint of epoch \d+ is kept \(--resume continues from it\)/);
  expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

  const done = (JSON.parse(fs.readFileSync(checkpoint, 'utf8')) as { epoch: number }).epoch;
  expect(done).toBeGreaterThanOrEqual(1);
  expect(done).toBeLessThan(EPOCHS);
  expect(history(out).loss).toHaveLength(done);
  // It stopped inside the epoch after the last checkpoint, which it did not save.
  const stopped = /interrupted during epoch (\d+); the checkpoint of epoch (\d+) is kept/.exec(`${stdout}${stderr}`);
  expect(stopped?.slice(1).map(Number)).toEqual([done + 1, done]);
  expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);

  // The checkpoint is a weights directory predict loads.
  const predicted = runCli(['predict', MODEL, '--input', at('x.npy'), '--weights', out, '--output', at('p.npy'), '--backend', 'cpu', '--quiet']);
  expect(predicted.stderr).toBe('');
  expect(predicted.code).toBe(0);
  expect(fs.existsSync(at('p.npy'))).toBe(true);

  // --resume picks up at the next epoch.
  const resumed = runCli([...args.slice(0, -4), '--epochs', String(done + 1), '--batch-size', '4', '--resume', '--quiet']);
  expect(resumed.stderr).toBe('');
  expect(resumed.code).toBe(0);
  expect(history(out).loss).toHaveLength(done + 1);
}, 180000);
