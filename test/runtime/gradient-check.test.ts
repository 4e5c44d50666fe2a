/**
 * Gradient checks for every registered layer type, on cpu and on wasm, with the training kernels of
 * src/runtime/kernels registered (as src/runtime/backend.ts does): the analytic gradient
 * (tf.variableGrads) of loss = sum(out * mix) equals central differences for a sample of the
 * elements of every trainable weight and of every float input; one training step (model.fit on one
 * batch) runs for every type with trainable weights; and the input gradient runs in training mode
 * (Dropout and friends active) for every type. Layers are built through `builderFor`, as buildModel
 * and the layer harness build them.
 */
import { describe, expect, it } from 'vitest';
import type { AnyLayerDef } from '../../src/layers/define.js';
import { builtinRegistry } from '../../src/layers/index.js';
import { loadTf as loadBackend } from '../../src/runtime/backend.js';
import { builderFor, nestedBuilder } from '../../src/runtime/build-model.js';
import type { Shape } from '../../src/shape/shape.js';
import { parseParams, staticLayer } from '../layers/harness.js';

type Tf = import('../../src/runtime/backend.js').Tf;
type Tensor = import('@tensorflow/tfjs').Tensor;
type Variable = import('@tensorflow/tfjs').Variable;
type LayersModel = import('@tensorflow/tfjs').LayersModel;

interface Config {
  params: Record<string, unknown>;
  /** Input shapes, batch as null; every axis known. */
  inputs: Shape[];
}

const IMAGE: Shape = [null, 5, 6, 2];
const SEQUENCE: Shape = [null, 4, 3];
const VECTOR: Shape = [null, 6];

/**
 * One small valid configuration per registered type (from test/layers/*.test.ts, shrunk). Smooth
 * activations only where there is a choice: central differences are wrong across a kink.
 */
