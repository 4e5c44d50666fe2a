// Where one training step of the reference CNN goes (issue 9): the hand-written model
// (bench/reference-cnn.mjs, adam as layerspec runs it, batch 64) trained on wasm with layerspec's kernels, its kernels
// timed one by one, nested kernels apart ("in Conv2DBackpropFilter: Conv2D") with their own time
// only. Run after `npm run build`:
//   node bench/step.mjs            WORKERS=2 node bench/step.mjs   (kernels split across threads)
//   STEPS=n (timed steps, default 20), TOP=n (rows shown, default 25)
import { performance } from 'node:perf_hooks';
import { dist, pixels } from './common.mjs';
import { trainableReferenceCnn } from './reference-cnn.mjs';

const steps = Number(process.env.STEPS ?? 20);
const top = Number(process.env.TOP ?? 25);
const { withJobTf } = await import(dist('runtime/parallel/parallel-kernels.js'));
const { withFusedAdam } = await import(dist('runtime/fused-adam.js'));

await withJobTf({ workers: Number(process.env.WORKERS ?? 1), backend: 'wasm', log: () => undefined }, async ({ tf }) => {
  const model = trainableReferenceCnn(tf);
  withFusedAdam(tf, model.optimizer); // as src/runtime/compile.ts makes layerspec's adam
  const batch = 64;
  const x = tf.tensor4d(pixels(batch * 3072), [batch, 32, 32, 3]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, k) => k % 10), 'int32'), 10).toFloat();
  // Warm-up: kernels compile, XNNPACK builds its operators, the split choice (--workers) settles.
  for (let i = 0; i < 24; i++) await model.trainOnBatch(x, y);
  let t0 = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const plain = (performance.now() - t0) / steps;

  const engine = tf.engine();
  const runKernelFunc = engine.runKernelFunc;
  const byKernel = new Map();
  const open = [];
  engine.runKernelFunc = function (params) {
    const name = params.kernelName ?? '(custom)';
    open.push({ name, children: 0 });
    const start = performance.now();
    try {
      return runKernelFunc.call(this, params);
    } finally {
      const own = open.pop();
      const ms = performance.now() - start;
      if (open.length) open[open.length - 1].children += ms;
      const shapes = Object.values(params.inputs ?? {}).map((t) => (t ? `[${t.shape.join(',')}]` : '-')).join(' ');
      const key = `${open.length ? `  in ${open[open.length - 1].name}: ` : ''}${name} ${shapes}`;
      const entry = byKernel.get(key) ?? { ms: 0, calls: 0 };
      entry.ms += ms - own.children;
      entry.calls++;
      byKernel.set(key, entry);
    }
  };
  t0 = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const timed = (performance.now() - t0) / steps;
  engine.runKernelFunc = runKernelFunc;

  console.log(`one training step (batch ${batch}, wasm, ${process.env.WORKERS ?? 1} thread(s)): ${plain.toFixed(1)} ms (${timed.toFixed(1)} ms with each kernel timed)`);
  const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
  for (const [key, { ms, calls }] of rows) console.log(`${(ms / steps).toFixed(2).padStart(7)} ms ${String(calls / steps).padStart(4)}x  ${key}`);
  tf.dispose([x, y]);
  model.dispose();
});
