import { describe, expect, it } from 'vitest';
import { checkInputData, checkSampleCounts } from '../../src/data/contract.js';
import { parseDescr } from '../../src/io/dtypes.js';
import type { NpyHeader } from '../../src/io/npy-header.js';

const header = (descr: string, shape: number[]): NpyHeader => ({
  file: 'x.npy',
  version: 1,
  dtype: parseDescr(descr, 'x.npy'),
  fortranOrder: false,
  shape,
  size: shape.reduce((a, b) => a * b, 1),
  dataOffset: 128,
  dataBytes: 0,
});

const image = { name: 'image', shape: [32, 32, 3], dtype: 'float32' as const };
const tokens = { name: 'tokens', shape: [null], dtype: 'int32' as const };

describe('data contract: a .npy header against a model input', () => {
  it('accepts every numeric dtype for a float32 input, any number of samples', () => {
    for (const d of ['<f4', '>f8', '<f2', '|u1', '<i8', '|b1']) expect(checkInputData(image, 'x.npy', header(d, [5, 32, 32, 3]))).toEqual([]);
    expect(checkInputData(image, 'x.npy', header('<f4', [0, 32, 32, 3]))).toEqual([]);
  });

  it('takes only whole numbers for an int32 input, with a fix', () => {
    expect(checkInputData(tokens, 't.npy', header('<i8', [4, 100]))).toEqual([]);
    const [p] = checkInputData(tokens, 't.npy', header('<f4', [4, 100]));
    expect(p).toMatchObject({ code: 'data/dtype', input: 'tokens', file: 't.npy' });
    expect(p.message).toBe("t.npy holds float32, but model input 'tokens' is int32");
    expect(p.hint).toContain('astype(np.int32)');
  });

  it('names the axes that differ, and recognises channels_first data', () => {
    const [p] = checkInputData(image, 'x.npy', header('<f4', [5, 32, 32, 1]));
    expect(p.code).toBe('data/shape');
    expect(p.message).toBe("x.npy has shape (5, 32, 32, 1), but model input 'image' takes (None, 32, 32, 3): axis 3 is 1, not 3");
    const [cf] = checkInputData(image, 'x.npy', header('<f4', [5, 3, 32, 32]));
    expect(cf.hint).toContain('transpose(0, 2, 3, 1)');
  });

  it('explains a missing samples axis and other ranks', () => {
    const [one] = checkInputData(image, 'x.npy', header('<f4', [32, 32, 3]));
    expect(one).toMatchObject({ code: 'data/rank' });
    expect(one.hint).toContain('a[np.newaxis]');
    const [scalar] = checkInputData(image, 'x.npy', header('<f4', []));
    expect(scalar.code).toBe('data/rank');
    expect(scalar.message).toContain('takes (None, 32, 32, 3) (4 axes');
  });

  it('reports both a wrong dtype and a wrong shape at once', () => {
    expect(checkInputData(tokens, 't.npy', header('<f8', [4, 10, 2])).map((p) => p.code)).toEqual(['data/dtype', 'data/rank']);
  });

  it('requires the same number of samples for every input', () => {
    const ok = checkSampleCounts([
      { input: 'a', file: 'a.npy', header: header('<f4', [7, 2]) },
      { input: 'b', file: 'b.npy', header: header('<f4', [7, 3]) },
    ]);
    expect(ok).toEqual([]);
    const [p] = checkSampleCounts([
      { input: 'a', file: 'a.npy', header: header('<f4', [7, 2]) },
      { input: 'b', file: 'b.npy', header: header('<f4', [6, 3]) },
    ]);
    expect(p).toMatchObject({ code: 'data/rows', input: 'b', file: 'b.npy' });
    expect(p.message).toBe('the inputs hold different numbers of samples: a.npy (a): 7, b.npy (b): 6');
  });
});
