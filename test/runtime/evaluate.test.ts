import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf, type Tf } from '../../src/runtime/backend.js';
import { compileOptions } from '../../src/runtime/compile.js';
import { evaluateModel } from '../../src/runtime/evaluate.js';
import { trainConfig } from '../../src/spec/train-schema.js';

type SymbolicTensor = import('@tensorflow/tfjs').SymbolicTensor;

let tf: Tf;
beforeAll(async () => {
  tf = (await loadTf({ backend: 'cpu' })).tf;
});

describe('evaluateModel', () => {
  it('gives the loss and metrics of a known linear model, by Keras name, over all batches', async () => {
    // y = 2x + 0.5 on x = 0..4 against targets [1, 2, 5, 9, 9]: errors -0.5, 0.5, -0.5, -2.5, -0.5.
    const input = tf.input({ shape: [1] });
    const dense = tf.layers.dense({ units: 1, name: 'y' });
    const model = tf.model({ inputs: input, outputs: dense.apply(input) as SymbolicTensor });
    dense.setWeights([tf.tensor2d([[2]]), tf.tensor1d([0.5])]);
    const compiled = compileOptions(tf, trainConfig({ loss: 'mse', metrics: ['mae', 'mean_squared_error'] }), model);
    model.compile({ optimizer: compiled.optimizer, loss: compiled.loss, metrics: compiled.metrics });
    const x = tf.tensor2d([[0], [1], [2], [3], [4]]);
    const y = tf.tensor2d([[1], [2], [5], [9], [9]]);
    // Batches of 2, 2, 1: the big error is in the second batch, so an unweighted mean of batch means would differ.
    const logs = await evaluateModel(tf, model, compiled, x, y, 2);
    expect(Object.keys(logs)).toEqual(['loss', 'mae', 'mean_squared_error']);
    expect(logs.loss).toBeCloseTo((0.25 + 0.25 + 0.25 + 6.25 + 0.25) / 5, 5);
    expect(logs.mae).toBeCloseTo((0.5 + 0.5 + 0.5 + 2.5 + 0.5) / 5, 5);
    expect(logs.mean_squared_error).toBeCloseTo(logs.loss, 6);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('names the per-output losses and metrics of a two-output model; int labels work', async () => {
    const input = tf.input({ shape: [2] });
    const score = tf.layers.dense({ units: 1, name: 'score', kernelInitializer: 'zeros', biasInitializer: 'zeros' });
    // Zero weights: every class gets probability 1/3, so the crossentropy is ln 3 for every sample.
    const probs = tf.layers.dense({ units: 3, activation: 'softmax', name: 'probs', kernelInitializer: 'zeros', biasInitializer: 'zeros' });
    const model = tf.model({ inputs: input, outputs: [score.apply(input) as SymbolicTensor, probs.apply(input) as SymbolicTensor] });
    const compiled = compileOptions(tf, trainConfig({ loss: { score: 'mae', probs: 'sparse_categorical_crossentropy' }, metrics: { probs: ['acc'] } }), model);
    model.compile({ optimizer: compiled.optimizer, loss: compiled.loss, metrics: compiled.metrics });
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const yScore = tf.tensor2d([[1], [-2], [3]]);
    const yProbs = tf.tensor1d([0, 2, 1], 'int32');
    const before = tf.memory().numTensors;
    const logs = await evaluateModel(tf, model, compiled, x, [yScore, yProbs], 32);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(logs)).toEqual(['loss', 'score_loss', 'probs_loss', 'probs_acc']);
    expect(logs.score_loss).toBeCloseTo(2, 5);
    expect(logs.probs_loss).toBeCloseTo(Math.log(3), 5);
    expect(logs.loss).toBeCloseTo(2 + Math.log(3), 5);
    // argmax of equal scores is class 0: one sample of three is right.
    expect(logs.probs_acc).toBeCloseTo(1 / 3, 5);
    model.dispose();
    tf.dispose([x, yScore, yProbs]);
  });
});
