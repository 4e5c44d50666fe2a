/**
 * Kernels on several threads (src/runtime/parallel, `--workers`): the split kernels give what the
 * single-threaded path gives, for predictions and for training steps of the reference CNN; a helper
 * that fails or dies surfaces as a clean error (exit 2 from the command line), without a hang or a
 * half-written output.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyze.js';
import { writeNpy } from '../../src/io/npy-write.js';
import { builtinRegistry } from '../../src/layers/index.js';
import { loadTf, type Tf } from '../../src/runtime/backend.js';
import { buildModel } from '../../src/runtime/build-model.js';
import { KernelHelper } from '../../src/runtime/parallel/kernel-helper.js';
import { startParallelKernels, type ParallelKernels } from '../../src/runtime/parallel/parallel-kernels.js';
import { seededRandom, withSeed } from '../../src/runtime/seed.js';
import { ROOT, runCli } from '../cli/run-cli.js';
import { relativeError } from '../support/relative-error.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-parallel-'));
const registry = builtinRegistry();
const cnn = analyzeSource(fs.readFileSync(path.join(ROOT, 'models/cnn.yaml'), 'utf8'), 'models/cnn.yaml', registry);

let tf: Tf;
let parallel: ParallelKernels | undefined;
beforeAll(async () => {
  ({ tf } = await loadTf({ backend: 'wasm' }));
});
afterEach(() => {
  parallel?.close();
  parallel = undefined;
});

/** Two threads' kernels, once the helper has loaded. */
async function twoThreads(): Promise<ParallelKernels> {
  parallel = startParallelKernels(2, 'wasm');
  expect(parallel.attach(tf, 'wasm')).toBe(2);
  expect(await parallel.loaded()).toBe(1);
  return parallel;
}

const pixels = (rows: number, seed: number) => {
  const random = seededRandom(seed);
  return tf.tensor4d(Float32Array.from({ length: rows * 3072 }, random), [rows, 32, 32, 3]);
};

describe('kernels split across threads (wasm)', () => {
  it('predict: the reference CNN gives the single-threaded outputs, odd batch sizes included', async () => {
    const model = withSeed(1, () => buildModel(tf, cnn, registry));
    const batches = [64, 37, 64, 37, 5, 64].map((rows, k) => pixels(rows, k + 1));
    const alone = batches.map((x) => model.predictOnBatch(x) as import('@tensorflow/tfjs').Tensor);
    const threads = await twoThreads();
    const tensors = tf.memory().numTensors;
    const split = batches.map((x) => model.predictOnBatch(x) as import('@tensorflow/tfjs').Tensor);
    expect(threads.splitCalls, 'some convolutions were split').toBeGreaterThan(0);
    split.forEach((y, k) => expect(relativeError(y.dataSync(), alone[k].dataSync()), `batch ${k}`).toBeLessThan(1e-6));
    expect(tf.memory().numTensors, 'only the outputs are new').toBe(tensors + split.length);
    tf.dispose([...batches, ...alone, ...split]);
    model.dispose();
  });

  it('train: the same weights after training steps (dropout, adam, max-pool and convolution gradients)', async () => {
    const x = pixels(48, 7);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 48 }, (_, i) => (i * 7) % 10), 'int32'), 10).toFloat();
    const steps = async () => {
      const model = withSeed(3, () => buildModel(tf, cnn, registry));
      model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
      const random = Math.random;
      Math.random = seededRandom(11); // the same dropout masks in both runs
      try {
        for (let step = 0; step < 4; step++) await model.trainOnBatch(x, y);
      } finally {
        Math.random = random;
      }
      const weights = model.getWeights().map((w) => w.dataSync().slice());
      model.optimizer.dispose();
      model.dispose();
      return weights;
    };
    const alone = await steps();
    const threads = await twoThreads();
    const split = await steps();
    expect(threads.splitCalls).toBeGreaterThan(0);
    split.forEach((w, k) => expect(relativeError(w, alone[k]), `weight ${k}`).toBeLessThan(1e-5));
    tf.dispose([x, y]);
  });

  it('a job that fails in a helper is a clean error, and the helper is not used again', async () => {
    const helper = new KernelHelper();
    try {
      expect(await helper.loaded()).toBe(true);
      helper.post({ kernel: 'NoSuchKernel', inputs: {}, attrs: {} }, []);
      expect(() => helper.answer()).toThrow(/kernel helper thread failed: .*NoSuchKernel.*--workers 1/);
      expect(helper.usable).toBe(false);
    } finally {
      helper.close();
    }
  });

  it('layerspec predict: batches run by a replica thread give one thread\'s outputs, bit for bit, in order', async () => {
    const input = path.join(tmp, 'x-replica.npy');
    await writeNpy(input, { data: Float32Array.from({ length: 1333 * 3072 }, seededRandom(8)), shape: [1333, 32, 32, 3] });
    const outputs = [1, 2, 3].map((workers) => {
      const output = path.join(tmp, `y${workers}.npy`);
      const run = runCli(['predict', 'models/cnn.yaml', '--input', input, '--output', output, '--batch-size', '16', '--workers', String(workers), '--seed', '1', '--verbose']);
      expect(run.code, run.stderr).toBe(0);
      if (workers > 1) {
        expect(run.stderr).toContain(`${workers} threads, each with its own copy of the model`);
        expect(run.stderr, 'replicas ran some batches').toMatch(/1333 samples in 84 batches of up to 16, [1-9]\d* of them run by replica threads/);
      }
      const bytes = fs.readFileSync(output);
      fs.rmSync(output);
      return bytes;
    });
    fs.rmSync(input);
    expect(outputs[1].equals(outputs[0]), 'two threads').toBe(true);
    expect(outputs[2].equals(outputs[0]), 'three threads').toBe(true);
  });

  it('layerspec predict: a replica thread that dies is exit 2 with a message, no hang, nothing written', async () => {
    const input = path.join(tmp, 'x.npy');
    const output = path.join(tmp, 'y.npy');
    // Enough batches that the replica is loaded before the last ones.
    await writeNpy(input, { data: Float32Array.from({ length: 2048 * 3072 }, seededRandom(5)), shape: [2048, 32, 32, 3] });
    const run = runCli(['predict', 'models/cnn.yaml', '--input', input, '--output', output, '--batch-size', '16', '--workers', '2', '--seed', '1'],
      { nodeArgs: ['--import', path.join(ROOT, 'test/support/helper-fault.mjs')] });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/layerspec: .*replica thread failed.*--workers 1/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(output)).toBe(false);
    expect(fs.readdirSync(tmp).filter((f) => f !== 'x.npy'), 'no temporary file left').toEqual([]);
  });
});

describe('the inputs a helper keeps (InputCache)', () => {
  it('evicts oldest first, past 16 entries or 4 Mi elements, never the entry just added', async () => {
    const { InputCache } = await import('../../src/runtime/parallel/input-cache.js');
    const cache = new InputCache<string>();
    const evicted: string[] = [];
    for (let id = 1; id <= 17; id++) evicted.push(...cache.add(id, 10, `t${id}`));
    expect(evicted).toEqual(['t1']);
    expect(cache.get(1)).toBeUndefined();
    expect(cache.get(2)).toBe('t2');
    expect(cache.add(18, 5 * 1024 * 1024, 'big')).toEqual(['t2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 't10', 't11', 't12', 't13', 't14', 't15', 't16', 't17']);
    expect(cache.get(18)).toBe('big');
    expect(cache.add(19, 1, 'small')).toEqual(['big']);
  });
});
