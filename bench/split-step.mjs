// One training step of the reference CNN (models/cnn.yaml, batch 64, adam as layerspec runs it) on
// one thread and with its batch split by rows across THREADS threads (src/runtime/parallel/row-split.ts),
// alternating, median of STEPS steps each. Run after `npm run build`:
//   node bench/split-step.mjs        THREADS=3 STEPS=30 node bench/split-step.mjs
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { dist, pixels, referenceCnnSpec } from './common.mjs';

const threads = Number(process.env.THREADS ?? 2);
const steps = Number(process.env.STEPS ?? 20);
const { loadTf } = await import(dist('runtime/backend.js'));
const { buildModel } = await import(dist('runtime/build-model.js'));
const { compileModel } = await import(dist('runtime/compile.js'));
const { startRowSplit } = await import(dist('runtime/parallel/row-split.js'));

const { tf } = await loadTf({ backend: 'wasm' });
const { text, analysis, config } = await referenceCnnSpec();

async function compiled(split) {
  const model = buildModel(tf, analysis);
  compileModel(tf, config, model);
  split?.install(tf, model);
  return model;
}

const batch = 64;
const x = tf.tensor4d(pixels(batch * 3072), [batch, 32, 32, 3]);
const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, k) => k % 10), 'int32'), 10).toFloat();
const split = startRowSplit(threads - 1, { specText: text, file: 'models/cnn.yaml', config });
const models = { one: await compiled(), split: await compiled(split) };
const times = { one: [], split: [] };
// Warm-up: kernels compile and XNNPACK builds its operators, in every thread.
for (let i = 0; i < 10; i++) for (const model of Object.values(models)) await model.trainOnBatch(x, y);
for (let i = 0; i < steps; i++) {
  for (const [name, model] of Object.entries(models)) {
    const t0 = performance.now();
    await model.trainOnBatch(x, y);
    times[name].push(performance.now() - t0);
  }
}
const median = (a) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
console.log(`one training step (batch ${batch}, wasm), median of ${steps}, load average ${os.loadavg()[0].toFixed(1)}:`);
console.log(`  one thread                        ${median(times.one).toFixed(1).padStart(6)} ms`);
console.log(`  split by rows across ${threads} threads    ${median(times.split).toFixed(1).padStart(6)} ms`);
split.close();
tf.dispose([x, y]);
Object.values(models).forEach((m) => m.dispose());
