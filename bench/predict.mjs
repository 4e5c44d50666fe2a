// Benchmarks for `predict` (issue 4). Run after `npm run build`:  node bench/predict.mjs
// 1. Reference CNN (models/cnn.yaml) on wasm: layerspec's batch loop (reading the .npy batch by batch,
//    writing the output .npy) vs. the same model written directly in tfjs with the same weights, fed
//    from memory (model.predict of one big tensor; and predictOnBatch of batches made from an
//    in-memory Float32Array); same batch size; samples/s, best of RUNS, interleaved.
// 2. .npy read throughput (float32 little-endian, and float64 big-endian that needs converting).
// 3. Peak memory (max RSS) of a whole `layerspec predict` process when the input grows 10x.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { best as bestOf, dist, pixels, root, referenceCnnSpec } from './common.mjs';
import { referenceCnn } from './reference-cnn.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-bench-predict-'));
const runs = Number(process.env.RUNS ?? 3);
const samples = Number(process.env.SAMPLES ?? 2048);
const batchSize = Number(process.env.BATCH ?? 64);

const { writeNpy } = await import(dist('io/npy-write.js'));
const { openNpy, readNpy } = await import(dist('io/npy-read.js'));
const { loadTf } = await import(dist('runtime/backend.js'));
const { buildModel } = await import(dist('runtime/build-model.js'));
const { predictInBatches } = await import(dist('runtime/predict.js'));
const { npyTarget } = await import(dist('data/sinks.js'));

const best = (fn) => bestOf(fn, runs);

const xFile = path.join(tmp, 'x.npy');
await writeNpy(xFile, { data: pixels(samples * 32 * 32 * 3), shape: [samples, 32, 32, 3] });

// 1. CNN throughput
const { tf, backend } = await loadTf({ backend: process.env.BACKEND ?? 'wasm' });
const { analysis } = await referenceCnnSpec();
const ours = buildModel(tf, analysis);

const direct = referenceCnn(tf);
direct.setWeights(ours.getWeights());

const xData = (await readNpy(xFile)).data;
const xAll = tf.tensor(xData, [samples, 32, 32, 3]);
// Warm-up both (wasm compiles kernels on first use).
tf.tidy(() => direct.predict(xAll.slice(0, batchSize), { batchSize }).dataSync());
tf.tidy(() => ours.predict(xAll.slice(0, batchSize), { batchSize }).dataSync());

const runDirect = async () => {
  const y = direct.predict(xAll, { batchSize });
  await y.data();
  y.dispose();
};
const runDirectBatches = async () => {
  for (let s = 0; s < samples; s += batchSize) {
    const n = Math.min(batchSize, samples - s);
    tf.tidy(() => direct.predictOnBatch(tf.tensor(xData.subarray(s * 3072, (s + n) * 3072), [n, 32, 32, 3])).dataSync());
  }
};
const runOurs = async () => {
  const reader = await openNpy(xFile, { as: 'float32' });
  const target = npyTarget(path.join(tmp, 'y.npy'), samples, [10]);
  const src = { input: 'input', rows: reader.rows, read: (s, e) => reader.readRows(s, e) };
  await predictInBatches(tf, { model: ours, sources: [src], sinks: target.sinks, batchSize });
  await target.commit();
  await reader.close();
};
// Interleaved, so that neither side profits from running later (warmer JIT, settled memory).
const times = { direct: Infinity, directBatch: Infinity, ours: Infinity };
for (let i = 0; i < runs; i++) {
  for (const [key, run] of [['direct', runDirect], ['directBatch', runDirectBatches], ['ours', runOurs]]) {
    const t0 = performance.now();
    await run();
    times[key] = Math.min(times[key], performance.now() - t0);
  }
}
const { direct: directMs, directBatch: directBatchMs, ours: oursMs } = times;
const rate = (ms) => Math.round((samples * 1000) / ms);
console.log(`reference CNN predict, ${samples} samples, batch ${batchSize}, ${backend} backend (best of ${runs})`);
console.log(`  hand-written tfjs (in-memory tensor):      ${directMs.toFixed(0).padStart(6)} ms  ${String(rate(directMs)).padStart(6)} samples/s`);
console.log(`  hand-written tfjs (batches from memory):   ${directBatchMs.toFixed(0).padStart(6)} ms  ${String(rate(directBatchMs)).padStart(6)} samples/s`);
console.log(`  layerspec batch loop (.npy in, .npy out):  ${oursMs.toFixed(0).padStart(6)} ms  ${String(rate(oursMs)).padStart(6)} samples/s`);
console.log(`  layerspec / hand-written time: ${(oursMs / directMs).toFixed(3)} (model.predict), ${(oursMs / directBatchMs).toFixed(3)} (batches from memory)`);
xAll.dispose();

// 2. .npy read throughput
const f8File = path.join(tmp, 'x64be.npy');
{
  const have = (() => {
    try {
      execFileSync('python3', ['-c', 'import numpy']);
      return true;
    } catch {
      return false;
    }
  })();
  const readAllRows = async (file) => {
    const r = await openNpy(file, { as: 'float32' });
    for (let s = 0; s < r.rows; s += 256) await r.readRows(s, Math.min(s + 256, r.rows));
    await r.close();
  };
  const mb = fs.statSync(xFile).size / 2 ** 20;
  const f4 = await best(() => readAllRows(xFile));
  console.log(`.npy read, batches of 256 rows: float32 <f4 ${mb.toFixed(0)} MiB: ${(mb / (f4 / 1000)).toFixed(0)} MiB/s`);
  if (have) {
    execFileSync('python3', ['-c', `import numpy as np; np.save('${f8File}', np.load('${xFile}').astype('>f8'))`]);
    const mb8 = fs.statSync(f8File).size / 2 ** 20;
    const f8 = await best(() => readAllRows(f8File));
    console.log(`.npy read, batches of 256 rows: float64 >f8 ${mb8.toFixed(0)} MiB (converted): ${(mb8 / (f8 / 1000)).toFixed(0)} MiB/s`);
  }
}

// 3. Peak memory of the whole process, input 1x and 10x
const small = path.join(tmp, 'small.npy');
const large = path.join(tmp, 'large.npy');
await writeNpy(small, { data: pixels(1000 * 32 * 32 * 3), shape: [1000, 32, 32, 3] });
await writeNpy(large, { data: pixels(10000 * 32 * 32 * 3), shape: [10000, 32, 32, 3] });
const peak = (input) => {
  const res = execFileSync('sh', ['-c', `/usr/bin/time -f %M "${process.execPath}" bin/layerspec.js predict models/cnn.yaml --input "${input}" --output "${path.join(tmp, 'rss.npy')}" --seed 1 -q --backend ${process.env.BACKEND ?? 'wasm'} 2>&1 >/dev/null`], { cwd: root, encoding: 'utf8' });
  return Number(res.trim().split('\n').pop()) / 1024;
};
const p1 = peak(small);
const p10 = peak(large);
console.log(`predict peak memory (max RSS), whole process: ${fs.statSync(small).size >> 20} MiB input: ${p1.toFixed(0)} MiB; ${fs.statSync(large).size >> 20} MiB input: ${p10.toFixed(0)} MiB`);
fs.rmSync(tmp, { recursive: true, force: true });
