// Benchmarks for the training kernels (src/runtime/kernels, issue 5 item 5). Run after `npm run build`:
//   node bench/kernels.mjs            (STOCK=0 skips tfjs's slow cpu kernels; RUNS=n, best of n)
// 1. Conv2DBackpropFilter for the reference CNN's two convolutions (batch 64: 32x32x3 -> 3x3x32 and
//    15x15x32 -> 3x3x64): wasm (ours; tfjs has none), cpu stock vs ours; ms and GFLOP/s. Also wasm's
//    Conv2DBackpropInput, and the cpu DepthwiseConv2dNativeBackpropFilter (kept: ours is slower there)
//    and UnsortedSegmentSum (Embedding's gradient), stock vs ours.
// 2. One training epoch of the reference CNN (models/cnn.yaml; 1024 random samples, batch 64, adam,
//    categorical_crossentropy) on wasm: the model built from the YAML vs the same model written
//    directly in tfjs, both with the kernels registered; samples/s, best of RUNS.
import { best as bestOf, dist, referenceCnnSpec } from './common.mjs';
import { referenceCnn } from './reference-cnn.mjs';

const runs = Number(process.env.RUNS ?? 3);
const stock = process.env.STOCK !== '0';

const { registerTrainingKernels, TRAINING_KERNELS } = await import(dist('runtime/kernels/index.js'));
const { buildModel } = await import(dist('runtime/build-model.js'));

// tfjs as src/runtime/backend.ts loads it, but without loadTf: it would register the kernels at
// once, and tfjs's own are measured first.
const tf = await import('@tensorflow/tfjs');
await import('@tensorflow/tfjs-backend-wasm');
tf.env().set('PROD', true);
const rows = [];

const best = (fn, n = runs) => bestOf(fn, n);
/** Times one kernel call, result read back: tfjs's own through the engine, or ours directly. */
const timeKernel = (impl, name, inputs, attrs, n) => best(() => {
  const out = impl === 'layerspec' ? TRAINING_KERNELS[name](tf, { inputs, attrs }) : tf.engine().runKernel(name, inputs, attrs);
  out.dataSync();
  out.dispose();
}, n);
const record = (kernel, shape, backend, impl, ms, flops) =>
  rows.push({ kernel, shape, backend, impl, ms: ms.toFixed(1), 'GFLOP/s': flops ? (flops / ms / 1e6).toFixed(2) : '' });

const convCases = [
  { shape: '64x32x32x3 -> 3x3x32', x: [64, 32, 32, 3], dy: [64, 30, 30, 32], filterShape: [3, 3, 3, 32] },
  { shape: '64x15x15x32 -> 3x3x64', x: [64, 15, 15, 32], dy: [64, 13, 13, 64], filterShape: [3, 3, 32, 64] },
];
const convFlops = (c) => 2 * c.dy[0] * c.dy[1] * c.dy[2] * c.filterShape[0] * c.filterShape[1] * c.filterShape[2] * c.filterShape[3];
const convAttrs = (c) => ({ strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', filterShape: c.filterShape });

async function kernelRows(backend) {
  await tf.setBackend(backend);
  const inputs = convCases.map((c) => ({ x: tf.randomUniform(c.x), dy: tf.randomUniform(c.dy) }));
  const depthwise = { x: tf.randomUniform([64, 16, 16, 32]), dy: tf.randomUniform([64, 14, 14, 32]) };
  const depthwiseAttrs = { strides: [1, 1], dilations: [1, 1], pad: 'valid', filterShape: [3, 3, 32, 1] };
  const depthwiseFlops = 2 * 64 * 14 * 14 * 9 * 32;
  // An Embedding's gradient: 32 sequences of 100 ids, 64 dimensions, a 1000-word vocabulary.
  const segments = { x: tf.randomUniform([3200, 64]), segmentIds: tf.randomUniform([3200], 0, 1000, 'int32') };
  const filters = convCases.map((c) => tf.randomUniform(c.filterShape));
  const measure = async (impl, n) => {
    // A row for each kernel the implementation has (tfjs has no wasm Conv2DBackpropFilter, ...).
    const row = async (name, shape, inputs, attrs, flops) => {
      if (impl === 'layerspec' || tf.getKernel(name, backend)) record(name, shape, backend, impl, await timeKernel(impl, name, inputs, attrs, n), flops);
    };
    for (const [i, c] of convCases.entries()) await row('Conv2DBackpropFilter', c.shape, inputs[i], convAttrs(c), convFlops(c));
    if (backend === 'wasm') {
      // The second convolution's input gradient (the first one's is never needed: it is the data).
      const c = convCases[1];
      const attrs = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', inputShape: c.x };
      await row('Conv2DBackpropInput', '64x13x13x64 -> 64x15x15x32', { dy: inputs[1].dy, filter: filters[1] }, attrs, convFlops(c));
    }
    await row('DepthwiseConv2dNativeBackpropFilter', '64x16x16x32 -> 3x3x32x1', depthwise, depthwiseAttrs, depthwiseFlops);
    await row('UnsortedSegmentSum', '3200x64 ids<1000', segments, { numSegments: 1000 }, 0);
  };
  if (stock || backend === 'wasm') await measure('tfjs (stock)', backend === 'wasm' ? runs : 1);
  await measure('layerspec', runs);
  registerTrainingKernels(tf, backend);
  tf.dispose([...inputs.flatMap((t) => [t.x, t.dy]), ...filters, depthwise.x, depthwise.dy, segments.x, segments.segmentIds]);
}

await kernelRows('cpu');
await kernelRows('wasm');
console.table(rows);

// 2. One epoch of the reference CNN on wasm.
await tf.setBackend('wasm');
const samples = Number(process.env.SAMPLES ?? 1024);
const batchSize = 64;
const { analysis } = await referenceCnnSpec();
const fromYaml = buildModel(tf, analysis);
const direct = referenceCnn(tf);
direct.setWeights(fromYaml.getWeights());
const x = tf.randomUniform([samples, 32, 32, 3]);
const y = tf.oneHot(tf.randomUniform([samples], 0, 10, 'int32'), 10).toFloat();
const epoch = async (model) => {
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  await model.fit(x.slice(0, batchSize), y.slice(0, batchSize), { batchSize, epochs: 1, verbose: 0 }); // warm-up
  return best(() => model.fit(x, y, { batchSize, epochs: 1, verbose: 0, shuffle: false }));
};
const yamlMs = await epoch(fromYaml);
const directMs = await epoch(direct);
console.table([
  { model: 'models/cnn.yaml (buildModel)', backend: 'wasm', samples, 'epoch ms': yamlMs.toFixed(0), 'samples/s': (samples / yamlMs * 1000).toFixed(0) },
  { model: 'hand-written tfjs', backend: 'wasm', samples, 'epoch ms': directMs.toFixed(0), 'samples/s': (samples / directMs * 1000).toFixed(0) },
]);
