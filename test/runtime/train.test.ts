/**
 * The training loop in-process (src/runtime/train.ts): no tensor leaks across epochs or after a
 * failed step, regularizers from the YAML act on the weights, early stopping stops and restores.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyze.js';
import type { DataBinding } from '../../src/cli/data-args.js';
import { readDataHeaders, type DataSlot } from '../../src/data/sources.js';
import { builtinRegistry } from '../../src/layers/index.js';
import { writeNpy } from '../../src/io/npy-write.js';
import { writeNpz } from '../../src/io/npz.js';
import { loadTf } from '../../src/runtime/backend.js';
import { runTrainJob, type TrainJob } from '../../src/runtime/train.js';
import { loadTrainingData } from '../../src/runtime/train-data.js';
import type { TrainEvent } from '../../src/runtime/train-events.js';
import { readWeightsDir } from '../../src/runtime/weights-dir.js';
import { modelWeightBytes, readWeights } from '../../src/runtime/weights-source.js';
import { trainConfig } from '../../src/spec/train-schema.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-train-rt-'));
const registry = builtinRegistry();

function model(layer: string, train: string) {
  const text = `layerspec: 1\ninputs:\n  x: { shape: [4] }\nlayers:\n  y: { type: Dense, input: x, units: 1${layer} }\noutputs: [y]\ntrain: ${train}\n`;
  return analyzeSource(text, path.join(tmp, 'model.yaml'), registry);
}

async function bound(file: string, slots: DataSlot[]) {
  const binding: DataBinding = { kind: 'npy', files: new Map([[slots[0].name, file]]) };
  const { given, problems } = await readDataHeaders(binding, slots, tmp);
  expect(problems).toEqual([]);
  return { binding, given, slots };
}

async function job(name: string, layer: string, train: string, overrides: Partial<TrainJob> = {}): Promise<{ job: TrainJob; events: TrainEvent[] }> {
  const analysis = model(layer, train);
  expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const n = 64;
  const x = Float32Array.from({ length: n * 4 }, (_, k) => Math.cos(k * 0.7));
  const y = Float32Array.from({ length: n }, (_, i) => 3 * x[4 * i] - 2 * x[4 * i + 3] + 1);
  await writeNpy(path.join(tmp, `${name}-x.npy`), { data: x, shape: [n, 4] });
  await writeNpy(path.join(tmp, `${name}-y.npy`), { data: y, shape: [n, 1] });
  const events: TrainEvent[] = [];
  return {
    events,
    job: {
      analysis,
      registry,
      data: {
        x: await bound(path.join(tmp, `${name}-x.npy`), [{ name: 'x', shape: [4], dtype: 'float32' }]),
        y: await bound(path.join(tmp, `${name}-y.npy`), [{ name: 'y', shape: [1], dtype: 'float32' }]),
      },
      out: path.join(tmp, name),
      specText: 'layerspec: 1',
      config: trainConfig(analysis.spec!.train),
      resume: false,
      backend: 'cpu',
      seed: 5,
      onEvent: (e) => events.push(e),
      log: () => undefined,
      interrupt: { requested: false },
      ...overrides,
    },
  };
}

describe('training data', () => {
  it('x and y in one .npz (--x d.npz --y d.npz): each takes its own entries, in its slot\'s dtype', async () => {
    const { tf } = await loadTf({ backend: 'cpu' });
    const file = path.join(tmp, 'xy.npz');
    await writeNpz(file, { x: { data: Int32Array.from({ length: 12 }, (_, k) => k), shape: [3, 4] }, y: { data: Float32Array.of(1, 0, 1), shape: [3, 1] } });
    const binding: DataBinding = { kind: 'npz', file };
    const side = async (slots: DataSlot[], role: 'input' | 'target') => {
      const { given, problems } = await readDataHeaders(binding, slots, tmp, role);
      expect(problems).toEqual([]);
      return { binding, given, slots };
    };
    const x = await side([{ name: 'x', shape: [4], dtype: 'float32' }], 'input');
    const y = await side([{ name: 'y', shape: [1], dtype: 'float32' }], 'target');
    const data = await loadTrainingData(tf, { x, y, validation: { x, y } });
    const tensors = [...data.x, ...data.y, ...data.validation!.x, ...data.validation!.y];
    expect(tensors.map((t) => [t.dtype, t.shape])).toEqual([['float32', [3, 4]], ['float32', [3, 1]], ['float32', [3, 4]], ['float32', [3, 1]]]);
    expect(Array.from(await data.x[0].data())).toEqual(Array.from({ length: 12 }, (_, k) => k));
    expect(Array.from(await data.validation!.y[0].data())).toEqual([1, 0, 1]);
    tf.dispose(tensors);
  });
});

describe('training loop', () => {
  it('leaks no tensor across epochs, nor after a NaN step', async () => {
    const { tf } = await loadTf({ backend: 'cpu' });
    const counts: number[] = [];
    const { job: j } = await job('leak', '', '{ optimizer: adam, loss: mse, epochs: 6, batch_size: 8, validation_split: 0.25 }', {
      onEvent: (e) => e.kind === 'epoch' && counts.push(tf.memory().numTensors),
    });
    const before = tf.memory().numTensors;
    await runTrainJob(j);
    expect(counts).toHaveLength(6);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    const { job: nan, events } = await job('nan', '', '{ optimizer: { type: sgd, learning_rate: 1.0e+30 }, loss: mse, epochs: 3, batch_size: 8 }');
    const result = await runTrainJob(nan);
    expect(result.stop.reason).toBe('nan');
    expect(events.at(-1)).toMatchObject({ kind: 'stop', reason: 'nan' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('applies the YAML kernel_regularizer in training (a strong l2 shrinks the kernel)', async () => {
    const train = '{ optimizer: { type: sgd, learning_rate: 0.05 }, loss: mse, epochs: 20, batch_size: 8 }';
    const plain = await job('plain', '', train);
    const l2 = await job('l2', ', kernel_regularizer: { l2: 1.0 }', train);
    await runTrainJob(plain.job);
    await runTrainJob(l2.job);
    const norm = async (dir: string) => Array.from((await readWeightsDir(dir)).get('y/kernel')!.data).reduce((s, v) => s + v * v, 0);
    const [a, b] = [await norm(plain.job.out), await norm(l2.job.out)];
    expect(a).toBeGreaterThan(5); // y = 3 x0 - 2 x3 + 1 is learnt: |kernel|^2 near 13
    expect(b).toBeLessThan(a / 2);
  });

  it('early stopping stops after `patience` epochs without improvement and restores the best weights', async () => {
    const { job: j, events } = await job(
      'early',
      '',
      '{ optimizer: { type: sgd, learning_rate: 0.5 }, loss: mse, epochs: 50, batch_size: 64, early_stopping: { monitor: loss, patience: 2, min_delta: 1000, restore_best_weights: true } }',
    );
    const result = await runTrainJob(j);
    expect(result.stop.reason).toBe('early-stopping');
    expect(result.epochs).toBe(3); // epoch 1 is the best; 2 and 3 do not improve by 1000
    expect(events.filter((e) => e.kind === 'epoch').map((e) => (e as { best?: boolean }).best)).toEqual([true, false, false]);
  });

  it('restore_best_weights holds across --resume: the checkpoint keeps the best epoch\'s weights', async () => {
    // Epoch 1 is the best (min_delta 1000: nothing after it improves); training stops after epoch 3.
    const train = '{ optimizer: { type: sgd, learning_rate: 0.5 }, loss: mse, epochs: 50, batch_size: 16, early_stopping: { monitor: loss, patience: 2, min_delta: 1000, restore_best_weights: true } }';
    const whole = await job('best-whole', '', train);
    expect((await runTrainJob(whole.job)).epochs).toBe(3);

    const first = await job('best-resumed', '', train, { config: { ...trainConfig(model('', train).spec!.train), epochs: 1 } });
    await runTrainJob(first.job);
    const epoch1 = fs.readFileSync(path.join(first.job.out, 'weights.bin'));
    expect(fs.readFileSync(path.join(first.job.out, 'best-weights.bin')).equals(epoch1)).toBe(true);
    const second = await job('best-resumed', '', train, { config: { ...trainConfig(model('', train).spec!.train), epochs: 2 }, resume: true });
    await runTrainJob(second.job);
    expect(fs.readFileSync(path.join(first.job.out, 'weights.bin')).equals(epoch1)).toBe(false);
    const rest = await job('best-resumed', '', train, { resume: true });
    const result = await runTrainJob(rest.job);
    expect(result).toMatchObject({ epochs: 3, stop: { reason: 'early-stopping' } });
    // Restored after the resume from best-weights.bin: epoch 1's weights, as the uninterrupted run's.
    expect(fs.readFileSync(path.join(rest.job.out, 'weights.bin')).equals(epoch1)).toBe(true);
    expect(fs.readFileSync(path.join(whole.job.out, 'weights.bin')).equals(epoch1)).toBe(true);
  });

  it('--weights DIR of a run killed before its renames: the committed weights.bin.next is rolled forward and read', async () => {
    const { job: j } = await job('killed', '', '{ optimizer: adam, loss: mse, epochs: 1, batch_size: 16 }');
    await runTrainJob(j);
    const bin = path.join(j.out, 'weights.bin');
    const committed = await readWeightsDir(j.out);
    // As a kill after the commit point leaves it: the new weights still as .next, the old ones in place.
    fs.renameSync(bin, `${bin}.next`);
    fs.writeFileSync(bin, new Uint8Array(fs.statSync(`${bin}.next`).size).fill(7));
    const weights = await readWeights({ kind: 'dir', absolute: j.out, shown: 'killed' }, modelWeightBytes(j.analysis));
    expect(weights).toEqual(committed);
    expect(fs.existsSync(`${bin}.next`)).toBe(false);
    expect(await readWeightsDir(j.out)).toEqual(committed);
  });
});
