import { beforeAll, describe, expect, it } from 'vitest';
import { random } from '../support/random.js';
import { loadTf, useWasmWithKernels, type Tf } from '../support/tf.js';

let tf: Tf;
let available = false;

beforeAll(async () => {
  tf = await loadTf();
  available = await useWasmWithKernels(tf);
});

describe('GatherV2 of whole rows on wasm (row copies)', () => {
  it('gives the rows asked for, in order, repeated, for every dtype and index shape', ({ skip }) => {
    if (!available) skip();
    const { next, int } = random(31);
    for (let i = 0; i < 60; i++) {
      const dtype = (['float32', 'int32', 'bool'] as const)[i % 3];
      const shape = [int(1, 12), ...Array.from({ length: int(0, 3) }, () => int(1, 5))];
      const size = shape.reduce((a, b) => a * b, 1);
      const values = Array.from({ length: size }, () => (dtype === 'bool' ? int(0, 1) : dtype === 'int32' ? int(-100, 100) : next() * 2 - 1));
      const x = tf.tensor(values, shape, dtype);
      const indexShape = i % 4 === 0 ? [int(1, 3), int(0, 4)] : [int(0, 20)];
      const order = Array.from({ length: indexShape.reduce((a, b) => a * b, 1) }, () => int(0, shape[0] - 1));
      const indices = tf.tensor(order, indexShape, 'int32');
      const rowSize = size / shape[0];
      const expected = order.flatMap((row) => values.slice(row * rowSize, (row + 1) * rowSize));
      const got = tf.gather(x, indices);
      const where = `case ${i}: ${JSON.stringify({ dtype, shape, indexShape })}`;
      expect(got.shape, where).toEqual([...indexShape, ...shape.slice(1)]);
      expect(got.dtype, where).toBe(dtype);
      const data = Array.from(got.dataSync());
      expect(dtype === 'float32' ? data : data.map(Number), where).toEqual(dtype === 'float32' ? Array.from(Float32Array.from(expected)) : expected);
      tf.dispose([x, indices, got]);
    }
  });

  it('is right when allocating the output grows the wasm memory (which detaches every view of it)', ({ skip }) => {
    if (!available) skip();
    const heapBytes = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    const rowSize = 1024;
    const rows = Math.ceil(heapBytes / (4 * rowSize)); // x alone is the size of the memory: its gather must grow it
    const values = Float32Array.from({ length: rows * rowSize }, (_, k) => (k % 9973) + 0.5);
    const x = tf.tensor2d(values, [rows, rowSize]);
    const order = Array.from({ length: rows }, (_, i) => (i * 7919) % rows);
    const got = tf.gather(x, tf.tensor1d(order, 'int32'));
    const data = got.dataSync();
    const differ = order.findIndex((row, i) => data[i * rowSize] !== values[row * rowSize] || data[i * rowSize + rowSize - 1] !== values[row * rowSize + rowSize - 1]);
    expect((tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length, 'the memory grew').toBeGreaterThan(heapBytes);
    expect(differ, `row ${differ}`).toBe(-1);
    tf.dispose([x, got]);
  });

  it('leaves other axes and out-of-range indices to tfjs (which reports them)', ({ skip }) => {
    if (!available) skip();
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const columns = tf.gather(x, tf.tensor1d([2, 0], 'int32'), 1);
    expect(columns.arraySync()).toEqual([[3, 1], [6, 4]]);
    expect(() => tf.gather(x, tf.tensor1d([0, 2], 'int32'))).toThrow(/GatherV2: the index value 2 is not in \[0, 1\]/);
    tf.dispose([x, columns]);
  });
});