const CONFIGS: Readonly<Record<string, Config>> = {
  Activation: { params: { activation: 'tanh' }, inputs: [VECTOR] },
  Add: { params: {}, inputs: [VECTOR, VECTOR] },
  Average: { params: {}, inputs: [VECTOR, VECTOR] },
  AveragePooling1D: { params: {}, inputs: [SEQUENCE] },
  AveragePooling2D: { params: {}, inputs: [IMAGE] },
  BatchNormalization: { params: {}, inputs: [IMAGE] },
  Bidirectional: { params: { layer: { type: 'LSTM', units: 3 } }, inputs: [SEQUENCE] },
  CAM: { params: {}, inputs: [IMAGE] },
  Concatenate: { params: {}, inputs: [VECTOR, VECTOR] },
  Conv1D: { params: { filters: 3, kernel_size: 2, strides: 2, padding: 'same' }, inputs: [[null, 7, 3]] },
  Conv2D: { params: { filters: 3, kernel_size: [3, 2], strides: 2, padding: 'same' }, inputs: [IMAGE] },
  Conv2DTranspose: { params: { filters: 3, kernel_size: 3, strides: 2 }, inputs: [IMAGE] },
  Cropping2D: { params: { cropping: [[1, 0], [1, 2]] }, inputs: [IMAGE] },
  Dense: { params: { units: 3, activation: 'sigmoid' }, inputs: [VECTOR] },
  DepthwiseConv2D: { params: { kernel_size: 3, depth_multiplier: 2, padding: 'same' }, inputs: [IMAGE] },
  Dot: { params: { axes: 1 }, inputs: [VECTOR, VECTOR] },
  Dropout: { params: { rate: 0.5 }, inputs: [VECTOR] },
  ELU: { params: {}, inputs: [VECTOR] },
  Embedding: { params: { input_dim: 6, output_dim: 3 }, inputs: [[null, 5]] },
  Flatten: { params: {}, inputs: [IMAGE] },
  GlobalAveragePooling1D: { params: {}, inputs: [SEQUENCE] },
  GlobalAveragePooling2D: { params: {}, inputs: [IMAGE] },
  GlobalMaxPooling1D: { params: {}, inputs: [SEQUENCE] },
  GlobalMaxPooling2D: { params: {}, inputs: [IMAGE] },
  GRU: { params: { units: 3 }, inputs: [SEQUENCE] },
  KernelDot: { params: { output_dim: 3 }, inputs: [VECTOR] },
  Lambda: { params: { expr: 'x ** 2' }, inputs: [VECTOR] },
  LayerNormalization: { params: {}, inputs: [SEQUENCE] },
  LeakyReLU: { params: {}, inputs: [VECTOR] },
  LocallyConnected2D: { params: { filters: 2, kernel_size: 2, strides: [1, 2] }, inputs: [IMAGE] },
  LSTM: { params: { units: 3, return_sequences: true }, inputs: [SEQUENCE] },
  Masking: { params: {}, inputs: [SEQUENCE] },
  Maximum: { params: {}, inputs: [VECTOR, VECTOR] },
  MaxPooling1D: { params: {}, inputs: [SEQUENCE] },
  MaxPooling2D: { params: {}, inputs: [IMAGE] },
  Minimum: { params: {}, inputs: [VECTOR, VECTOR] },
  Multiply: { params: {}, inputs: [VECTOR, VECTOR] },
  PAM: { params: {}, inputs: [[null, 3, 4, 8]] },
  Permute: { params: { dims: [2, 1] }, inputs: [SEQUENCE] },
  PReLU: { params: {}, inputs: [VECTOR] },
  ReLU: { params: {}, inputs: [VECTOR] },
  RepeatVector: { params: { n: 3 }, inputs: [VECTOR] },
  Reshape: { params: { target_shape: [2, 3] }, inputs: [VECTOR] },
  Scale: { params: {}, inputs: [SEQUENCE] },
  SeparableConv2D: { params: { filters: 3, kernel_size: 3, depth_multiplier: 2 }, inputs: [IMAGE] },
  SimpleRNN: { params: { units: 3 }, inputs: [SEQUENCE] },
  Softmax: { params: {}, inputs: [VECTOR] },
  SpatialDropout1D: { params: { rate: 0.5 }, inputs: [SEQUENCE] },
  Subtract: { params: {}, inputs: [VECTOR, VECTOR] },
  TimeDistributed: { params: { layer: { type: 'Dense', units: 2 } }, inputs: [SEQUENCE] },
  UpSampling2D: { params: {}, inputs: [IMAGE] },
  ZeroPadding2D: { params: {}, inputs: [IMAGE] },
};

/** The types whose trainable weights must be checked (the rest must have none). */
const TRAINABLE = ['BatchNormalization', 'Bidirectional', 'CAM', 'Conv1D', 'Conv2D', 'Conv2DTranspose', 'Dense', 'DepthwiseConv2D',
  'Embedding', 'GRU', 'KernelDot', 'LayerNormalization', 'LocallyConnected2D', 'LSTM', 'PAM', 'PReLU', 'Scale', 'SeparableConv2D',
  'SimpleRNN', 'TimeDistributed'];

const registry = builtinRegistry();
const BATCH = 2;
/** Elements checked per weight or input. */
const SAMPLES = 5;
/** The central-difference step: large enough that float32 rounding of the loss stays ~1e-4 of it. */
const EPSILON = 1e-2;

function buildLayer(tf: Tf, def: AnyLayerDef, config: Config) {
  const parsed = parseParams(def, config.params);
  if (!parsed.success) throw new Error(`${def.type}: schema rejected ${JSON.stringify(config.params)}`);
  const { type: _type, trainable: _trainable, ...params } = parsed.data as Record<string, unknown>;
  const { output } = staticLayer(def, config.params, config.inputs);
  const layer = builderFor(def)!(tf, params, {
    inputShapes: config.inputs,
    outputShape: output,
    inputNames: config.inputs.map((_, i) => `<input ${i + 1}>`),
    trainable: true,
    buildNested: nestedBuilder(tf, registry, def.type, true),
  });
  const symbolic = config.inputs.map((s) => tf.input({ shape: s.slice(1) as number[] }));
  const out = layer.apply(symbolic.length === 1 ? symbolic[0] : symbolic) as import('@tensorflow/tfjs').SymbolicTensor;
  return { layer, model: tf.model({ inputs: symbolic, outputs: out }), params };
}

