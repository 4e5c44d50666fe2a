/**
 * Training batches split by rows across threads (src/runtime/parallel/row-split.ts): which models
 * may be split, and that a split step computes the whole batch's step — the same weights and
 * losses as one thread within float tolerance, dropout masks included — and bit for bit tfjs's
 * own step when no replica takes rows. A replica that dies is a clean error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeSource, type Analysis } from '../../src/analyze.js';
import { writeNpy } from '../../src/io/npy-write.js';
import { builtinRegistry } from '../../src/layers/index.js';
import { loadTf, type Tf } from '../../src/runtime/backend.js';
import { buildModel } from '../../src/runtime/build-model.js';
import { compileModel } from '../../src/runtime/compile.js';
import { startRowSplit, type RowSplit } from '../../src/runtime/parallel/row-split.js';
import { rowSplitBlocker } from '../../src/runtime/parallel/rowwise.js';
import { seededRandom, withSeed } from '../../src/runtime/seed.js';
import { trainConfig } from '../../src/spec/train-schema.js';
import { ROOT, runCli } from '../cli/run-cli.js';
import { relativeError } from '../support/relative-error.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-row-split-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const registry = builtinRegistry();
const cnnText = fs.readFileSync(path.join(ROOT, 'models/cnn.yaml'), 'utf8');

/** Two outputs, a kernel regularizer, a constraint, and dropouts with and without a mask per row. */
const SMALL = `layerspec: 1
name: small
inputs:
  x: { shape: [12] }
layers:
  h: { type: Dense, input: x, units: 16, activation: relu, kernel_regularizer: { l2: 0.01 }, kernel_constraint: { type: max_norm, max_value: 0.5 } }
  d: { type: Dropout, input: h, rate: 0.4 }
  shared_mask: { type: Dropout, input: d, rate: 0.3, noise_shape: [1, 16] }
  a: { type: Dense, input: shared_mask, units: 3, activation: softmax }
  b: { type: Dense, input: d, units: 1 }
outputs: [a, b]
train:
  loss: { a: categorical_crossentropy, b: mse }
  metrics: { a: [accuracy] }
`;

