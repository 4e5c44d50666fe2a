import { describe, expect, it } from 'vitest';
import type { TrainEpoch, TrainStart } from '../../src/runtime/train-events.js';
import { sparkline } from '../../src/ui/sparkline.js';
import { batchText, epochLine, formatDuration, formatValue, jsonLine, startLine, stopLine } from '../../src/ui/train-text.js';

const start: TrainStart = {
  kind: 'start',
  epochs: 10,
  firstEpoch: 1,
  samples: 1024,
  validationSamples: 128,
  batchSize: 64,
  stepsPerEpoch: 16,
  backend: 'wasm',
  metrics: ['loss', 'accuracy', 'val_loss', 'val_accuracy'],
};

const epoch = (epoch: number, logs: Record<string, number>, extra: Partial<TrainEpoch> = {}): TrainEpoch => ({
  kind: 'epoch',
  epoch,
  epochs: 10,
  logs,
  elapsedMs: 2100,
  samplesPerSecond: 487.6,
  checkpoint: `runs/m/epoch-${epoch}`,
  ...extra,
});

describe('startLine', () => {
  it('names the data, the backend, the epochs and the batch size', () => {
    expect(startLine(start)).toBe('Training on 1024 samples, validating on 128 (wasm backend), epochs 1-10, batch 64');
  });

  it('leaves out validation when there is none, and says where a resumed run starts', () => {
    expect(startLine({ ...start, validationSamples: 0, firstEpoch: 4, backend: 'cpu' })).toBe('Training on 1024 samples (cpu backend), epochs 4-10, batch 64');
    expect(startLine({ ...start, samples: 1, validationSamples: 0, firstEpoch: 10 })).toBe('Training on 1 sample (wasm backend), epoch 10, batch 64');
    expect(startLine({ ...start, firstEpoch: 11 })).toBe('Training on 1024 samples, validating on 128 (wasm backend), no epochs left (10 done), batch 64');
  });
});

describe('epochLine', () => {
  it('is Keras-like: epoch, samples, time, rate, then the logs in the start event’s order with 4 decimals', () => {
    // The logs come in another order than announced: the line follows start.metrics.
    const e = epoch(3, { val_accuracy: 0.84, val_loss: 0.50123, accuracy: 0.873, loss: 0.45213 });
    expect(epochLine(e, start)).toBe('Epoch 3/10 - 1024 samples - 2.1s - 488 samples/s - loss: 0.4521 - accuracy: 0.8730 - val_loss: 0.5012 - val_accuracy: 0.8400');
  });

  it('shows other metric sets, without validation', () => {
    const regression: TrainStart = { ...start, validationSamples: 0, metrics: ['loss', 'mae', 'mse'] };
    expect(epochLine(epoch(1, { loss: 12.5, mae: 2.75, mse: 12.5 }, { elapsedMs: 65_000, samplesPerSecond: 15.754 }), regression)).toBe(
      'Epoch 1/10 - 1024 samples - 1m05s - 16 samples/s - loss: 12.5000 - mae: 2.7500 - mse: 12.5000',
    );
    const lossOnly: TrainStart = { ...start, metrics: ['loss'] };
    expect(epochLine(epoch(10, { loss: 0.00001234 }, { elapsedMs: 340, samplesPerSecond: 3.21 }), lossOnly)).toBe(
      'Epoch 10/10 - 1024 samples - 0.3s - 3.2 samples/s - loss: 1.2340e-05',
    );
  });

  it('puts names the start event did not announce last, in Keras order', () => {
    const e = epoch(2, { val_auc: 0.7, auc: 0.8, loss: 0.5 });
    expect(epochLine(e, { ...start, metrics: ['loss'] })).toBe('Epoch 2/10 - 1024 samples - 2.1s - 488 samples/s - loss: 0.5000 - auc: 0.8000 - val_auc: 0.7000');
  });

  it('marks the best epoch and shows a NaN loss as nan', () => {
    expect(epochLine(epoch(4, { loss: 0.3, accuracy: 0.9, val_loss: 0.35, val_accuracy: 0.88 }, { best: true }), start)).toBe(
      'Epoch 4/10 - 1024 samples - 2.1s - 488 samples/s - loss: 0.3000 - accuracy: 0.9000 - val_loss: 0.3500 - val_accuracy: 0.8800 (best)',
    );
    expect(epochLine(epoch(5, { loss: NaN, accuracy: 0.5, val_loss: Infinity, val_accuracy: 0.5 }, { best: false }), start)).toBe(
      'Epoch 5/10 - 1024 samples - 2.1s - 488 samples/s - loss: nan - accuracy: 0.5000 - val_loss: inf - val_accuracy: 0.5000',
    );
  });
});

describe('value and time formats', () => {
  it('follows Keras: 4 decimals, exponent form below 1e-3, Python spellings', () => {
    expect([0, 1, -0.5, 0.001, 0.00099996, -0.0000123, 1e-12, NaN, -Infinity].map(formatValue)).toEqual([
      '0.0000',
      '1.0000',
      '-0.5000',
      '0.0010',
      '9.9996e-04',
      '-1.2300e-05',
      '1.0000e-12',
      'nan',
      '-inf',
    ]);
  });

  it('reads like a clock past a minute', () => {
    expect([0, 940, 59_940, 59_960, 3_599_000, 3_600_000, 7_384_000].map(formatDuration)).toEqual(['0.0s', '0.9s', '59.9s', '1m00s', '59m59s', '1h00m', '2h03m']);
  });

  it('gives the running epoch its step, time left, rate and running logs', () => {
    const batch = { kind: 'batch', epoch: 3, step: 4, stepsPerEpoch: 16, samplesDone: 256, logs: { accuracy: 0.5, loss: 0.7 }, elapsedMs: 500 } as const;
    expect(batchText(batch, start)).toBe('4/16 - ETA 1.5s - 512 samples/s - loss: 0.7000 - accuracy: 0.5000');
    expect(batchText({ ...batch, step: 16, samplesDone: 1024, elapsedMs: 2000 }, start)).toBe('16/16 - 512 samples/s - loss: 0.7000 - accuracy: 0.5000');
    expect(batchText({ ...batch, step: 0, samplesDone: 0, elapsedMs: 0, logs: {} }, start)).toBe('0/16');
  });
});

