// Benchmark for `train` (issue 5). Run after `npm run build`:  node bench/train.mjs
// The reference CNN (models/cnn.yaml), adam + categorical_crossentropy, batch 64, random data:
// 1. layerspec's training loop (data from .npy files, a checkpoint written after every epoch) on wasm,
// 2. the same model hand-written in tfjs (`model.fit` of in-memory tensors) on wasm with the same
//    kernels registered (layerspec's training kernels: wasm ships none for the conv gradients),
// 3. the same hand-written model on the stock cpu backend (fewer samples: it is very slow),
// samples/s per epoch (the first epoch, which compiles kernels, is reported apart), and the tensor
// count and RSS after each epoch of (1): flat means no leak.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { dist, pixels, referenceCnnSpec } from './common.mjs';
import { trainableReferenceCnn } from './reference-cnn.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-bench-train-'));
const samples = Number(process.env.SAMPLES ?? 1024);
const epochs = Number(process.env.EPOCHS ?? 3);
const cpuSamples = Number(process.env.CPU_SAMPLES ?? 128);

const { writeNpy } = await import(dist('io/npy-write.js'));
const { loadTf } = await import(dist('runtime/backend.js'));
const { runTrainJob } = await import(dist('runtime/train.js'));
const { readDataHeaders } = await import(dist('data/sources.js'));
const { builtinRegistry } = await import(dist('layers/index.js'));

const x = pixels(samples * 3072);
const labels = Float32Array.from({ length: samples * 10 }, (_, k) => (k % 10 === Math.floor(k / 10) % 10 ? 1 : 0));
await writeNpy(path.join(tmp, 'x.npy'), { data: x, shape: [samples, 32, 32, 3] });
await writeNpy(path.join(tmp, 'y.npy'), { data: labels, shape: [samples, 10] });

const registry = builtinRegistry();
const { text: specText, analysis, config: cnnConfig } = await referenceCnnSpec();
const config = { ...cnnConfig, epochs, batch_size: 64, validation_split: 0 };
const bound = async (file, slots) => {
  const binding = { kind: 'npy', files: new Map([[slots[0].name, file]]) };
  const { given } = await readDataHeaders(binding, slots, tmp);
  return { binding, given, slots };
};

// 1. layerspec
const { tf } = await loadTf({ backend: 'wasm' });
async function layerspecRun(run) {
const perEpoch = [];
let last = performance.now();
await runTrainJob({
  analysis,
  registry,
  data: {
    x: await bound(path.join(tmp, 'x.npy'), analysis.spec.inputs),
    y: await bound(path.join(tmp, 'y.npy'), [{ name: analysis.spec.outputs[0], shape: [10], dtype: 'float32' }]),
  },
  out: path.join(tmp, `run${run}`),
  specText,
  config,
  resume: false,
  backend: 'wasm',
  seed: 1,
  onEvent: (e) => {
    if (e.kind !== 'epoch') return;
    const now = performance.now();
    perEpoch.push({ ms: now - last, tensors: tf.memory().numTensors, rss: process.memoryUsage().rss / 2 ** 20 });
    last = now;
  },
  log: () => undefined,
  interrupt: { requested: false },
});
return perEpoch;
}

// 2 and 3. hand-written
async function fitTimes(n, runEpochs) {
  const model = trainableReferenceCnn(tf);
  const xs = tf.tensor(x.subarray(0, n * 3072), [n, 32, 32, 3]);
  const ys = tf.tensor(labels.subarray(0, n * 10), [n, 10]);
  const times = [];
  let t = performance.now();
  await model.fit(xs, ys, { epochs: runEpochs, batchSize: 64, shuffle: true, verbose: 0, callbacks: { onEpochEnd: async () => {
    const now = performance.now();
    times.push(now - t);
    t = now;
  } } });
  tf.dispose([xs, ys]);
  model.dispose();
  return times;
}
// Interleaved (layerspec, hand-written, layerspec, hand-written), best of each: the machine is shared.
const runsOf = Number(process.env.RUNS ?? 2);
let perEpoch;
let wasmTimes;
const steadyMs = (ts) => ts.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, ts.length - 1);
for (let r = 0; r < runsOf; r++) {
  const ours = await layerspecRun(r);
  if (!perEpoch || steadyMs(ours.map((e) => e.ms)) < steadyMs(perEpoch.map((e) => e.ms))) perEpoch = ours;
  const theirs = await fitTimes(samples, epochs);
  if (!wasmTimes || steadyMs(theirs) < steadyMs(wasmTimes)) wasmTimes = theirs;
}
await tf.setBackend('cpu');
const cpuTimes = await fitTimes(cpuSamples, 1);

const rate = (n, ms) => Math.round((n * 1000) / ms);
const steady = steadyMs;
console.log(`reference CNN training, ${samples} samples, batch 64, adam, ${epochs} epochs (node ${process.version}, ${os.cpus().length} cores)`);
console.log(`  layerspec train loop, wasm (.npy in, checkpoint per epoch): first epoch ${rate(samples, perEpoch[0].ms)} samples/s, then ${rate(samples, steady(perEpoch.map((e) => e.ms)))} samples/s`);
console.log(`  hand-written tfjs model.fit, wasm, same kernels:           first epoch ${rate(samples, wasmTimes[0])} samples/s, then ${rate(samples, steady(wasmTimes))} samples/s`);
console.log(`  hand-written tfjs model.fit, stock cpu backend (${cpuSamples} samples): ${rate(cpuSamples, cpuTimes[0])} samples/s`);
console.log(`  layerspec / hand-written wasm time per epoch (after the first): ${(steady(perEpoch.map((e) => e.ms)) / steady(wasmTimes)).toFixed(3)}`);
console.log(`  after each epoch of the layerspec run: tensors ${perEpoch.map((e) => e.tensors).join(', ')}; RSS ${perEpoch.map((e) => e.rss.toFixed(0)).join(', ')} MiB`);
fs.rmSync(tmp, { recursive: true, force: true });
