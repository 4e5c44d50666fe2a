import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { analyzeSource } from '../../src/analyze.js';
import { buildJsonSchema } from '../../src/spec/json-schema.js';
import { builtinRegistry } from '../../src/layers/index.js';
import { checkTrainSpec, parseTrain } from '../../src/spec/train-check.js';
import { LOSSES, METRICS } from '../../src/spec/train-losses.js';
import { earlyStoppingDirection, kerasLogNames, optimizerConfig, trainConfig, type TrainSpec } from '../../src/spec/train-schema.js';

const ctx = { file: 'm.yaml', locator: undefined };
const problems = (raw: unknown) => parseTrain(raw, ctx).diagnostics.map((d) => `${d.code}: ${d.message} | ${d.hint ?? ''}`);
const parsed = (raw: unknown): TrainSpec => {
  const result = parseTrain(raw, ctx);
  expect(result.diagnostics).toEqual([]);
  return result.train!;
};

describe('train: defaults', () => {
  it("fills in Keras's fit defaults and adam", () => {
    expect(trainConfig(undefined)).toEqual({
      optimizer: 'adam', loss: 'mse', metrics: [], epochs: 10, batch_size: 32, validation_split: 0, shuffle: true,
    });
  });

  it.each([
    ['sgd', { type: 'sgd', learning_rate: 0.01, momentum: 0, nesterov: false }],
    ['adam', { type: 'adam', learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 }],
    ['adamax', { type: 'adamax', learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 }],
    ['adagrad', { type: 'adagrad', learning_rate: 0.001, initial_accumulator_value: 0.1, epsilon: 1e-7 }],
    ['adadelta', { type: 'adadelta', learning_rate: 0.001, rho: 0.95, epsilon: 1e-7 }],
    ['rmsprop', { type: 'rmsprop', learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false }],
  ] as const)("%s by name gets tf.keras 2.4+'s arguments", (name, expected) => {
    expect(optimizerConfig(parsed({ optimizer: name }).optimizer)).toEqual(expected);
    expect(optimizerConfig(parsed({ optimizer: { type: name } }).optimizer)).toEqual(expected);
  });

  it('keeps what the file gives and defaults the rest', () => {
    const train = parsed({ optimizer: { type: 'sgd', learning_rate: 0.1, momentum: 0.9, nesterov: true }, early_stopping: { patience: 2 }, seed: 7 });
    expect(optimizerConfig(train.optimizer)).toEqual({ type: 'sgd', learning_rate: 0.1, momentum: 0.9, nesterov: true });
    expect(train.early_stopping).toEqual({ monitor: 'val_loss', patience: 2, min_delta: 0, mode: 'auto', restore_best_weights: false });
    expect(train.seed).toBe(7);
  });

  it("accepts a pasted Keras config's no-op values of arguments tfjs lacks", () => {
    expect(problems({ optimizer: { type: 'adam', amsgrad: false, clipnorm: null, weight_decay: null, use_ema: false } })).toEqual([]);
  });
});

