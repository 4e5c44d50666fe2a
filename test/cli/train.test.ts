import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNpy } from '../../src/io/npy-read.js';
import { writeNpy } from '../../src/io/npy-write.js';
import { readCheckpoint } from '../../src/runtime/checkpoint.js';
import { readWeightsDir } from '../../src/runtime/weights-dir.js';
import { BIN, runCli } from './run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-train-'));
const at = (name: string) => path.join(tmp, name);
const MODEL = path.resolve('test/fixtures/train/regression.yaml');
const history = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'history.json'), 'utf8')) as Record<string, number[]>;
const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

/** y = sum of x's squares with a little structure; deterministic. */
async function writeData(n: number, prefix: string) {
  const x = Float32Array.from({ length: n * 4 }, (_, k) => Math.sin(k * 0.37) * 2);
  const y = Float32Array.from({ length: n }, (_, i) => x[4 * i] * x[4 * i] * 0.5 + x[4 * i + 1] - 0.3 * x[4 * i + 2]);
  await writeNpy(at(`${prefix}x.npy`), { data: x, shape: [n, 4] });
  await writeNpy(at(`${prefix}y.npy`), { data: y, shape: [n, 1] });
  return { x: at(`${prefix}x.npy`), y: at(`${prefix}y.npy`) };
}

let data: { x: string; y: string };
beforeAll(async () => {
  data = await writeData(256, '');
});

const train = (out: string, ...extra: string[]) => runCli(['train', MODEL, '--x', data.x, '--y', data.y, '--out', out, '--backend', 'cpu', '--seed', '7', ...extra]);

