import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy } from '../../src/io/npy-read.js';
import { writeNpy } from '../../src/io/npy-write.js';
import { readNpz } from '../../src/io/npz.js';
import { analyzeSource } from '../../src/analyze.js';
import { loadTf } from '../../src/runtime/backend.js';
import { buildModel } from '../../src/runtime/build-model.js';
import { assignWeights, weightsFromNpz } from '../../src/runtime/weights-assign.js';
import { saveWeightsDir } from '../../src/runtime/weights-dir.js';
import { runCli } from './run-cli.js';

const FIXTURES = path.resolve('test/fixtures/predict');
const fixture = (name: string) => path.join(FIXTURES, name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-predict-'));
const out = (name: string) => path.join(tmp, name);
const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5) {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) {
    if (Math.abs(actual[k] - expected[k]) > tolerance * Math.max(1, Math.abs(expected[k]))) {
      throw new Error(`element ${k}: ${actual[k]} != ${expected[k]}`);
    }
  }
}

/** Failure leaves no output and no temporary file behind. */
function expectNothingWritten(file: string) {
  expect(fs.existsSync(file)).toBe(false);
  expect(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}

describe('layerspec predict: the tutorial slice/concat model against NumPy', async () => {
  const expected = await readNpy(fixture('slice_concat.expected.npy'));
  const intExpected = await readNpy(fixture('slice_concat.int_expected.npy'));
  const variants = fs.readdirSync(FIXTURES).filter((f) => /^slice_concat\.xi?_/.test(f));

  it.each(variants)('reads %s and gives the NumPy result', async (name) => {
    const file = out(`${name}.out.npy`);
    const r = runCli(['predict', 'models/slice-concat.yaml', '--input', fixture(name), '--output', file, '--backend', 'cpu', '--batch-size', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('out (7, 4, 1, 2) float32 · 7 samples in');
    const got = await readNpy(file);
    expect(got.shape).toEqual([7, 4, 1, 2]);
    expectClose(got.data, (name.includes('xi_') ? intExpected : expected).data, 0);
  });
});

describe('layerspec predict: several inputs and outputs, weights from a Keras-named .npz', () => {
  const model = fixture('two-heads.yaml');
  const weights = fixture('two-heads.weights.npz');

  it('takes NAME=PATH inputs and writes every output into a .npz, matching NumPy', async () => {
    const file = out('two.npz');
    const r = runCli(['predict', model, '--input', `right=${fixture('two-heads.right.npy')}`, `left=${fixture('two-heads.left.npy')}`, '--weights', weights, '--output', file, '--backend', 'wasm', '--verbose', '-b', '4']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^backend: wasm \(TensorFlow\.js loaded in \d+ ms\)/m);
    expect(r.stderr).toContain('10 samples in 3 batches of up to 4');
    const got = await readNpz(file);
    expect([...got.keys()].sort()).toEqual(['probs', 'score']);
    expectClose(got.get('score')!.data, (await readNpy(fixture('two-heads.score.npy'))).data);
    expectClose(got.get('probs')!.data, (await readNpy(fixture('two-heads.probs.npy'))).data);
  });

  it('takes one .npz whose keys are the input names', async () => {
    const file = out('two-from-npz.npz');
    const r = runCli(['predict', model, '--input', fixture('two-heads.data.npz'), '--weights', weights, '--output', file, '--backend', 'cpu']);
    expect(r.code).toBe(0);
    expectClose((await readNpz(file)).get('probs')!.data, (await readNpy(fixture('two-heads.probs.npy'))).data);
  });

  it('takes the weights from a directory as train writes it (model.json + weights.bin)', async () => {
    const { tf } = await loadTf({ backend: 'cpu' });
    const analysis = analyzeSource(fs.readFileSync(model), model);
    const built = buildModel(tf, analysis);
    assignWeights(tf, built, weightsFromNpz(await readNpz(weights, { allowNestedKeys: true })), weights);
    const dir = out('two-heads-weights');
    await saveWeightsDir(tf, built, dir);
    const file = out('two-from-dir.npz');
    const r = runCli(['predict', model, '--input', fixture('two-heads.data.npz'), '--weights', dir, '--output', file, '--backend', 'cpu']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectClose((await readNpz(file)).get('score')!.data, (await readNpy(fixture('two-heads.score.npy'))).data);
    const json = runCli(['predict', model, '--input', fixture('two-heads.data.npz'), '--weights', path.join(dir, 'model.json'), '--output', file]);
    expect(json.code).toBe(2);
    expect(json.stderr).toContain(`hint: give its directory: --weights ${dir}`);
  });

  it('refuses weights that do not fit, listing what the model expects; writes nothing', () => {
    const file = out('never.npz');
    const r = runCli(['predict', model, '--input', fixture('two-heads.data.npz'), '--weights', fixture('two-heads.data.npz'), '--output', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing hidden/kernel (5, 4)');
    expect(r.stderr).toContain('extra left, right');
    noStackTrace(r.stderr);
    expectNothingWritten(file);
  });

  it('refuses a .npy output for a model with two outputs (exit 2)', () => {
    const r = runCli(['predict', model, '--input', fixture('two-heads.data.npz'), '--output', out('two.npy')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the model has 2 outputs (score, probs), which a .npy cannot hold');
  });
});

describe('layerspec predict: initial weights', () => {
  it('--seed makes fresh weights reproducible; another seed gives others', async () => {
    const x = out('seed-x.npy');
    await writeNpy(x, { data: Float32Array.from({ length: 5 * 8 }, (_, k) => Math.sin(k)), shape: [5, 8] });
    const run = async (seed: string, name: string) => {
      const r = runCli(['predict', 'models/lambda-square.yaml', '--input', x, '--output', out(name), '--seed', seed, '--backend', 'cpu']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('no --weights given');
      return Array.from((await readNpy(out(name))).data);
    };
    const a = await run('1', 'seed-a.npy');
    expect(await run('1', 'seed-b.npy')).toEqual(a);
    expect(await run('2', 'seed-c.npy')).not.toEqual(a);
  });
});

describe('layerspec predict: bad data and paths are refused before anything runs', () => {
  it('a shape that does not fit the model input: exit 1, the axes named, nothing written', async () => {
    const x = out('wrong-shape.npy');
    await writeNpy(x, { data: new Float32Array(6 * 4 * 3), shape: [6, 4, 3] });
    const file = out('wrong-shape.out.npy');
    const r = runCli(['predict', 'models/slice-concat.yaml', '--input', x, '--output', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("has shape (6, 4, 3), but model input 'a' takes (None, 4, 2): axis 2 is 3, not 2 [data/shape]");
    noStackTrace(r.stderr);
    expectNothingWritten(file);
  });

  it('a malformed .npy: exit 1 with the file named', () => {
    const x = out('garbage.npy');
    fs.writeFileSync(x, 'not numpy at all');
    const file = out('garbage.out.npy');
    const r = runCli(['predict', 'models/slice-concat.yaml', '--input', x, '--output', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('garbage.npy');
    expect(r.stderr).toContain('[npy/magic]');
    expectNothingWritten(file);
  });

  it('refuses to write over its input, or into a missing directory (exit 2)', () => {
    const x = fixture('slice_concat.x_f4.npy');
    const over = runCli(['predict', 'models/slice-concat.yaml', '--input', x, '--output', x]);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('is also an input of this command');
    const missing = runCli(['predict', 'models/slice-concat.yaml', '--input', x, '--output', out('no/such/dir/y.npy')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });

  it('a missing input file is exit 2; a model with errors is exit 1 with its diagnostics', () => {
    const r = runCli(['predict', 'models/slice-concat.yaml', '--input', out('nope.npy'), '--output', out('nope.out.npy')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.npy');
    noStackTrace(r.stderr);
    const bad = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(bad, 'layerspec: 1\ninput: { shape: [4] }\nlayers:\n  - { type: Dense, unitz: 3 }\n');
    const m = runCli(['predict', bad, '--input', fixture('slice_concat.x_f4.npy'), '--output', out('bad.out.npy')]);
    expect(m.code).toBe(1);
    expect(m.stderr).toContain('schema/unknown-key');
  });

  it('bad flags are usage errors (exit 2)', () => {
    const x = fixture('slice_concat.x_f4.npy');
    expect(runCli(['predict', 'models/slice-concat.yaml', '--input', x, '--output', out('b.npy'), '--batch-size', '0']).code).toBe(2);
    const backend = runCli(['predict', 'models/slice-concat.yaml', '--input', x, '--output', out('b.npy'), '--backend', 'gpu']);
    expect(backend.code).toBe(2);
    expect(backend.stderr).toContain('auto, tensorflow, wasm, cpu');
  });
});