describe('train: mistakes', () => {
  it.each([
    [{ optimizer: 'Adam' }, 'schema/invalid-value', 'did you mean "adam"'],
    [{ optimizer: { type: 'rmsprob' } }, 'schema/invalid-value', 'did you mean "rmsprop"'],
    [{ optimizer: { learning_rate: 0.1 } }, 'schema/missing-key', 'add `type:`'],
    [{ optimizer: 'tf.keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True)' }, 'schema/invalid-value',
      '`optimizer: { type: sgd, learning_rate: 0.1, momentum: 0.9, nesterov: true }`'],
    [{ optimizer: { type: 'adam', lr: 0.01 } }, 'schema/unknown-key', '`learning_rate: 0.01`'],
    [{ optimizer: { type: 'adam', amsgrad: true } }, 'schema/invalid-value', 'no AMSGrad variant'],
    [{ optimizer: { type: 'rmsprop', weight_decay: 0.01 } }, 'schema/invalid-value', 'no weight decay'],
    [{ optimizer: { type: 'adam', momentum: 0.9 } }, 'schema/unknown-key', 'known keys'],
    [{ optimizer: { type: 'sgd', nestrov: true } }, 'schema/unknown-key', 'did you mean `nesterov`'],
    [{ optimizer: { type: 'adam', beta_1: 1 } }, 'schema/out-of-range', 'must be < 1'],
    [{ optimizer: { type: 'adagrad', epsilon: 1e-3 } }, 'schema/invalid', 'always uses epsilon 1e-7'],
    [{ optimizer: 3 }, 'schema/invalid-type', 'a name or a mapping'],
    [{ loss: 'mean_squared_eror' }, 'schema/invalid-value', 'did you mean "mean_squared_error"'],
    [{ loss: 'CategoricalCrossentropy()' }, 'schema/invalid-value', 'did you mean "categorical_crossentropy"'],
    [{ loss: 'binary_focal_crossentropy' }, 'schema/invalid-value', 'no focal loss'],
    [{ loss: { score: 3 } }, 'schema/invalid-type', 'must be a loss name'],
    [{ loss: ['mse'] }, 'schema/invalid-type', 'mapping of output -> loss'],
    [{ metrics: 'accuracy' }, 'schema/invalid-type', '`metrics: [accuracy]`'],
    [{ metrics: ['accuracy', 'accuracy'] }, 'schema/invalid-value', 'twice'],
    [{ metrics: ['auc'] }, 'schema/invalid-value', 'no AUC'],
    [{ metrics: { probs: 'acuracy' } }, 'schema/invalid-value', 'did you mean "accuracy"'],
    [{ epochs: 0 }, 'schema/out-of-range', 'must be > 0'],
    [{ batch_size: 'big' }, 'schema/invalid-type', 'must be a number'],
    [{ validation_split: 20 }, 'schema/out-of-range', '20% is 0.2'],
    [{ validation_split: 1 }, 'schema/out-of-range', 'none left to train on'],
    [{ early_stopping: { mode: 'Max' } }, 'schema/invalid-value', 'did you mean "max"'],
    [{ early_stopping: { patience: 3, baseline: 0.5 } }, 'schema/unknown-key', 'known keys'],
    [{ epoch: 3 }, 'schema/unknown-key', 'did you mean `epochs`'],
    [null, 'schema/invalid-type', 'leave `train:` out'],
  ])('%j -> %s', (raw, code, fragment) => {
    const found = problems(raw);
    expect(found).toHaveLength(1);
    expect(found[0].startsWith(`${code}: `), found[0]).toBe(true);
    expect(found[0]).toContain(fragment);
  });

  it('reports every problem of the section in one pass', () => {
    expect(problems({ optimizer: { type: 'adam', lr: 0.1, amsgrad: true }, loss: 'msee', metrics: 'acc', epochs: -1 })).toHaveLength(5);
  });
});

describe('checkTrainSpec: what needs the model', () => {
  const train = (raw: Record<string, unknown>) => trainConfig(raw);
  const outputs = ['score', 'probs'];

  it('accepts a loss per output, and one loss for all', () => {
    expect(checkTrainSpec(train({ loss: { score: 'mse', probs: 'categorical_crossentropy' } }), outputs)).toEqual([]);
    expect(checkTrainSpec(train({ loss: 'mse' }), outputs)).toEqual([]);
  });

  it('points at a loss key that is no output, and at the missing loss of an output', () => {
    expect(checkTrainSpec(train({ loss: { score: 'mse', probs: 'mse', logits: 'mse' } }), outputs)).toEqual([
      expect.objectContaining({ code: 'schema/unknown-key', path: ['train', 'loss', 'logits'], target: 'key', hint: 'the model\'s outputs are `score`, `probs`' }),
    ]);
    expect(checkTrainSpec(train({ loss: { score: 'mse' } }), outputs)).toEqual([
      expect.objectContaining({ code: 'schema/missing-key', path: ['train', 'loss'], message: expect.stringContaining('`probs`') }),
    ]);
  });

  it('checks per-output metric keys too', () => {
    expect(checkTrainSpec(train({ metrics: { prob: ['accuracy'] } }), outputs)).toEqual([
      expect.objectContaining({ code: 'schema/unknown-key', path: ['train', 'metrics', 'prob'], hint: 'did you mean `probs`?' }),
    ]);
  });

  it('lets early stopping watch only what will be logged', () => {
    const es = (monitor: string, more: Record<string, unknown> = {}) =>
      checkTrainSpec(train({ metrics: { probs: ['acc'] }, validation_split: 0.2, early_stopping: { monitor }, ...more }), outputs);
    for (const ok of ['loss', 'val_loss', 'score_loss', 'val_probs_loss', 'probs_acc', 'val_probs_acc']) expect(es(ok), ok).toEqual([]);
    expect(es('val_accuracy')).toEqual([expect.objectContaining({ code: 'schema/invalid-value', path: ['train', 'early_stopping', 'monitor'], target: 'value' })]);
    expect(es('val_probs_accuracy')[0].hint).toBe('did you mean "val_probs_acc"?');
    expect(es('val_loss', { validation_split: 0 })).toEqual([expect.objectContaining({ severity: 'warning', hint: expect.stringContaining('--validation-split') })]);
  });

  it('is wired into check, with positions in the file', () => {
    const source = [
      'layerspec: 1',
      'inputs: { x: { shape: [4] } }',
      'layers:',
      '  score: { type: Dense, input: x, units: 1 }',
      '  probs: { type: Dense, input: x, units: 3, activation: softmax }',
      'outputs: [score, probs]',
      'train:',
      '  loss: { score: mse, prbos: categorical_crossentropy }',
      '',
    ].join('\n');
    const { diagnostics } = analyzeSource(source, 'm.yaml');
    expect(diagnostics.map((d) => `${d.code} ${d.range?.line}:${d.range?.column} ${d.hint}`)).toEqual(['schema/unknown-key 8:23 did you mean `probs`?']);
  });
});

