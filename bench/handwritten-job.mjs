// The hand-written tfjs baseline of bench/jobs.mjs, as whole jobs like `layerspec predict` and
// `layerspec train`: the reference CNN written directly in tfjs (bench/reference-cnn.mjs) on the
// wasm backend, one thread, reading and writing .npy with layerspec's reader and writer.
//   node bench/handwritten-job.mjs predict X.npy OUT.npy [BATCH]
//   node bench/handwritten-job.mjs train X.npy Y.npy OUT_DIR [EPOCHS] [BATCH]
// Training needs kernels that tfjs's wasm backend lacks (the convolution filter gradient): it gets
// layerspec's (src/runtime/kernels), the only ones there are; predict uses tfjs's alone.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { dist } from './common.mjs';
import { referenceCnn, trainableReferenceCnn } from './reference-cnn.mjs';

const [job, ...args] = process.argv.slice(2);
// require, as layerspec does: import() of tfjs's CommonJS bundles costs ~250 ms more (see src/runtime/backend.ts).
const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
tf.env().set('PROD', true);
require('@tensorflow/tfjs-backend-wasm');
if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
const { openNpy, readNpy } = await import(dist('io/npy-read.js'));
const { writeNpy } = await import(dist('io/npy-write.js'));

if (job === 'predict') {
  const [xFile, outFile, batch = '64'] = args;
  const batchSize = Number(batch);
  const model = referenceCnn(tf);
  const reader = await openNpy(xFile, { as: 'float32' });
  const out = new Float32Array(reader.rows * 10);
  for (let s = 0; s < reader.rows; s += batchSize) {
    const e = Math.min(s + batchSize, reader.rows);
    const { data, shape } = await reader.readRows(s, e);
    const y = tf.tidy(() => model.predictOnBatch(tf.tensor(data, shape)));
    out.set(y.dataSync(), s * 10);
    y.dispose();
  }
  await reader.close();
  await writeNpy(outFile, { data: out, shape: [reader.rows, 10] });
} else if (job === 'train') {
  const [xFile, yFile, outDir, epochs = '2', batch = '64'] = args;
  const { registerTrainingKernels } = await import(dist('runtime/kernels/index.js'));
  registerTrainingKernels(tf, 'wasm');
  const x = await readNpy(xFile, { as: 'float32' });
  const y = await readNpy(yFile, { as: 'float32' });
  const model = trainableReferenceCnn(tf);
  const xs = tf.tensor(x.data, x.shape);
  const ys = tf.tensor(y.data, y.shape);
  fs.mkdirSync(outDir, { recursive: true });
  await model.fit(xs, ys, {
    epochs: Number(epochs), batchSize: Number(batch), shuffle: true, verbose: 0,
    callbacks: { onEpochEnd: async () => {
      await model.save(tf.io.withSaveHandler(async (artifacts) => {
        fs.writeFileSync(path.join(outDir, 'weights.bin'), Buffer.from(artifacts.weightData));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }));
    } },
  });
} else {
  throw new Error(`unknown job '${job}' (predict or train)`);
}
