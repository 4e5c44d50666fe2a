/**
 * Model weights on disk: the `train --out DIR` format (saveWeightsDir / readWeightsDir), named
 * weights from a .npz (weightsFromNpz), and matching them to a built model (assignWeights), with
 * the Keras-style names that `summary --json` lists.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tfTypes from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyze.js';
import { parseDescr } from '../../src/io/dtypes.js';
import type { NpyArray } from '../../src/io/npy-read.js';
import { builtinRegistry } from '../../src/layers/index.js';
import { loadTf, type Tf } from '../../src/runtime/backend.js';
import { BuildError, buildModel } from '../../src/runtime/build-model.js';
import { assignWeights, modelWeights, type NamedWeights, weightsFromNpz, WeightsError } from '../../src/runtime/weights-assign.js';
import { MAX_MODEL_JSON_BYTES, readWeightsDir, saveWeightsDir } from '../../src/runtime/weights-dir.js';
import { summarize } from '../../src/summary/summary.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'layerspec-weights-'));
let dirCount = 0;
const freshDir = () => join(tmp, `d${dirCount++}`);

let tf: Tf;
beforeAll(async () => {
  tf = (await loadTf({ backend: 'cpu' })).tf;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A model from YAML (or JSON) text; undefined when a layer type cannot run yet (built elsewhere). */
function tryBuild(source: string, file: string): { model: tfTypes.LayersModel; analysis: ReturnType<typeof analyzeSource> } | undefined {
  const analysis = analyzeSource(source, file);
  expect(analysis.diagnostics.filter((d) => d.severity === 'error'), file).toEqual([]);
  try {
    return { model: buildModel(tf, analysis), analysis };
  } catch (error) {
    if (error instanceof BuildError && /cannot run yet/.test(error.message)) return undefined;
    throw error;
  }
}

/** `<layer>/<weight>` -> shape, as `summary --json` lists the model's weights. */
function summaryWeights(analysis: ReturnType<typeof analyzeSource>): Map<string, number[]> {
  const summary = summarize(analysis)!;
  return new Map(summary.layers.flatMap((l) => l.weights.map((w) => [`${l.name}/${w.name}`, w.shape] as const)));
}

const derivedWeights = (model: tfTypes.LayersModel) => new Map(modelWeights(model).map((w) => [w.name, w.shape]));