describe('Keras log names', () => {
  it('one output: loss, the metrics as written, then val_', () => {
    expect(kerasLogNames(trainConfig({ metrics: ['accuracy', 'mse'] }), ['out'], true)).toEqual(['loss', 'accuracy', 'mse', 'val_loss', 'val_accuracy', 'val_mse']);
    expect(kerasLogNames(trainConfig({ metrics: ['acc'] }), ['out'], false)).toEqual(['loss', 'acc']);
  });

  it('several outputs: per-output losses, then each output\'s metrics, prefixed', () => {
    expect(kerasLogNames(trainConfig({ metrics: ['mae'] }), ['a', 'b'], false)).toEqual(['loss', 'a_loss', 'b_loss', 'a_mae', 'b_mae']);
    expect(kerasLogNames(trainConfig({ metrics: { b: 'accuracy' } }), ['a', 'b'], false)).toEqual(['loss', 'a_loss', 'b_loss', 'b_accuracy']);
  });

  it("early stopping's auto mode follows Keras", () => {
    expect(earlyStoppingDirection({ monitor: 'val_accuracy', mode: 'auto' })).toBe('max');
    expect(earlyStoppingDirection({ monitor: 'probs_acc', mode: 'auto' })).toBe('max');
    expect(earlyStoppingDirection({ monitor: 'val_recall', mode: 'auto' })).toBe('max');
    expect(earlyStoppingDirection({ monitor: 'val_loss', mode: 'auto' })).toBe('min');
    expect(earlyStoppingDirection({ monitor: 'val_mae', mode: 'auto' })).toBe('min');
    expect(earlyStoppingDirection({ monitor: 'val_loss', mode: 'max' })).toBe('max');
  });
});

describe('train: in the JSON Schema', () => {
  const schema = buildJsonSchema(builtinRegistry());
  const text = JSON.stringify(schema);
  const validate = new Ajv({ strict: false }).compile(schema);
  const file = (train: unknown) => ({ layerspec: 1, inputs: { x: { shape: [4] } }, layers: { d: { type: 'Dense', input: 'x', units: 2 } }, train });

  it('agrees with check on what is valid', () => {
    const valid = [
      { optimizer: { type: 'sgd', learning_rate: 0.1, momentum: 0.9, nesterov: true }, loss: 'huber', metrics: ['mae'] },
      { optimizer: { type: 'adam', amsgrad: false, clipnorm: null }, loss: { d: 'mse' }, metrics: { d: 'mse' }, early_stopping: { monitor: 'loss' }, seed: 1 },
    ];
    const invalid = [
      { optimizer: { type: 'adam', lr: 0.01 } },
      { optimizer: { type: 'adam', amsgrad: true } },
      { optimizer: { type: 'sgd', beta_1: 0.9 } },
      { optimizer: 'nadam' },
      { loss: 'categorial_crossentropy' },
      { metrics: 'acc' },
      { metrics: ['top_k_categorical_accuracy'] },
      { validation_split: 1 },
      { early_stopping: { mode: 'maximum' } },
    ];
    for (const t of valid) {
      expect(problems(t), JSON.stringify(t)).toEqual([]);
      expect(validate(file(t)), JSON.stringify(t)).toBe(true);
    }
    for (const t of invalid) {
      expect(problems(t), JSON.stringify(t)).not.toEqual([]);
      expect(validate(file(t)), JSON.stringify(t)).toBe(false);
    }
  });

  it('describes the optimizers, losses and metrics for editors', () => {
    expect(text).toContain("Keras's AMSGrad variant");
    expect(text).toContain('Stop training when the monitored value stops improving');
    for (const name of [...Object.keys(LOSSES), ...Object.keys(METRICS)]) expect(text).toContain(`"${name}"`);
  });
});
