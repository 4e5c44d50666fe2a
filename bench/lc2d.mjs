// LocallyConnected2D forward + backward on the wasm backend: layerspec's call (patches gathered per
// kernel offset, then all positions' products in one op: a depthwise convolution on wasm, with
// hand-written gradients, see src/layers/common/local-conv.ts) vs a Keras-style implementation (a
// loop over the output positions: slice the patch, matmul with that position's kernel,
// concatenate). Same shapes, same weights, same gradients (input, kernel and bias); the outputs
// and gradients are checked to agree first. The two are timed run by run in turn (alternating
// which goes first), so that a slow spell of the machine hits both; the median and the minimum of
// each are reported, and the speed-up as the ratio of the medians.
// Run after `npm run build`:  node bench/lc2d.mjs [--runs N]   (N >= 1, default 9)
// (LAYERSPEC_DIST=dir runs it against another build of src/.)
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = process.env.LAYERSPEC_DIST ?? path.join(root, 'dist');
const { default: lc2d } = await import(pathToFileURL(path.join(dist, 'layers', 'locally-connected2d.js')).href);

const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 9;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs wants a positive integer, got ${process.argv[runsFlag + 1]}`);
const [BATCH, ROWS, COLS, CHANNELS, KERNEL, FILTERS] = [32, 16, 16, 16, 3, 32];

tf.env().set('PROD', true);
if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
await tf.ready();

const params = lc2d.params.parse({ filters: FILTERS, kernel_size: KERNEL });
const [kernelShape, biasShape] = lc2d.weights([[null, ROWS, COLS, CHANNELS]], params, {}).map((w) => w.shape);
const [OUT_ROWS, OUT_COLS] = biasShape;

const x = tf.randomUniform([BATCH, ROWS, COLS, CHANNELS], -1, 1);
const kernel = tf.randomUniform(kernelShape, -0.1, 0.1);
const bias = tf.randomUniform(biasShape, -0.1, 0.1);
const mix = tf.randomUniform([BATCH, OUT_ROWS, OUT_COLS, FILTERS], -1, 1);

const fast = (xs, k, b) => lc2d.call(tf, [xs], { kernel: k, bias: b }, params);

/** Keras 2's LocallyConnected2D, one output position at a time. */
function perPosition(xs, k, b) {
  const kernels = tf.unstack(k);
  const outs = [];
  for (let i = 0; i < OUT_ROWS; i++) {
    for (let j = 0; j < OUT_COLS; j++) {
      const patch = tf.reshape(tf.slice(xs, [0, i, j, 0], [BATCH, KERNEL, KERNEL, CHANNELS]), [BATCH, -1]);
      outs.push(tf.reshape(tf.matMul(patch, kernels[i * OUT_COLS + j]), [BATCH, 1, FILTERS]));
    }
  }
  return tf.add(tf.reshape(tf.concat(outs, 1), [BATCH, OUT_ROWS, OUT_COLS, FILTERS]), tf.reshape(b, [1, OUT_ROWS, OUT_COLS, FILTERS]));
}

/** One forward + backward pass (gradients for the input, the kernel and the bias), data read back. */
function step(impl) {
  const gradsOf = tf.grads((xs, k, b) => tf.sum(tf.mul(impl(xs, k, b), mix)));
  const grads = gradsOf([x, kernel, bias]);
  for (const g of grads) g.dataSync();
  return grads;
}

/** Milliseconds of one step, its results disposed. */
function timeStep(impl) {
  const t0 = performance.now();
  tf.dispose(step(impl));
  return performance.now() - t0;
}

const median = (sorted) => (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;

// Both compute the same thing: outputs and gradients agree.
const worst = tf.tidy(() => {
  const diffs = [tf.max(tf.abs(tf.sub(fast(x, kernel, bias), perPosition(x, kernel, bias)))).dataSync()[0]];
  const [gf, gp] = [step(fast), step(perPosition)];
  gf.forEach((g, i) => diffs.push(tf.max(tf.abs(tf.sub(g, gp[i]))).dataSync()[0]));
  return Math.max(...diffs);
});
if (!(worst < 1e-3)) throw new Error(`the two implementations disagree (max |difference| ${worst})`);

// Warm-up: kernels compiled, memory allocated. Then the two in turn, each run.
timeStep(fast);
timeStep(perPosition);
const fastTimes = [];
const slowTimes = [];
for (let r = 0; r < RUNS; r++) {
  if (r % 2 === 0) {
    fastTimes.push(timeStep(fast));
    slowTimes.push(timeStep(perPosition));
  } else {
    slowTimes.push(timeStep(perPosition));
    fastTimes.push(timeStep(fast));
  }
}
fastTimes.sort((a, b) => a - b);
slowTimes.sort((a, b) => a - b);
const [fastMs, slowMs] = [median(fastTimes), median(slowTimes)];
const ms = (v) => `${v.toFixed(1)} ms`.padStart(9);
const shape = `batch ${BATCH}, ${ROWS}x${COLS}x${CHANNELS} input, ${KERNEL}x${KERNEL}, ${FILTERS} filters, valid (${OUT_ROWS}x${OUT_COLS} positions)`;
console.log(`LocallyConnected2D forward+backward on ${tf.getBackend()}, ${shape}, ${RUNS} interleaved runs:`);
console.log(`                                                          median  minimum`);
console.log(`  layerspec (patches per kernel offset, one product op): ${ms(fastMs)}${ms(fastTimes[0])}`);
console.log(`  Keras-style loop over the ${OUT_ROWS * OUT_COLS} positions:             ${ms(slowMs)}${ms(slowTimes[0])}`);
console.log(`  speed-up: ${(slowMs / fastMs).toFixed(1)}x (medians), ${(slowTimes[0] / fastTimes[0]).toFixed(1)}x (minimums)` +
  `   (outputs and gradients agree to ${worst.toExponential(1)})`);