describe('weight names: summary --json == the built tfjs model', () => {
  const examples = readdirSync(join(root, 'models')).filter((f) => f.endsWith('.yaml'));
  for (const file of examples) {
    it(`models/${file}`, (ctx) => {
      const built = tryBuild(readFileSync(join(root, 'models', file), 'utf8'), `models/${file}`);
      if (!built) return ctx.skip();
      expect(derivedWeights(built.model)).toEqual(summaryWeights(built.analysis));
      built.model.dispose();
    });
  }

  // One small model per registered type that has weights (and the wrapper combinations).
  const CASES: { type: string; input: number[]; dtype?: string; params?: Record<string, unknown> }[] = [
    { type: 'BatchNormalization', input: [6, 3] },
    { type: 'BatchNormalization', input: [6, 3], params: { scale: false, center: false } },
    { type: 'Bidirectional', input: [7, 5], params: { layer: { type: 'LSTM', units: 4 } } },
    { type: 'Bidirectional', input: [7, 5], params: { layer: { type: 'GRU', units: 4, use_bias: false }, merge_mode: 'sum' } },
    { type: 'Bidirectional', input: [7, 5], params: { layer: { type: 'SimpleRNN', units: 2 } } },
    { type: 'CAM', input: [8, 8, 16] },
    { type: 'Conv1D', input: [8, 3], params: { filters: 2, kernel_size: 3 } },
    { type: 'Conv2D', input: [6, 6, 3], params: { filters: 2, kernel_size: 3 } },
    { type: 'Conv2DTranspose', input: [6, 6, 3], params: { filters: 2, kernel_size: 3 } },
    { type: 'Dense', input: [5], params: { units: 3, use_bias: false } },
    { type: 'DepthwiseConv2D', input: [6, 6, 3], params: { kernel_size: 3, depth_multiplier: 2 } },
    { type: 'Embedding', input: [7], dtype: 'int32', params: { input_dim: 10, output_dim: 3 } },
    { type: 'GRU', input: [7, 5], params: { units: 4 } },
    { type: 'KernelDot', input: [5], params: { output_dim: 3 } },
    { type: 'LayerNormalization', input: [6, 3] },
    { type: 'LocallyConnected2D', input: [6, 6, 3], params: { filters: 2, kernel_size: 3 } },
    { type: 'LSTM', input: [7, 5], params: { units: 4, return_sequences: true } },
    { type: 'PAM', input: [8, 8, 16] },
    { type: 'PReLU', input: [6, 3] },
    { type: 'Scale', input: [6, 3] },
    { type: 'SeparableConv2D', input: [6, 6, 3], params: { filters: 2, kernel_size: 3 } },
    { type: 'SimpleRNN', input: [7, 5], params: { units: 4 } },
    { type: 'TimeDistributed', input: [7, 5], params: { layer: { type: 'Dense', units: 3 } } },
    { type: 'TimeDistributed', input: [4, 6, 6, 3], params: { layer: { type: 'Conv2D', filters: 2, kernel_size: 3 } } },
    { type: 'TimeDistributed', input: [4, 6, 3], params: { layer: { type: 'BatchNormalization' } } },
  ];

  it('covers every registered type that has weights', () => {
    const weighted = builtinRegistry().defs.filter((d) => d.weights !== undefined).map((d) => d.type);
    expect(weighted.filter((t) => !CASES.some((c) => c.type === t))).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.type} ${JSON.stringify(c.params ?? {})}`, (ctx) => {
      // Two layers of the type in one model, so that tfjs's per-process unique names come into play.
      const spec = {
        layerspec: 1,
        name: 'one-type',
        inputs: { x: { shape: c.input, ...(c.dtype ? { dtype: c.dtype } : {}) } },
        layers: {
          first: { type: c.type, input: 'x', ...c.params },
          second: { type: c.type, input: 'x', ...c.params },
        },
        outputs: ['first', 'second'],
      };
      const built = tryBuild(JSON.stringify(spec), `${c.type}.yaml`);
      if (!built) return ctx.skip();
      const expected = summaryWeights(built.analysis);
      expect(expected.size).toBeGreaterThan(0);
      expect(derivedWeights(built.model)).toEqual(expected);
      built.model.dispose();
    });
  }
});

// A model with the naming cases that matter for a round trip: wrapped recurrent layers,
// non-trainable BatchNormalization statistics, an int input, two inputs.
const MIXED = `
layerspec: 1
name: mixed
inputs:
  tokens: { shape: [6], dtype: int32 }
  image: { shape: [6, 6, 2] }
layers:
  embed: { type: Embedding, input: tokens, input_dim: 20, output_dim: 4 }
  encode: { type: Bidirectional, input: embed, layer: { type: GRU, units: 3 } }
  conv: { type: Conv2D, input: image, filters: 3, kernel_size: 3 }
  norm: { type: BatchNormalization, input: conv }
  steps: { type: TimeDistributed, input: norm, layer: { type: Dense, units: 2 } }
  flat: { type: Flatten, input: steps }
  joined: { type: Concatenate, inputs: [encode, flat] }
  out: { type: Dense, input: joined, units: 2 }
outputs: [out]
`;

function buildMixed(): tfTypes.LayersModel {
  return tryBuild(MIXED, 'mixed.yaml')!.model;
}

/** Random values for every weight (positive for variances), so that nothing is left at its initial value. */
function randomize(model: tfTypes.LayersModel): void {
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((w) => tf.randomUniform(w.shape as number[], 0.5, 1.5));
    layer.setWeights(values);
    tf.dispose(values);
  }
}

let inputs: tfTypes.Tensor[] = [];
function predict(model: tfTypes.LayersModel): number[] {
  if (inputs.length === 0) inputs = [tf.randomUniform([3, 6], 0, 20, 'int32'), tf.randomUniform([3, 6, 6, 2])];
  const y = model.predict(inputs) as tfTypes.Tensor;
  const values = Array.from(y.dataSync());
  y.dispose();
  return values;
}

/** Named weights with the built model's values, as the .npz reader gives them. */
function npzFrom(model: tfTypes.LayersModel): Map<string, NpyArray> {
  return new Map(modelWeights(model).map((w) => {
    const data = (w.variable.read().dataSync() as Float32Array).slice();
    const array: NpyArray = { data, shape: w.shape, dtype: 'float32', source: parseDescr('<f4', 'model.npz') };
    return [w.name, array];
  }));
}

describe('save -> read -> assign', () => {
  it('gives identical predictions, and tfjs itself loads the directory', async () => {
    const a = buildMixed();
    randomize(a);
    const dir = join(freshDir(), 'nested', 'run');
    await saveWeightsDir(tf, a, dir);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);

    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json).toMatchObject({ format: 'layers-model', convertedBy: null, weightsManifest: [{ paths: ['weights.bin'] }] });
    expect(json.modelTopology).toBeTruthy();
    expect(typeof json.generatedBy).toBe('string');

    const weights = await readWeightsDir(dir);
    expect(new Set(weights.keys())).toEqual(new Set(modelWeights(a).map((w) => w.name)));
    expect(weights.get('encode/forward_recurrent_kernel')?.shape).toEqual([3, 9]);
    expect(weights.has('norm/moving_variance')).toBe(true);

    const b = buildMixed();
    expect(predict(b)).not.toEqual(predict(a));
    assignWeights(tf, b, weights, dir);
    expect(predict(b)).toEqual(predict(a));

    // The same directory through tfjs's own loader.
    const bin = readFileSync(join(dir, 'weights.bin'));
    const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => [
      manifest.flatMap((g) => g.weights),
      bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    ]);
    const c = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    expect(predict(c)).toEqual(predict(a));
    for (const model of [a, b, c]) model.dispose();
  });

  it('saves over an earlier save, leaving no temporary files', async () => {
    const a = buildMixed();
    const dir = freshDir();
    await saveWeightsDir(tf, a, dir);
    randomize(a);
    await saveWeightsDir(tf, a, dir);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const b = buildMixed();
    assignWeights(tf, b, await readWeightsDir(dir), dir);
    expect(predict(b)).toEqual(predict(a));
  });

  it('refuses a directory that is a file, leaving nothing behind', async () => {
    const file = join(freshDir());
    writeFileSync(file, 'not a directory');
    const error = await saveWeightsDir(tf, buildMixed(), file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeightsError);
    expect((error as WeightsError).code).toBe('weights/file');
    expect((error as WeightsError).message).toMatch(new RegExp(`${escape(file)} is a file`));
  });

  it('refuses a directory it cannot create or write to', async () => {
    const file = freshDir();
    writeFileSync(file, '');
    const error = await saveWeightsDir(tf, buildMixed(), join(file, 'run')).catch((e: unknown) => e);
    expect((error as WeightsError).code).toBe('weights/file');
    expect((error as WeightsError).message).toMatch(new RegExp(`^cannot create the directory ${escape(join(file, 'run'))}: `));
  });

  it.skipIf(process.getuid?.() === 0)('refuses a read-only directory (not testable as root)', async () => {
    const dir = freshDir();
    mkdirSync(dir, { mode: 0o500 });
    const error = await saveWeightsDir(tf, buildMixed(), dir).catch((e: unknown) => e);
    expect((error as WeightsError).message).toMatch(new RegExp(`^cannot write to the directory ${escape(dir)}: `));
  });

  it('removes its temporary files when a write fails', async () => {
    const dir = freshDir();
    mkdirSync(join(dir, 'model.json'), { recursive: true }); // renaming over a directory fails
    const error = await saveWeightsDir(tf, buildMixed(), dir).catch((e: unknown) => e);
    expect((error as WeightsError).code).toBe('weights/file');
    expect((error as WeightsError).message).toMatch(/cannot write .*model\.json/);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('saves a model without weights', async () => {
    const model = tryBuild('layerspec: 1\nname: w0\ninput: { shape: [3] }\nlayers:\n  - { type: ReLU }\n', 'w0.yaml')!.model;
    const dir = freshDir();
    await saveWeightsDir(tf, model, dir);
    expect((await readWeightsDir(dir)).size).toBe(0);
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('named weights (.npz)', () => {
  it('a Map of NpyArrays round-trips', () => {
    const a = buildMixed();
    randomize(a);
    const entries = npzFrom(a);
    const b = buildMixed();
    assignWeights(tf, b, weightsFromNpz(entries), 'model.npz');
    expect(predict(b)).toEqual(predict(a));
    // The reader's Map is a NamedWeights as it is.
    const c = buildMixed();
    const direct: NamedWeights = entries;
    assignWeights(tf, c, direct, 'model.npz');
    expect(predict(c)).toEqual(predict(a));
  });

  const fit = (weights: NamedWeights): WeightsError => {
    try {
      assignWeights(tf, buildMixed(), weights, 'model.npz', { modelFile: 'mixed.yaml' });
    } catch (error) {
      expect(error).toBeInstanceOf(WeightsError);
      return error as WeightsError;
    }
    throw new Error('assignWeights accepted weights that do not fit');
  };
  const complete = () => weightsFromNpz(npzFrom(buildMixed()));

  it('reports missing weights with their shapes', () => {
    const weights = complete();
    weights.delete('conv/kernel');
    weights.delete('conv/bias');
    const error = fit(weights);
    expect(error.code).toBe('weights/missing');
    expect(error.file).toBe('model.npz');
    expect(error.message).toBe(
      'model.npz does not fit the model: missing conv/kernel (3, 3, 2, 3), conv/bias (3,). ' +
        'The model\'s weights are listed by `layerspec summary mixed.yaml --json`.',
    );
  });

  it('reports extra, misshapen and wrongly typed weights, all in one message', () => {
    const weights = complete();
    weights.set('foo/kernel', { shape: [1], dtype: 'float32', data: new Float32Array(1) });
    weights.set('out/kernel', { shape: [20, 2], dtype: 'float32', data: new Float32Array(40) });
    weights.set('out/bias', { shape: [2], dtype: 'int32', data: new Int32Array(2) });
    weights.delete('embed/embeddings');
    const error = fit(weights);
    expect(error.code).toBe('weights/missing');
    expect(error.message).toBe(
      'model.npz does not fit the model: missing embed/embeddings (20, 4); extra foo/kernel; ' +
        'out/kernel is (20, 2) but the model expects (38, 2); out/bias is int32 but the model expects float32. ' +
        'The model\'s weights are listed by `layerspec summary mixed.yaml --json`.',
    );
    weights.set('embed/embeddings', { shape: [20, 4], dtype: 'float32', data: new Float32Array(80) });
    expect(fit(weights).code).toBe('weights/extra');
    weights.delete('foo/kernel');
    expect(fit(weights).code).toBe('weights/shape');
    weights.set('out/kernel', { shape: [38, 2], dtype: 'float32', data: new Float32Array(76) });
    expect(fit(weights).code).toBe('weights/dtype');
  });

  it('reports data that does not fill its shape', () => {
    const weights = complete();
    weights.set('out/bias', { shape: [2], dtype: 'float32', data: new Float32Array(3) });
    expect(fit(weights).code).toBe('weights/shape');
    expect(fit(weights).message).toMatch(/out\/bias holds 3 values, but its shape \(2,\) needs 2/);
  });

  it('sets nothing when anything is wrong', () => {
    const model = buildMixed();
    const before = predict(model);
    const weights = weightsFromNpz(npzFrom(buildMixed()));
    weights.delete('out/bias');
    expect(() => assignWeights(tf, model, weights, 'model.npz')).toThrow(WeightsError);
    expect(predict(model)).toEqual(before);
  });
});

describe('readWeightsDir: a hostile directory', () => {
  /** A directory with the given model.json (object or raw text) and files. */
  function dirWith(modelJson: unknown, files: Record<string, Uint8Array | string> = {}): string {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(join(dir, 'model.json'), typeof modelJson === 'string' ? modelJson : JSON.stringify(modelJson));
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    return dir;
  }
  const manifest = (weights: unknown[], paths = ['weights.bin']) => ({ format: 'layers-model', modelTopology: {}, weightsManifest: [{ paths, weights }] });
  const dense = [{ name: 'dense/kernel', shape: [2, 3], dtype: 'float32' }, { name: 'dense/bias', shape: [3], dtype: 'float32' }];
  const bytes = (n: number) => new Uint8Array(n);

  async function refused(dir: string): Promise<WeightsError> {
    const error = await readWeightsDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeightsError);
    return error as WeightsError;
  }

  it('reads a well-formed manifest, mapping tfjs names to Keras names', async () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const flags = new Uint8Array([0, 5, 1]);
    const steps = new Int32Array([-1, 2]);
    const bin = new Uint8Array([...new Uint8Array(data.buffer), ...flags, ...new Uint8Array(steps.buffer)]);
    const dir = dirWith(
      manifest([
        ...dense,
        { name: 'flags/mask', shape: [3], dtype: 'bool' }, // unaligned data follows
        { name: 'steps/count', shape: [2], dtype: 'int32' },
      ]),
      { 'weights.bin': bin },
    );
    const weights = await readWeightsDir(dir);
    expect(Array.from(weights.get('dense/kernel')!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(weights.get('dense/bias')).toEqual({ shape: [3], dtype: 'float32', data: new Float32Array([7, 8, 9]) });
    expect(weights.get('flags/mask')).toEqual({ shape: [3], dtype: 'bool', data: new Uint8Array([0, 1, 1]) });
    expect(weights.get('steps/count')).toEqual({ shape: [2], dtype: 'int32', data: new Int32Array([-1, 2]) });
  });

  it('maps wrapper scopes: Bidirectional directions, Keras converter cell scopes', async () => {
    const dir = dirWith(
      manifest([
        { name: 'bidi/forward_lstm_LSTM7/kernel', shape: [1], dtype: 'float32' },
        { name: 'bidi/backward_lstm_LSTM7/kernel', shape: [1], dtype: 'float32' },
        { name: 'bidi2/forward_lstm/lstm_cell/recurrent_kernel', shape: [1], dtype: 'float32' },
        { name: 'rnn/lstm_cell/bias', shape: [1], dtype: 'float32' },
      ]),
      { 'weights.bin': bytes(16) },
    );
    expect([...(await readWeightsDir(dir)).keys()]).toEqual(['bidi/forward_kernel', 'bidi/backward_kernel', 'bidi2/forward_recurrent_kernel', 'rnn/bias']);
  });

  it('reads weights split over several files and groups', async () => {
    const dir = dirWith(
      { weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: dense }, { paths: ['group2.bin'], weights: [{ name: 'x/y', shape: [], dtype: 'float32' }] }] },
      { 'group1-shard1of2.bin': bytes(20), 'group1-shard2of2.bin': bytes(16), 'group2.bin': new Uint8Array(new Float32Array([2.5]).buffer) },
    );
    const weights = await readWeightsDir(dir);
    expect(weights.get('dense/bias')!.data).toEqual(new Float32Array(3));
    expect(weights.get('x/y')).toEqual({ shape: [], dtype: 'float32', data: new Float32Array([2.5]) });
  });

  for (const [title, path] of [
    ['a path out of the directory', '../weights.bin'],
    ['an absolute path', '/etc/passwd'],
    ['a URL', 'https://example.com/weights.bin'],
    ['a file URL', 'file:///etc/passwd'],
    ['a sub-directory', 'sub/weights.bin'],
    ['a Windows path', '..\\weights.bin'],
    ['the directory itself', '.'],
  ]) {
    it(`refuses ${title}`, async () => {
      const dir = dirWith(manifest(dense, [path]), { 'weights.bin': bytes(36) });
      const error = await refused(dir);
      expect(error.code).toBe('weights/file');
      expect(error.message).toContain(`weights file path '${path}' must be a plain file name inside`);
      expect(error.message).toContain(join(dir, 'model.json'));
    });
  }

  it('refuses links out of the directory', async () => {
    const outside = join(freshDir());
    writeFileSync(outside, bytes(36));
    const weights = dirWith(manifest(dense));
    symlinkSync(outside, join(weights, 'weights.bin'));
    expect((await refused(weights)).message).toMatch(/weights\.bin links to a file outside .*; the weights must be files in the directory itself/);
    const model = freshDir();
    mkdirSync(model);
    writeFileSync(outside + '.json', JSON.stringify(manifest([])));
    symlinkSync(outside + '.json', join(model, 'model.json'));
    expect((await refused(model)).message).toMatch(/model\.json links to a file outside/);
    // A link that stays inside is fine.
    const inside = dirWith(manifest(dense), { 'real.bin': bytes(36) });
    symlinkSync('real.bin', join(inside, 'weights.bin'));
    expect((await readWeightsDir(inside)).size).toBe(2);
  });

  it('refuses weight files that are not the size the manifest declares', async () => {
    const truncated = await refused(dirWith(manifest(dense), { 'weights.bin': bytes(30) }));
    expect(truncated.code).toBe('weights/file');
    expect(truncated.message).toMatch(/model\.json: weights\.bin holds 30 bytes, but the manifest's 2 weights need 36/);
    const longer = await refused(dirWith(manifest(dense), { 'weights.bin': bytes(40) }));
    expect(longer.message).toMatch(/holds 40 bytes, but the manifest's 2 weights need 36/);
  });

  it('refuses a huge declared shape before allocating anything', async () => {
    const huge = await refused(dirWith(manifest([{ name: 'a/b', shape: [1e9, 1e9, 1e9], dtype: 'float32' }]), { 'weights.bin': bytes(4) }));
    expect(huge.code).toBe('weights/shape');
    expect(huge.message).toMatch(/'a\/b' declares shape \(1000000000, 1000000000, 1000000000\), too large/);
    const big = await refused(dirWith(manifest([{ name: 'a/b', shape: [100000, 100000], dtype: 'float32' }]), { 'weights.bin': bytes(4) }));
    expect(big.message).toMatch(/holds 4 bytes, but the manifest's 1 weights need 40000000000/);
  });

  it('refuses bad shapes, dtypes and names', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ name: 'a/b', shape: [-1], dtype: 'float32' }, 'weights/file', /weightsManifest\.0\.weights\.0\.shape\.0/],
      [{ name: 'a/b', shape: [1.5], dtype: 'float32' }, 'weights/file', /shape\.0/],
      [{ name: 'a/b', shape: 'big', dtype: 'float32' }, 'weights/file', /shape/],
      [{ name: 'a/b', shape: [1], dtype: 'string' }, 'weights/dtype', /'a\/b' holds strings; layerspec reads float32, int32 and bool/],
      [{ name: 'a/b', shape: [1], dtype: 'complex64' }, 'weights/dtype', /'a\/b' has dtype 'complex64'/],
      [{ name: 'a/b', shape: [1], dtype: 'constructor' }, 'weights/dtype', /'a\/b' has dtype 'constructor'/],
      [{ name: 'a/b', shape: [1], dtype: 'float32', quantization: { dtype: 'uint8', scale: 1, min: 0 } }, 'weights/dtype', /'a\/b' is quantized/],
      [{ name: 'kernel', shape: [1], dtype: 'float32' }, 'weights/file', /weight name 'kernel' is not of the form <layer>\/<weight>/],
      [{ name: 'a//b', shape: [1], dtype: 'float32' }, 'weights/file', /not of the form/],
    ];
    for (const [spec, code, message] of cases) {
      const error = await refused(dirWith(manifest([spec]), { 'weights.bin': bytes(4) }));
      expect([error.code, error.message], JSON.stringify(spec)).toEqual([code, expect.stringMatching(message)]);
      expect(error.message).toContain('model.json');
    }
  });

  it('refuses duplicate names and duplicate paths', async () => {
    const twice = await refused(dirWith(manifest([dense[1], dense[1]]), { 'weights.bin': bytes(24) }));
    expect(twice.message).toMatch(/the manifest lists 'dense\/bias' twice/);
    const sameKeras = [{ name: 'b/forward_x/kernel', shape: [1], dtype: 'float32' }, { name: 'b/forward_y/kernel', shape: [1], dtype: 'float32' }];
    const mapped = await refused(dirWith(manifest(sameKeras), { 'weights.bin': bytes(8) }));
    expect(mapped.message).toMatch(/both 'b\/forward_x\/kernel' and 'b\/forward_y\/kernel' \(both b\/forward_kernel\)/);
    const paths = await refused(dirWith({ weightsManifest: [{ paths: ['w.bin'], weights: [] }, { paths: ['w.bin'], weights: [] }] }, { 'w.bin': bytes(0) }));
    expect(paths.message).toMatch(/'w\.bin' is listed twice/);
  });

  it('refuses bad JSON, naming the file', async () => {
    const dir = dirWith('{"weightsManifest": [');
    const error = await refused(dir);
    expect(error.code).toBe('weights/file');
    expect(error.file).toBe(join(dir, 'model.json'));
    expect(error.message).toMatch(new RegExp(`^${escape(join(dir, 'model.json'))} is not valid JSON: `));
  });

  it('refuses a model.json without a manifest, or of another format', async () => {
    expect((await refused(dirWith({ modelTopology: {} }))).message).toMatch(/not a tfjs layers model with a weights manifest: weightsManifest/);
    expect((await refused(dirWith([1, 2]))).message).toMatch(/not a tfjs layers model/);
    expect((await refused(dirWith({ ...manifest([]), format: 'graph-model' }))).message).toMatch(/is a 'graph-model', not a 'layers-model'/);
  });

  it('refuses a model.json over the size cap without reading it', async () => {
    const dir = dirWith('{}');
    await truncate(join(dir, 'model.json'), MAX_MODEL_JSON_BYTES + 1); // sparse: costs no disk
    expect((await refused(dir)).message).toMatch(/model\.json is 67108865 bytes, more than the 67108864 allowed/);
  });

  it('refuses missing files and directories', async () => {
    expect((await refused(join(tmp, 'no-such-dir'))).message).toMatch(/no-such-dir does not exist/);
    const file = join(freshDir());
    writeFileSync(file, '');
    expect((await refused(file)).message).toMatch(/is not a directory with model\.json and weights\.bin$/);
    const saved = freshDir();
    await saveWeightsDir(tf, buildMixed(), saved);
    expect((await refused(join(saved, 'model.json'))).message).toMatch(new RegExp(`\\(give its directory, ${escape(saved)}\\)$`));
    const empty = freshDir();
    mkdirSync(empty);
    expect((await refused(empty)).message).toMatch(/cannot read .*model\.json/);
    expect((await refused(dirWith(manifest(dense)))).message).toMatch(/lists weights file 'weights\.bin', which is missing in/);
    const sub = dirWith(manifest([]));
    mkdirSync(join(sub, 'weights.bin'));
    expect((await refused(sub)).message).toMatch(/'weights\.bin', which is not a file/);
  });
});
