/** The shared conv/pool shape code blames the right parameter and says what to do. */
import { describe, expect, it } from 'vitest';
import AveragePooling1D from '../../src/layers/average-pooling1d.js';
import Conv2D from '../../src/layers/conv2d.js';
import Cropping2D from '../../src/layers/cropping2d.js';
import MaxPooling2D from '../../src/layers/max-pooling2d.js';
import SeparableConv2D from '../../src/layers/separable-conv2d.js';
import type { AnyLayerDef } from '../../src/layers/define.js';
import { ShapeError } from '../../src/shape/shape-error.js';
import type { Shape } from '../../src/shape/shape.js';
import { staticLayer } from './harness.js';

function shapeError(def: AnyLayerDef, params: Record<string, unknown>, input: Shape): ShapeError {
  try {
    staticLayer(def, params, [input]);
  } catch (error) {
    if (error instanceof ShapeError) return error;
    throw error;
  }
  throw new Error('no ShapeError');
}

describe('conv/pool shape diagnostics', () => {
  it('a kernel larger than the input blames kernel_size and suggests same padding', () => {
    const e = shapeError(Conv2D, { filters: 2, kernel_size: 5 }, [null, 4, 8, 3]);
    expect([e.code, e.param, e.hint]).toEqual(['shape/non-positive', ['kernel_size'], 'use padding: same, or a smaller kernel_size']);
  });

  it('a dilated kernel also suggests a smaller dilation_rate', () => {
    const e = shapeError(Conv2D, { filters: 2, kernel_size: 3, dilation_rate: 4 }, [null, 8, 8, 3]);
    expect([e.param, e.hint]).toEqual([['kernel_size'], 'use padding: same, or a smaller kernel_size or dilation_rate']);
  });

  it('a pool larger than the input blames pool_size', () => {
    for (const [def, input] of [[MaxPooling2D, [null, 1, 8, 3]], [AveragePooling1D, [null, 1, 3]]] as const) {
      const e = shapeError(def, {}, input);
      expect([e.code, e.param, e.hint]).toEqual(['shape/non-positive', ['pool_size'], 'use padding: same, or a smaller pool_size']);
    }
  });

  it('strides with a dilation blame dilation_rate', () => {
    const e = shapeError(SeparableConv2D, { filters: 2, kernel_size: 3, strides: 2, dilation_rate: 2 }, [null, 16, 16, 3]);
    expect([e.code, e.param, e.hint]).toEqual(['schema/invalid', ['dilation_rate'], 'set strides: 1 or dilation_rate: 1']);
  });

  it('cropping everything blames cropping', () => {
    const e = shapeError(Cropping2D, { cropping: [[1, 1], [5, 5]] }, [null, 8, 8, 3]);
    expect([e.code, e.param]).toEqual(['shape/non-positive', ['cropping']]);
    expect(e.hint).toBeTruthy();
  });

  it('the wrong rank is reported on the input, not on a parameter', () => {
    const e = shapeError(Conv2D, { filters: 2, kernel_size: 3 }, [null, 8, 3]);
    expect([e.code, e.param]).toEqual(['shape/rank', undefined]);
  });
});