describe('stopLine', () => {
  it('says how and when training ended', () => {
    expect(stopLine({ kind: 'stop', reason: 'completed', epoch: 10 })).toBe('Training finished after epoch 10');
    expect(stopLine({ kind: 'stop', reason: 'early-stopping', epoch: 7, message: 'val_loss did not improve for 3 epochs; best was epoch 4' })).toBe(
      'Early stopping after epoch 7: val_loss did not improve for 3 epochs; best was epoch 4',
    );
    expect(stopLine({ kind: 'stop', reason: 'nan', epoch: 2 })).toBe('Training stopped (NaN) after epoch 2: the loss is NaN');
    expect(stopLine({ kind: 'stop', reason: 'nan', epoch: 2, message: 'loss is NaN at epoch 3, step 5' })).toBe('Training stopped (NaN) after epoch 2: loss is NaN at epoch 3, step 5');
    expect(stopLine({ kind: 'stop', reason: 'interrupted', epoch: 0, message: 'SIGINT' })).toBe('Training interrupted before the first epoch finished: SIGINT');
    expect(stopLine({ kind: 'stop', reason: 'completed', epoch: 0 })).toBe('Training finished with no epoch to run');
  });
});

describe('jsonLine', () => {
  it('writes one object per line, keys in a fixed order, logs flat in Keras order', () => {
    expect(jsonLine(start)).toBe(
      '{"event":"start","epochs":10,"first_epoch":1,"samples":1024,"validation_samples":128,"batch_size":64,"steps_per_epoch":16,"backend":"wasm","metrics":["loss","accuracy","val_loss","val_accuracy"]}\n',
    );
    const e = epoch(3, { val_loss: 0.5, val_accuracy: 0.84, accuracy: 0.873, loss: 0.45 }, { elapsedMs: 2100.4 });
    expect(jsonLine(e)).toBe(
      '{"event":"epoch","epoch":3,"epochs":10,"loss":0.45,"accuracy":0.873,"val_loss":0.5,"val_accuracy":0.84,"elapsed_ms":2100,"samples_per_second":487.6,"checkpoint":"runs/m/epoch-3"}\n',
    );
    expect(jsonLine({ kind: 'stop', reason: 'completed', epoch: 10 })).toBe('{"event":"stop","reason":"completed","epoch":10}\n');
  });

  it('has best only with early stopping, null for values JSON cannot hold, the message when there is one', () => {
    const e = epoch(5, { loss: NaN, val_loss: Infinity }, { best: false, samplesPerSecond: 12.345 });
    expect(JSON.parse(jsonLine(e))).toEqual({ event: 'epoch', epoch: 5, epochs: 10, loss: null, val_loss: null, elapsed_ms: 2100, samples_per_second: 12.3, best: false, checkpoint: 'runs/m/epoch-5' });
    expect(jsonLine({ kind: 'stop', reason: 'nan', epoch: 4, message: 'loss is NaN at epoch 5, step 2' })).toBe(
      '{"event":"stop","reason":"nan","epoch":4,"message":"loss is NaN at epoch 5, step 2"}\n',
    );
  });

  it('never lets a metric shadow one of its own keys', () => {
    const e = epoch(1, { loss: 0.1, epoch: 99, event: 7 });
    expect(JSON.parse(jsonLine(e))).toMatchObject({ event: 'epoch', epoch: 1, loss: 0.1 });
  });
});

describe('sparkline', () => {
  it('maps the smallest value to ▁ and the largest to █', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0.9, 0.5, 0.3, 0.22, 0.2])).toBe('█▄▂▁▁');
    expect(sparkline([-1, 1])).toBe('▁█');
  });

  it('draws a constant series flat at half height, and a single value too', () => {
    expect(sparkline([0.3, 0.3, 0.3])).toBe('▄▄▄');
    expect(sparkline([42])).toBe('▄');
    expect(sparkline([])).toBe('');
  });

  it('marks NaN and infinities with ! and scales the rest without them', () => {
    expect(sparkline([1, NaN, 2, Infinity, 3, -Infinity])).toBe('▁!▅!█!');
    expect(sparkline([NaN, NaN])).toBe('!!');
    expect(sparkline([5, NaN, 5])).toBe('▄!▄');
  });

  it('averages consecutive values down to the width, the last value included', () => {
    expect(sparkline([1, 1, 2, 2, 3, 3, 4, 4], 4)).toBe('▁▃▆█');
    // 10 values into 3 buckets of 3, 3 and 4: means 2, 5, 8.5
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3)).toBe('▁▄█');
    expect(sparkline([1, 2, NaN, 4], 2)).toBe('▄!');
    expect(sparkline([1, 2, 3], 10)).toBe('▁▅█');
    expect(sparkline([1, 2, 3], 0)).toBe('');
  });
});