function analysis(text: string): Analysis {
  const result = analyzeSource(text, 'model.yaml', registry);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

describe('which models train split by rows (rowSplitBlocker)', () => {
  const blocker = (text: string) => {
    const a = analysis(text);
    return rowSplitBlocker(a.spec!, trainConfig(a.spec!.train));
  };
  const withLayer = (layer: string, train = 'loss: mse') => `layerspec: 1\nname: m\ninput: { shape: [8, 4] }\nlayers:\n  - ${layer}\n  - { type: Flatten }\n  - { type: Dense, units: 1 }\ntrain: { ${train} }\n`;

  it('the reference CNN and a model of rowwise layers, dropout included', () => {
    expect(blocker(cnnText)).toBeUndefined();
    expect(blocker(SMALL)).toBeUndefined();
  });

  it('not with a layer that couples the rows, a recurrent layer with dropout, or a batch-wide loss or metric', () => {
    expect(blocker(withLayer('{ type: BatchNormalization }'))).toMatch(/layer 'batch_normalization.*' \(BatchNormalization\) does not compute each row/);
    expect(blocker(withLayer('{ type: LSTM, units: 3, return_sequences: true }'))).toBeUndefined();
    expect(blocker(withLayer("{ type: Lambda, expr: 'x * 2 - mean(x, axis=-1, keepdims=True)' }"))).toBeUndefined();
    expect(blocker(withLayer('{ type: LSTM, units: 3, return_sequences: true, dropout: 0.2 }'))).toMatch(/\(LSTM\) does not compute each row/);
    expect(blocker(withLayer('{ type: Dense, units: 2 }', 'loss: hinge'))).toBe('the loss hinge depends on the whole batch');
    expect(blocker(withLayer('{ type: Dense, units: 2 }', 'loss: mse, metrics: [mae, precision]'))).toBe('the metric precision is computed over the whole batch');
  });
});

describe('a training step split by rows (wasm)', () => {
  let tf: Tf;
  beforeAll(async () => {
    ({ tf } = await loadTf({ backend: 'wasm' }));
  });

  /**
   * `steps` training steps on fixed batches from seeded weights and seeded Math.random (the dropout
   * masks), on one thread or split by `split`: the weights and the logged values after each step.
   */
  async function train(text: string, batches: tfTypes.Tensor[][], split?: RowSplit, log?: (line: string) => void) {
    const a = analysis(text);
    const model = withSeed(3, () => buildModel(tf, a, registry));
    compileModel(tf, trainConfig(a.spec!.train), model);
    split?.install(tf, model, { log });
    const random = Math.random;
    Math.random = seededRandom(11);
    const logs: number[][] = [];
    const tensors: number[] = [];
    try {
      for (const [x, ...y] of batches) {
        logs.push(((await model.trainOnBatch(x, y.length === 1 ? y[0] : y)) as number[]).slice());
        tensors.push(tf.memory().numTensors);
      }
    } finally {
      Math.random = random;
    }
    // (the first step creates the optimizer's slots)
    expect(new Set(tensors.slice(1)).size, `no tensor left behind by a step: ${tensors}`).toBe(1);
    const weights = model.getWeights().map((w) => w.dataSync().slice());
    model.optimizer.dispose();
    model.dispose();
    return { weights, logs };
  }

  const cnnBatches = (rows: number[]) =>
    rows.map((n, k) => {
      const random = seededRandom(k + 1);
      const x = tf.tensor4d(Float32Array.from({ length: n * 3072 }, random), [n, 32, 32, 3]);
      const y = tf.oneHot(tf.tensor1d(Array.from({ length: n }, () => Math.floor(random() * 10)), 'int32'), 10).toFloat();
      return [x, y];
    });
  const smallBatches = (rows: number[]) =>
    rows.map((n, k) => {
      const random = seededRandom(k + 40);
      const x = tf.tensor2d(Float32Array.from({ length: n * 12 }, () => random() * 4 - 2), [n, 12]);
      const a = tf.oneHot(tf.tensor1d(Array.from({ length: n }, () => Math.floor(random() * 3)), 'int32'), 3).toFloat();
      const b = tf.tensor2d(Float32Array.from({ length: n }, random), [n, 1]);
      return [x, a, b];
    });

  async function replicas(text: string, count: number): Promise<RowSplit> {
    const a = analysis(text);
    const split = startRowSplit(count, { specText: text, file: 'model.yaml', config: trainConfig(a.spec!.train) });
    expect(await split.loaded()).toBe(count);
    return split;
  }

  it('with no replica to take rows: bit for bit tfjs\'s own step (dropout masks included)', async () => {
    for (const [text, batches] of [[cnnText, cnnBatches([24, 24, 7])], [SMALL, smallBatches([40, 40, 13])]] as const) {
      const alone = await train(text, batches);
      const split = startRowSplit(0, { specText: text, file: 'model.yaml', config: trainConfig(analysis(text).spec!.train) });
      const unsplit = await train(text, batches, split);
      split.close();
      expect(unsplit.logs).toEqual(alone.logs);
      unsplit.weights.forEach((w, k) => expect(Buffer.from(w.buffer).equals(Buffer.from(alone.weights[k].buffer)), `weight ${k}`).toBe(true));
      tf.dispose(batches.flat());
    }
  });

  /**
   * Trained on one thread, then with the replicas of `startSplit` (started after that run, so they
   * may still be loading): the weights agree within `tolerance`, the logs within 1e-5. Returns both
   * runs for further checks.
   */
  async function expectSplitLikeOne(text: string, batches: tfTypes.Tensor[][], startSplit: () => RowSplit | Promise<RowSplit>, tolerance: number, log?: (line: string) => void) {
    const alone = await train(text, batches);
    const split = await startSplit();
    try {
      const threads = await train(text, batches, split, log);
      threads.weights.forEach((w, k) => expect(relativeError(w, alone.weights[k]), `weight ${k}`).toBeLessThan(tolerance));
      threads.logs.forEach((values, step) => expect(relativeError(values, alone.logs[step]), `step ${step}`).toBeLessThan(1e-5));
      return { alone, threads };
    } finally {
      split.close();
      tf.dispose(batches.flat());
    }
  }

  it('the first step splits too, its replica still loading (the job waits for the load): the steps of one thread', async () => {
    const config = trainConfig(analysis(SMALL).spec!.train);
    const { alone, threads } = await expectSplitLikeOne(SMALL, smallBatches([40, 40, 40]), () => startRowSplit(1, { specText: SMALL, file: 'model.yaml', config }), 1e-4);
    expect(threads.logs[0], 'the first step, split').not.toEqual(alone.logs[0]);
  });

  it('a replica that cannot load: its rows run on the main thread, the run goes on (and says so)', async () => {
    const config = trainConfig(analysis(SMALL).spec!.train);
    const lines: string[] = [];
    await expectSplitLikeOne(SMALL, smallBatches([40, 40, 40]), () => startRowSplit(1, { specText: 'layers: [', file: 'broken.yaml', config }), 1e-4, (line) => lines.push(line));
    expect(lines).toEqual(['a replica thread could not load: its rows ran on the main thread; batches split across 1 thread(s) from now on']);
  });

  it('the reference CNN on two threads: the weights and losses of one, within float tolerance, odd batches too', async () => {
    // (1e-4 for the weights: Adam divides by the root of each gradient's running square, which
    // makes the float noise of near-zero gradients as large as any step; other dropout masks give ~1e-2.)
    await expectSplitLikeOne(cnnText, cnnBatches([48, 48, 37, 5, 1]), () => replicas(cnnText, 1), 1e-4);
  });

  it('two outputs, a regularizer, a constraint and a shared-mask dropout, on three threads', async () => {
    await expectSplitLikeOne(SMALL, smallBatches([60, 60, 31, 2]), () => replicas(SMALL, 2), 1e-5);
  });
});

describe('layerspec train --workers', () => {
  const x = path.join(tmp, 'x.npy');
  const y = path.join(tmp, 'y.npy');
  beforeAll(async () => {
    const random = seededRandom(9);
    await writeNpy(x, { data: Float32Array.from({ length: 256 * 3072 }, random), shape: [256, 32, 32, 3] });
    await writeNpy(y, { data: Float32Array.from({ length: 2560 }, (_, k) => (k % 10 === (k * 7) % 10 ? 1 : 0)), shape: [256, 10] });
  });
  const train = (workers: number, out: string, nodeArgs: string[] = []) =>
    runCli(['train', 'models/cnn.yaml', '--x', x, '--y', y, '--epochs', '2', '--batch-size', '32', '--validation-split', '0', '--seed', '1', '--workers', String(workers), '--json', '--verbose', '--out', path.join(tmp, out)], { nodeArgs });
  const epochs = (stdout: string) => stdout.split('\n').filter((l) => l.includes('"event":"epoch"')).map((l) => JSON.parse(l) as { loss: number; accuracy?: number });

  it('splits the batches by rows on two threads, with the losses of one thread', () => {
    const one = train(1, 'one');
    const two = train(2, 'two');
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stderr).toContain('each batch split by rows across 2 threads');
    const [a, b] = [epochs(one.stdout), epochs(two.stdout)];
    expect(b).toHaveLength(2);
    b.forEach((e, k) => expect(Math.abs(e.loss - a[k].loss) / a[k].loss, `epoch ${k + 1}`).toBeLessThan(1e-4));
    // The same command, the same numbers: every run splits its steps alike.
    const again = train(2, 'two-again');
    expect(again.code, again.stderr).toBe(0);
    const numbers = (runs: { loss: number; accuracy?: number }[]) => runs.map((e) => [e.loss, e.accuracy]);
    expect(numbers(epochs(again.stdout))).toEqual(numbers(b));
  });

  it('a replica thread that dies is exit 2 with a message, no hang, no checkpoint', () => {
    const run = train(2, 'dies', ['--import', path.join(ROOT, 'test/support/helper-fault.mjs')]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/layerspec: .*replica thread failed.*--workers 1/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(tmp, 'dies', 'weights.bin'))).toBe(false);
  });
});