describe('layerspec train', () => {
  it('fits, writes model.json + weights.bin + Keras history, one plain line per epoch in a log', async () => {
    const out = at('run1');
    const r = train(out, '--validation-split', '0.25');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Epoch 1\/3/);
    expect(r.stdout).toMatch(/Epoch 3\/3.*loss: \d+\.\d{4}.*val_loss: \d+\.\d{4}/);
    for (const f of ['model.json', 'weights.bin', 'history.json', 'checkpoint.json', 'optimizer.bin', 'model.yaml']) expect(fs.existsSync(path.join(out, f))).toBe(true);
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp') || f.endsWith('.next'))).toEqual([]);
    expect(fs.readFileSync(path.join(out, 'model.yaml'), 'utf8')).toBe(fs.readFileSync(MODEL, 'utf8'));
    const h = history(out);
    expect(Object.keys(h).sort()).toEqual(['loss', 'mae', 'val_loss', 'val_mae']);
    expect(h.loss).toHaveLength(3);
    expect(h.loss[2]).toBeLessThan(h.loss[0]);
    // predict reads what train wrote
    const pred = at('run1-pred.npy');
    const p = runCli(['predict', MODEL, '--input', data.x, '--weights', out, '--output', pred, '--backend', 'cpu']);
    expect(p.code).toBe(0);
    const yPred = (await readNpy(pred)).data;
    expect(yPred.length).toBe(256);
    // evaluate: the YAML's loss and metrics of the saved weights, as NumPy would compute them from predict's output
    const e = runCli(['evaluate', MODEL, '--weights', out, '--x', data.x, '--y', data.y, '--backend', 'cpu', '--json']);
    expect(e.stderr).toBe('');
    expect(e.code).toBe(0);
    const scores = JSON.parse(e.stdout);
    expect(Object.keys(scores)).toEqual(['loss', 'mae']);
    const y = Array.from((await readNpy(data.y)).data);
    const mse = y.reduce((s, v, i) => s + (v - yPred[i]) ** 2, 0) / y.length;
    const mae = y.reduce((s, v, i) => s + Math.abs(v - yPred[i]), 0) / y.length;
    expect(scores.loss).toBeCloseTo(mse, 5);
    expect(scores.mae).toBeCloseTo(mae, 5);
    expect(runCli(['evaluate', MODEL, '--weights', out, '--x', data.x, '--y', data.y]).stdout).toMatch(/^256 samples - loss: \d+\.\d{4} - mae: \d+\.\d{4}\n$/);
  });

  it('trains a two-output model from a .npz and NAME=PATH targets, with separate validation data', () => {
    const F = path.resolve('test/fixtures/predict');
    const out = at('two-heads');
    const r = runCli(['train', `${F}/two-heads.yaml`, '--x', `${F}/two-heads.data.npz`, '--y', `score=${F}/two-heads.score.npy`, `probs=${F}/two-heads.probs.npy`,
      '--validation-x', `left=${F}/two-heads.left.npy`, `right=${F}/two-heads.right.npy`, '--validation-y', `score=${F}/two-heads.score.npy`, `probs=${F}/two-heads.probs.npy`,
      '--out', out, '--epochs', '2', '--backend', 'cpu']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(Object.keys(history(out))).toEqual(['loss', 'score_loss', 'probs_loss', 'val_loss', 'val_score_loss', 'val_probs_loss']);
  });

  it('gives the same loss curve for the same seed; --json prints one object per epoch', () => {
    const a = train(at('seed-a'), '--json');
    const b = train(at('seed-b'));
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(history(at('seed-a'))).toEqual(history(at('seed-b')));
    const lines = a.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const epochs = lines.filter((l) => typeof l.epoch === 'number' && typeof l.loss === 'number');
    expect(epochs.map((l) => l.epoch)).toEqual([1, 2, 3]);
    expect(epochs.map((l) => l.loss)).toEqual(history(at('seed-a')).loss);
  });

  it('--resume continues from the last complete epoch, exactly as an uninterrupted run', () => {
    const whole = at('whole');
    expect(train(whole, '--epochs', '4').code).toBe(0);
    const parts = at('parts');
    expect(train(parts, '--epochs', '2').code).toBe(0);
    expect(history(parts).loss).toHaveLength(2);
    const r = train(parts, '--epochs', '4', '--resume');
    expect(r.code).toBe(0);
    // Equal up to float rounding: tfjs's Adam restores beta^t with pow(), where the run multiplied.
    const [a, b] = [history(parts), history(whole)];
    expect(Object.keys(a)).toEqual(Object.keys(b));
    for (const key of Object.keys(b)) b[key].forEach((v, i) => expect(Math.abs(a[key][i] - v)).toBeLessThan(1e-6 * Math.abs(v) + 1e-9));
    const floats = (dir: string) => new Float32Array(Uint8Array.from(fs.readFileSync(path.join(dir, 'weights.bin'))).buffer);
    const [wa, wb] = [floats(parts), floats(whole)];
    wb.forEach((v, i) => expect(Math.abs(wa[i] - v)).toBeLessThan(1e-5));
  });

  it('survives SIGKILL: the checkpoint stays loadable and --resume finishes the run', async () => {
    const big = await writeData(3000, 'big-');
    const out = at('killed');
    const args = [BIN, 'train', MODEL, '--x', big.x, '--y', big.y, '--out', out, '--backend', 'cpu', '--seed', '3', '--epochs', '40', '--batch-size', '4', '--quiet'];
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    const checkpoint = path.join(out, 'checkpoint.json');
    const deadline = Date.now() + 60000;
    while (!fs.existsSync(checkpoint) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(fs.existsSync(checkpoint)).toBe(true);
    const done = JSON.parse(fs.readFileSync(checkpoint, 'utf8')).epoch as number;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(40);
    // A kill between the commit and the renames is finished by the checkpoint reader (roll forward).
    expect((await readCheckpoint(out))?.state.epoch).toBe(done);
    expect((await readWeightsDir(out)).size).toBe(4);
    const r = runCli(['train', MODEL, '--x', big.x, '--y', big.y, '--out', out, '--backend', 'cpu', '--seed', '3', '--epochs', String(done + 1), '--batch-size', '4', '--resume', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(history(out).loss).toHaveLength(done + 1);
  }, 120000);

  it('stops at a NaN loss with exit 1, keeping the last good checkpoint', async () => {
    const out = at('nan');
    expect(train(out, '--epochs', '1').code).toBe(0);
    const bad = new Float32Array(256).fill(1);
    bad[200] = Number.NaN;
    await writeNpy(at('nan-y.npy'), { data: bad, shape: [256, 1] });
    const r = runCli(['train', MODEL, '--x', data.x, '--y', at('nan-y.npy'), '--out', out, '--backend', 'cpu', '--epochs', '3', '--resume']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the loss became NaN at epoch 2/);
    noStackTrace(r.stderr);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'checkpoint.json'), 'utf8')).epoch).toBe(1);
    expect(history(out).loss).toHaveLength(1);
  });

  it('refuses data that does not fit before training: sample counts, target shape', async () => {
    await writeNpy(at('short-y.npy'), { data: new Float32Array(100), shape: [100, 1] });
    const out = at('never');
    const r = runCli(['train', MODEL, '--x', data.x, '--y', at('short-y.npy'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('different numbers of samples');
    await writeNpy(at('wide-y.npy'), { data: new Float32Array(256 * 3), shape: [256, 3] });
    const w = runCli(['train', MODEL, '--x', data.x, '--y', at('wide-y.npy'), '--out', out]);
    expect(w.code).toBe(1);
    expect(w.stderr).toContain("but the targets of output 'y' must be (None, 1): axis 1 is 3, not 1 [data/shape]");
    expect(fs.existsSync(out)).toBe(false);
  });

  it('applies the YAML regularizer and constraint in training', async () => {
    const out = at('constrained');
    const r = runCli(['train', 'test/fixtures/train/constrained.yaml', '--x', data.x, '--y', data.y, '--out', out, '--backend', 'cpu', '--seed', '1']);
    expect(r.code).toBe(0);
    const kernel = (await readWeightsDir(out)).get('y/kernel')!;
    expect(Array.from(kernel.data).every((v) => v >= 0)).toBe(true);
    expect(Array.from(kernel.data).some((v) => v > 0)).toBe(true);
  });
});
