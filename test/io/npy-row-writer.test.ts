import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NpyError } from '../../src/io/npy-error.js';
import { readNpy } from '../../src/io/npy-read.js';
import { NpyRowWriter } from '../../src/io/npy-row-writer.js';
import { encodeNpy } from '../../src/io/npy-write.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-rows-'));
const leftovers = () => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('NpyRowWriter', () => {
  it('writes the same bytes as encodeNpy, batch by batch', async () => {
    const file = path.join(dir, 'y.npy');
    const data = Float32Array.from({ length: 5 * 3 }, (_, k) => k / 7);
    const w = await NpyRowWriter.create(file, 'float32', [5, 3]);
    await w.writeRows(data.subarray(0, 6));
    expect(fs.existsSync(file)).toBe(false); // nothing at the path before commit
    await w.writeRows(data.subarray(6));
    await w.commit();
    expect(new Uint8Array(fs.readFileSync(file))).toEqual(encodeNpy({ data, shape: [5, 3] }));
    expect(leftovers()).toEqual([]);
  });

  it('writes int32 and bool rows', async () => {
    const file = path.join(dir, 'b.npy');
    const w = await NpyRowWriter.create(file, 'bool', [3]);
    await w.writeRows(Uint8Array.from([1, 0, 1]));
    await w.commit();
    expect(await readNpy(file)).toMatchObject({ dtype: 'bool', shape: [3], data: Uint8Array.from([1, 0, 1]) });
    const ints = path.join(dir, 'i.npy');
    const wi = await NpyRowWriter.create(ints, 'int32', [2, 2]);
    await wi.writeRows(Int32Array.from([1, -2, 3, -4]));
    await wi.commit();
    expect(Array.from((await readNpy(ints)).data)).toEqual([1, -2, 3, -4]);
  });

  it('leaves nothing, and the old file intact, when rows are missing, too many, or the run is aborted', async () => {
    const file = path.join(dir, 'keep.npy');
    fs.writeFileSync(file, 'old');
    const short = await NpyRowWriter.create(file, 'float32', [4, 2]);
    await short.writeRows(new Float32Array(2));
    await expect(short.commit()).rejects.toThrow(/only 1 of 4 rows/);
    const over = await NpyRowWriter.create(file, 'float32', [1, 2]);
    await expect(over.writeRows(new Float32Array(4))).rejects.toBeInstanceOf(NpyError);
    const aborted = await NpyRowWriter.create(file, 'float32', [1, 2]);
    await aborted.abort();
    await aborted.abort();
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(leftovers()).toEqual([]);
  });

  it('reports an unwritable place as npy/write', async () => {
    await expect(NpyRowWriter.create(path.join(dir, 'missing', 'y.npy'), 'float32', [1])).rejects.toMatchObject({ code: 'npy/write' });
  });
});
