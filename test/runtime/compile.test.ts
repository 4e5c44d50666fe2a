import { beforeAll, describe, expect, it } from 'vitest';
import { compileOptions, floatTargets, kerasLoss } from '../../src/runtime/compile.js';
import { LOSSES, METRICS, type LossName, type MetricName } from '../../src/spec/train-losses.js';
import { OPTIMIZER_NAMES } from '../../src/spec/train-optimizers.js';
import { kerasLogNames, trainConfig } from '../../src/spec/train-schema.js';
import { loadTf, type Tf } from '../../src/runtime/backend.js';

/**
 * compile.ts against real tfjs on the cpu backend: every optimizer, loss and metric compiles, one
 * epoch of fit runs on a tiny model, and the logs carry Keras's names.
 */

let tf: Tf;
beforeAll(async () => {
  tf = (await loadTf({ backend: 'cpu' })).tf;
});

type Tensor = import('@tensorflow/tfjs').Tensor;
type Head = 'linear' | 'softplus' | 'sigmoid1' | 'softmax3';
type Labels = 'real' | 'positive' | 'binary' | 'onehot' | 'sparse';

const N = 12;
const rows = (f: (i: number, j: number) => number, cols: number) => Array.from({ length: N }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j)));

function model(head: Head, name = 'out') {
  const input = tf.input({ shape: [3] });
  const units = head === 'softmax3' ? 3 : head === 'sigmoid1' ? 1 : 2;
  const activation = head === 'softmax3' ? 'softmax' : head === 'sigmoid1' ? 'sigmoid' : head;
  const output = tf.layers.dense({ units, activation, name, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(input) as import('@tensorflow/tfjs').SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

function data(labels: Labels, units: number): { x: Tensor; y: Tensor } {
  const x = tf.tensor2d(rows((i, j) => Math.sin(i * 3 + j), 3));
  switch (labels) {
    case 'real': return { x, y: tf.tensor2d(rows((i, j) => Math.cos(i + j), units)) };
    case 'positive': return { x, y: tf.tensor2d(rows((i, j) => 1 + ((i + j) % 3), units)) };
    case 'binary': return { x, y: tf.tensor2d(rows((i, j) => (i + j) % 2, units)) };
    case 'onehot': return { x, y: tf.oneHot(tf.tensor1d(rows((i) => i % 3, 1).flat(), 'int32'), 3) };
    case 'sparse': return { x, y: tf.tensor1d(rows((i) => i % 3, 1).flat(), 'int32') };
  }
}

const UNITS: Record<Head, number> = { linear: 2, softplus: 2, sigmoid1: 1, softmax3: 3 };

/** The fit History keys, renamed by compile.ts, and the epoch's values. */
async function fitOnce(train: Record<string, unknown>, head: Head, labels: Labels) {
  const config = trainConfig({ validation_split: 0.25, ...train });
  const m = model(head);
  const compiled = compileOptions(tf, config, m);
  m.compile({ optimizer: compiled.optimizer, loss: compiled.loss, metrics: compiled.metrics });
  const { x, y: labelTensor } = data(labels, UNITS[head]);
  const { ys: y, created } = floatTargets(tf, labelTensor);
  const before = m.getWeights().map((w) => w.arraySync());
  const history = await m.fit(x, y, { epochs: 1, batchSize: 4, validationSplit: config.validation_split, verbose: 0 });
  const logs = Object.fromEntries(Object.entries(history.history).map(([k, v]) => [compiled.logName(k), v[0] as number]));
  const moved = m.getWeights().some((w, i) => JSON.stringify(w.arraySync()) !== JSON.stringify(before[i]));
  tf.dispose([x, labelTensor, ...created]);
  m.dispose();
  return { logs, moved, compiled, config };
}

describe('optimizers', () => {
  // What tfjs's getConfig() shows for each, with Keras's defaults passed (tfjs's differ).
  const expected: Record<string, Record<string, unknown>> = {
    sgd: { learningRate: 0.01 },
    adam: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    adamax: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, decay: 0 },
    adagrad: { learningRate: 0.001, initialAccumulatorValue: 0.1 },
    adadelta: { learningRate: 0.001, rho: 0.95, epsilon: 1e-7 },
    rmsprop: { learningRate: 0.001, decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false },
  };

  it.each(OPTIMIZER_NAMES)("%s: Keras's defaults, and one epoch trains", async (name) => {
    const { logs, moved, compiled } = await fitOnce({ optimizer: name, loss: 'mse' }, 'linear', 'real');
    expect(compiled.optimizer.getConfig()).toMatchObject(expected[name]);
    expect(Object.keys(logs)).toEqual(['val_loss', 'loss']);
    expect(Number.isFinite(logs.loss)).toBe(true);
    expect(moved).toBe(true);
  });

  it('sgd with momentum is the momentum optimizer, Nesterov as asked', async () => {
    const { compiled } = await fitOnce({ optimizer: { type: 'sgd', learning_rate: 0.1, momentum: 0.9, nesterov: true }, loss: 'mse' }, 'linear', 'real');
    expect(compiled.optimizer.getClassName()).toBe('Momentum');
    expect(compiled.optimizer.getConfig()).toMatchObject({ learningRate: 0.1, momentum: 0.9, useNesterov: true });
  });

  it('passes the arguments the file gives', async () => {
    const { compiled } = await fitOnce({ optimizer: { type: 'rmsprop', learning_rate: 0.01, rho: 0.8, momentum: 0.5, centered: true }, loss: 'mse' }, 'linear', 'real');
    expect(compiled.optimizer.getConfig()).toMatchObject({ learningRate: 0.01, decay: 0.8, momentum: 0.5, centered: true });
  });
});

describe('losses', () => {
  const setup: Record<LossName, [Head, Labels]> = {
    mean_squared_error: ['linear', 'real'], mse: ['linear', 'real'],
    mean_absolute_error: ['linear', 'real'], mae: ['linear', 'real'],
    mean_absolute_percentage_error: ['linear', 'positive'], mape: ['linear', 'positive'],
    mean_squared_logarithmic_error: ['softplus', 'positive'], msle: ['softplus', 'positive'],
    binary_crossentropy: ['sigmoid1', 'binary'],
    categorical_crossentropy: ['softmax3', 'onehot'],
    sparse_categorical_crossentropy: ['softmax3', 'sparse'],
    hinge: ['linear', 'binary'], squared_hinge: ['linear', 'binary'],
    categorical_hinge: ['softmax3', 'onehot'],
    kl_divergence: ['softmax3', 'onehot'], kullback_leibler_divergence: ['softmax3', 'onehot'], kld: ['softmax3', 'onehot'],
    poisson: ['softplus', 'positive'],
    cosine_similarity: ['linear', 'real'],
    log_cosh: ['linear', 'real'], logcosh: ['linear', 'real'],
    huber: ['linear', 'real'],
  };

  it.each(Object.keys(LOSSES) as LossName[])('%s: one epoch runs, the loss is finite', async (loss) => {
    const [head, labels] = setup[loss];
    const { logs, moved } = await fitOnce({ optimizer: { type: 'sgd', learning_rate: 0.05 }, loss }, head, labels);
    expect(Object.keys(logs).sort()).toEqual(['loss', 'val_loss']);
    expect(Number.isFinite(logs.loss) && Number.isFinite(logs.val_loss), JSON.stringify(logs)).toBe(true);
    expect(moved).toBe(true);
  });

  it.each((Object.keys(LOSSES) as LossName[]).filter((l) => l !== 'huber' && l !== 'sparse_categorical_crossentropy'))("%s equals tfjs-layers' loss of that name on float labels", (loss) => {
    const [head, labels] = setup[loss];
    const m = model(head);
    const { x, y: raw } = data(labels, UNITS[head]);
    // Float labels for both (tfjs's own losses need them); -1/1 for hinge, which Keras converts from 0/1.
    const y = loss.endsWith('hinge') && labels === 'binary' ? tf.sub(tf.mul(raw, 2), 1) : tf.cast(raw, 'float32');
    const value = (lossArg: string | ((a: Tensor, b: Tensor) => Tensor)) => {
      m.compile({ optimizer: 'sgd', loss: lossArg as string });
      return (m.evaluate(x, y) as Tensor).dataSync()[0];
    };
    const ours = value(kerasLoss(tf, loss));
    expect(Number.isFinite(ours)).toBe(true);
    expect(ours).toBeCloseTo(value(LOSSES[loss]), 5);
    m.dispose();
  });

  it("huber, hinge and squared_hinge compute Keras's values", () => {
    const value = (name: LossName, yTrue: number[][], yPred: number[][]) => {
      const fn = kerasLoss(tf, name) as (a: Tensor, b: Tensor) => Tensor;
      return Array.from(fn(tf.tensor2d(yTrue), tf.tensor2d(yPred)).dataSync());
    };
    // huber (delta 1): errors 0.5 -> 0.125, 3 -> 2.5; mean over the last axis.
    expect(value('huber', [[0, 0]], [[0.5, 3]])[0]).toBeCloseTo((0.125 + 2.5) / 2, 6);
    // 0/1 labels are Keras's -1/1: label 0, prediction 0.5 -> max(0, 1 + 0.5) = 1.5.
    expect(value('hinge', [[0, 1]], [[0.5, 0.5]])[0]).toBeCloseTo((1.5 + 0.5) / 2, 6);
    expect(value('squared_hinge', [[0, 1]], [[0.5, 0.5]])[0]).toBeCloseTo((2.25 + 0.25) / 2, 6);
    // -1/1 labels are used as they are.
    expect(value('hinge', [[-1, 1]], [[0.5, 2]])[0]).toBeCloseTo((1.5 + 0) / 2, 6);
  });
});

describe('metrics', () => {
  const setup: Record<MetricName, [LossName, Head, Labels]> = {
    accuracy: ['categorical_crossentropy', 'softmax3', 'onehot'], acc: ['categorical_crossentropy', 'softmax3', 'onehot'],
    crossentropy: ['categorical_crossentropy', 'softmax3', 'onehot'], ce: ['categorical_crossentropy', 'softmax3', 'onehot'],
    binary_accuracy: ['binary_crossentropy', 'sigmoid1', 'binary'],
    categorical_accuracy: ['categorical_crossentropy', 'softmax3', 'onehot'],
    sparse_categorical_accuracy: ['sparse_categorical_crossentropy', 'softmax3', 'sparse'],
    binary_crossentropy: ['binary_crossentropy', 'sigmoid1', 'binary'],
    categorical_crossentropy: ['categorical_crossentropy', 'softmax3', 'onehot'],
    sparse_categorical_crossentropy: ['sparse_categorical_crossentropy', 'softmax3', 'sparse'],
    mean_squared_error: ['mse', 'linear', 'real'], mse: ['mse', 'linear', 'real'],
    mean_absolute_error: ['mse', 'linear', 'real'], mae: ['mse', 'linear', 'real'],
    mean_absolute_percentage_error: ['mse', 'linear', 'positive'], mape: ['mse', 'linear', 'positive'],
    cosine_similarity: ['mse', 'linear', 'real'],
    precision: ['binary_crossentropy', 'sigmoid1', 'binary'], recall: ['binary_crossentropy', 'sigmoid1', 'binary'],
  };

  it.each(Object.keys(METRICS) as MetricName[])('%s: logged under its Keras name, with val_', async (metric) => {
    const [loss, head, labels] = setup[metric];
    const { logs, compiled, config } = await fitOnce({ loss, metrics: [metric] }, head, labels);
    expect(Object.keys(logs).sort()).toEqual(['loss', metric, 'val_loss', `val_${metric}`].sort());
    expect(kerasLogNames(config, ['out'], true).sort()).toEqual(Object.keys(logs).sort());
    expect(compiled.logNames).toEqual(['loss', metric]);
    for (const [k, v] of Object.entries(logs)) expect(Number.isFinite(v), `${k}: ${v}`).toBe(true);
  });

  it('accuracy on integer labels is sparse categorical accuracy; Keras names the log as written', async () => {
    const { logs } = await fitOnce({ loss: 'sparse_categorical_crossentropy', metrics: ['accuracy', 'acc', 'ce'] }, 'softmax3', 'sparse');
    expect(Object.keys(logs).sort()).toEqual(['acc', 'accuracy', 'ce', 'loss', 'val_acc', 'val_accuracy', 'val_ce', 'val_loss']);
    expect(logs.acc).toBe(logs.accuracy);
    // With sparse labels, crossentropy is the loss itself.
    expect(logs.val_ce).toBeCloseTo(logs.val_loss, 5);
    expect(logs.accuracy).toBeGreaterThanOrEqual(0);
    expect(logs.accuracy).toBeLessThanOrEqual(1);
  });

  it('cosine_similarity is the similarity (Keras), not its negative (the loss)', async () => {
    const m = model('linear');
    const compiled = compileOptions(tf, trainConfig({ metrics: ['cosine_similarity'] }), m);
    const fn = (compiled.metrics as unknown as Record<string, ((a: Tensor, b: Tensor) => Tensor)[]>).out[0];
    expect(fn.name).toBe('cosine_similarity');
    expect(fn(tf.tensor2d([[1, 2]]), tf.tensor2d([[2, 4]])).dataSync()[0]).toBeCloseTo(1, 5);
    m.dispose();
  });
});

describe('several outputs', () => {
  it('gives per-output losses in output order and History keys exactly as Keras 2 names them', async () => {
    const input = tf.input({ shape: [3] });
    const hidden = tf.layers.dense({ units: 4, activation: 'relu' }).apply(input) as import('@tensorflow/tfjs').SymbolicTensor;
    const score = tf.layers.dense({ units: 1, name: 'score' }).apply(hidden) as import('@tensorflow/tfjs').SymbolicTensor;
    const probs = tf.layers.dense({ units: 3, activation: 'softmax', name: 'probs' }).apply(hidden) as import('@tensorflow/tfjs').SymbolicTensor;
    const m = tf.model({ inputs: input, outputs: [score, probs] });
    const config = trainConfig({
      loss: { probs: 'sparse_categorical_crossentropy', score: 'huber' },
      metrics: { score: ['mae'], probs: ['accuracy'] },
      validation_split: 0.25,
    });
    const compiled = compileOptions(tf, config, m);
    expect((compiled.loss as unknown[]).map((f) => (typeof f === 'string' ? f : (f as { name: string }).name))).toEqual(['huber', 'sparseCategoricalCrossentropy']);
    m.compile({ optimizer: compiled.optimizer, loss: compiled.loss, metrics: compiled.metrics });
    const x = tf.tensor2d(rows((i, j) => Math.sin(i + j), 3));
    const yScore = tf.tensor2d(rows((i) => i / N, 1));
    const yProbs = tf.tensor1d(rows((i) => i % 3, 1).flat(), 'int32');
    const targets = floatTargets(tf, [yScore, yProbs]);
    expect(targets.created).toHaveLength(1);
    const history = await m.fit(x, targets.ys, { epochs: 1, batchSize: 4, validationSplit: 0.25, verbose: 0 });
    const keys = Object.keys(history.history).map(compiled.logName);
    // tfjs's own validation values are shifted for several outputs; compileOptions mends that.
    const val = (k: string) => history.history[k][0] as number;
    expect(val('val_loss')).toBeCloseTo(val('val_score_loss') + val('val_probs_loss'), 5);
    expect(val('val_probs_accuracy')).toBeGreaterThanOrEqual(0);
    expect(val('val_probs_accuracy')).toBeLessThanOrEqual(1);
    expect(keys.sort()).toEqual(kerasLogNames(config, ['score', 'probs'], true).sort());
    expect(compiled.logNames).toEqual(['loss', 'score_loss', 'probs_loss', 'score_mae', 'probs_accuracy']);
    m.dispose();
  });

  it('refuses to compile when an output has no loss (check reports it first)', () => {
    const input = tf.input({ shape: [3] });
    const a = tf.layers.dense({ units: 1, name: 'a' }).apply(input) as import('@tensorflow/tfjs').SymbolicTensor;
    const b = tf.layers.dense({ units: 1, name: 'b' }).apply(input) as import('@tensorflow/tfjs').SymbolicTensor;
    const m = tf.model({ inputs: input, outputs: [a, b] });
    expect(() => compileOptions(tf, trainConfig({ loss: { a: 'mse' } }), m)).toThrow("no loss for the output 'b'");
    m.dispose();
  });
});
