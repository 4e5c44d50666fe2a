/** Keras names -> tfjs config (src/runtime/keras-config.ts). */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_LAYERS } from '../../src/layers/index.js';
import { loadTf, type Tf } from '../../src/runtime/backend.js';
import { builderFor } from '../../src/runtime/build-model.js';
import * as K from '../../src/runtime/keras-config.js';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadTf({ backend: 'cpu' })).tf;
});

describe('keras-config', () => {
  it('maps activation names', () => {
    expect(K.activation('hard_sigmoid')).toBe('hardSigmoid');
    expect(K.activation('silu')).toBe('swish');
    expect(K.activation(null)).toBe('linear');
    expect(K.activation('relu')).toBe('relu');
  });

  it('maps initializers with their Keras arguments', () => {
    const normal = K.initializer(tf, { type: 'random_normal', mean: 0, stddev: 0.02 });
    expect(normal.getClassName()).toBe('RandomNormal');
    expect(normal.getConfig()).toMatchObject({ mean: 0, stddev: 0.02 });
    expect(K.initializer(tf, 'glorot_uniform').getConfig()).toMatchObject({ scale: 1, mode: 'fanAvg', distribution: 'uniform' });
    const vs = K.initializer(tf, { type: 'variance_scaling', scale: 2, mode: 'fan_out', distribution: 'truncated_normal' });
    expect(vs.getConfig()).toMatchObject({ scale: 2, mode: 'fanOut', distribution: 'normal' });
    expect(K.initializer(tf, { type: 'variance_scaling', scale: 1, mode: 'fan_in', distribution: 'uniform' }).getConfig()).toMatchObject({ distribution: 'uniform' });
  });

  it('maps regularizers (names use Keras\'s factor 0.01) and constraints', () => {
    expect(K.regularizer(tf, null)).toBeUndefined();
    expect(K.regularizer(tf, 'l2')!.getConfig()).toMatchObject({ l1: 0, l2: 0.01 });
    expect(K.regularizer(tf, { l1: 0.001 })!.getConfig()).toMatchObject({ l1: 0.001, l2: 0 });
    expect(K.constraint(tf, 'max_norm')!.getConfig()).toMatchObject({ maxValue: 2, axis: 0 });
    expect(K.constraint(tf, { type: 'max_norm', max_value: 3, axis: [0, 1, 2] })!.getConfig()).toMatchObject({ maxValue: 3, axis: [0, 1, 2] });
    expect(() => K.constraint(tf, 'radial_constraint')).toThrow(/not supported by TensorFlow\.js/);
    expect(() => K.activityRegularizer('l1')).toThrow(/activity_regularizer is not supported/);
  });

  it('maps data formats and tuples', () => {
    expect(K.dataFormat('channels_first')).toBe('channelsFirst');
    expect(K.dataFormat('channels_last')).toBe('channelsLast');
    expect(K.tuple(3, 2)).toEqual([3, 3]);
    expect(K.tuple([2, 4], 2)).toEqual([2, 4]);
  });
});

describe('layer types that can run', () => {
  it('every built-in type has a tfjs side; the tutorial\'s custom layers run through call()', () => {
    expect(BUILTIN_LAYERS.filter((def) => !builderFor(def)).map((def) => def.type)).toEqual([]);
    expect(BUILTIN_LAYERS.filter((def) => def.call).map((def) => def.type)).toEqual(['CAM', 'KernelDot', 'LocallyConnected2D', 'PAM', 'Scale']);
  });
});