/**
 * Seeded data: ids in [0, input_dim) for an Embedding; otherwise distinct floats on a grid over
 * [-2, 2) shared by all inputs, in random order. No two values, and no value and 0, are closer
 * than the central-difference step: a max, a ReLU or a pooling window never switches sides.
 */
function makeInputs(tf: Tf, def: AnyLayerDef, config: Config, seed: number): Tensor[] {
  const shapes = config.inputs.map((s) => [BATCH, ...(s.slice(1) as number[])]);
  if (def.type === 'Embedding') return shapes.map((shape, i) => tf.randomUniform(shape, 0, config.params.input_dim as number, 'int32', seed + i));
  const sizes = shapes.map((shape) => shape.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  const spacing = 4 / total;
  expect(spacing / 2, 'grid spacing above the step').toBeGreaterThan(EPSILON);
  const order = tf.tidy(() => tf.topk(tf.randomUniform([total], 0, 1, 'float32', seed), total).indices.dataSync());
  const values = Float32Array.from(order, (k) => -2 + (k + 0.5) * spacing);
  let offset = 0;
  return shapes.map((shape, i) => {
    const x = tf.tensor(values.subarray(offset, offset + sizes[i]), shape);
    offset += sizes[i];
    return x;
  });
}

/** Distinct seeded element indices of a tensor of `size` elements (all of them when few). */
function sampleIndices(size: number, seed: number): number[] {
  if (size <= SAMPLES) return Array.from({ length: size }, (_, i) => i);
  const picked = new Set<number>();
  for (let k = 1; picked.size < SAMPLES; k++) picked.add((seed * 7919 + k * 104729) % size);
  return [...picked];
}

/** |numeric - analytic| within float32 central-difference noise plus 2% of the analytic value. */
function expectClose(numeric: number, analytic: number, scale: number, what: string): void {
  expect(Math.abs(numeric - analytic), `${what}: numeric ${numeric} vs analytic ${analytic}`).toBeLessThanOrEqual(2e-3 * Math.max(1, scale) + 2e-2 * Math.abs(analytic));
}

const runnableTypes = registry.defs.filter((def) => builderFor(def) !== undefined);

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`gradients on ${backend}`, () => {
    it('every registered type has a configuration here; the trainable list is exact', async () => {
      const { tf } = await loadBackend({ backend });
      expect(registry.defs.map((d) => d.type).filter((t) => !(t in CONFIGS)), 'types without a configuration').toEqual([]);
      const withWeights = registry.defs.filter((def) => {
        const { weights } = staticLayer(def, CONFIGS[def.type].params, CONFIGS[def.type].inputs);
        return weights.some((w) => w.trainable);
      }).map((d) => d.type);
      expect(withWeights.sort()).toEqual([...TRAINABLE].sort());
      expect(tf.getBackend()).toBe(backend);
    });

    for (const def of runnableTypes) {
      const config = CONFIGS[def.type];
      if (!config) continue;
      it(`${def.type}: analytic == numeric gradients of the weights and inputs`, async () => {
        const { tf } = await loadBackend({ backend });
        const { layer, model } = buildLayer(tf, def, config);
        // Random trainable weights (PAM's and CAM's gamma start at 0 and would cut the others off).
        layer.trainableWeights.forEach((w, k) => {
          const v = w.read() as Variable;
          v.assign(tf.randomUniform(v.shape, -0.5, 0.5, 'float32', 100 + k));
        });
        const xs = makeInputs(tf, def, config, 1);
        const mix = tf.tidy(() => tf.randomUniform((model.apply(xs) as Tensor).shape, -1, 1, 'float32', 7));
        const before = tf.memory().numTensors;
        const loss = (inputs: Tensor[]) => tf.tidy(() => tf.sum(tf.mul(model.apply(inputs) as Tensor, mix)).dataSync()[0]);

        const variables = layer.trainableWeights.map((w) => w.read() as Variable);
        const { value, grads } = variables.length === 0 ? { value: tf.scalar(0), grads: {} } : tf.variableGrads(() => tf.sum(tf.mul(model.apply(xs) as Tensor, mix)) as import('@tensorflow/tfjs').Scalar, variables);
        for (const [k, v] of variables.entries()) {
          const analytic = grads[v.name].dataSync();
          const scale = Math.max(...Array.from(analytic, Math.abs));
          expect(scale, `a gradient reaches ${v.name}`).toBeGreaterThan(0);
          const original = v.dataSync().slice();
          for (const i of sampleIndices(v.size, k + 1)) {
            const at = (delta: number) => {
              const values = original.slice();
              values[i] += delta;
              tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
              return loss(xs);
            };
            const numeric = (at(EPSILON) - at(-EPSILON)) / (2 * EPSILON);
            expectClose(numeric, analytic[i], scale, `${v.name}[${i}]`);
          }
          tf.tidy(() => v.assign(tf.tensor(original, v.shape)));
        }
        tf.dispose([value, ...Object.values(grads)]);

        if (def.type !== 'Embedding') checkInputGradients(tf, model, xs, mix, loss);
        expect(tf.memory().numTensors, 'no tensor left behind').toBe(before);
        tf.dispose([...xs, mix]);
        model.dispose();
      });
    }

    for (const def of runnableTypes) {
      const config = CONFIGS[def.type];
      if (!config) continue;
      const trainable = TRAINABLE.includes(def.type);
      it(trainable ? `${def.type}: one training step (fit, one batch) changes the weights` : `${def.type}: the input gradient runs in training mode`, async () => {
        const { tf } = await loadBackend({ backend });
        const { layer, model } = buildLayer(tf, def, config);
        const xs = makeInputs(tf, def, config, 11);
        if (trainable) {
          const y = tf.tidy(() => tf.randomUniform((model.apply(xs) as Tensor).shape, -1, 1, 'float32', 13));
          const before = layer.trainableWeights.map((w) => w.read().dataSync().slice());
          model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
          const history = await model.fit(xs.length === 1 ? xs[0] : xs, y, { batchSize: BATCH, epochs: 1, verbose: 0 });
          expect(Number.isFinite(history.history.loss[0] as number)).toBe(true);
          const changed = layer.trainableWeights.filter((w, k) => w.read().dataSync().some((v, i) => v !== before[k][i]));
          expect(changed.length, 'weights updated').toBeGreaterThan(0);
          tf.dispose(y);
        } else {
          const mix = tf.tidy(() => tf.randomUniform((model.apply(xs) as Tensor).shape, -1, 1, 'float32', 13));
          const grads = tf.grads((...inputs: Tensor[]) => tf.sum(tf.mul(model.apply(inputs, { training: true }) as Tensor, mix)))(xs);
          expect(grads.map((g) => g.shape)).toEqual(xs.map((x) => x.shape));
          expect(grads.every((g) => g.dataSync().every(Number.isFinite))).toBe(true);
          tf.dispose([mix, ...grads]);
        }
        tf.dispose(xs);
        model.dispose();
      });
    }
  });
}

/** Central differences on a sample of every input's elements (the gradient the previous layer gets). */
function checkInputGradients(tf: Tf, model: LayersModel, xs: Tensor[], mix: Tensor, loss: (inputs: Tensor[]) => number): void {
  const analytic = tf.grads((...inputs: Tensor[]) => tf.sum(tf.mul(model.apply(inputs) as Tensor, mix)))(xs);
  for (const [j, x] of xs.entries()) {
    const grad = analytic[j].dataSync();
    const scale = Math.max(...Array.from(grad, Math.abs));
    const original = x.dataSync();
    for (const i of sampleIndices(x.size, j + 3)) {
      const at = (delta: number) => {
        const values = Float32Array.from(original);
        values[i] += delta;
        const moved = tf.tensor(values, x.shape);
        const value = loss(xs.map((other, k) => (k === j ? moved : other)));
        moved.dispose();
        return value;
      };
      expectClose((at(EPSILON) - at(-EPSILON)) / (2 * EPSILON), grad[i], scale, `input ${j}[${i}]`);
    }
  }
  tf.dispose(analytic);
}
