import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NpyError } from '../../src/io/npy-error.js';
import type { NpyData } from '../../src/io/npy-read.js';
import { encodeNpy, writeFileAtomic } from '../../src/io/npy-write.js';
import { entryNameProblem, type NpzLimits, readNpz, readNpzHeaders, writeNpz } from '../../src/io/npz.js';
import { crc32, crc32Portable } from '../../src/io/zip-format.js';
import { zipArchive } from '../../src/io/zip-write.js';
import { fixtureNumber, npyError } from '../support/io-expect.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/npz');
interface Expected {
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  descr: string;
  fortran: boolean;
  values?: (number | string)[];
  fill?: number;
}
type Case =
  | { name: string; ok: true; arrays: Record<string, Expected>; options?: NpzLimits }
  | { name: string; ok: false; code: string; entry: string | null; headerCode: string | null; contains?: string; options?: NpzLimits };
const manifest = JSON.parse(fs.readFileSync(path.join(FIX, 'manifest.json'), 'utf8')) as Case[];

const expectedValues = (e: Expected) => {
  const n = e.shape.reduce((a, b) => a * b, 1);
  return e.fill !== undefined ? new Array<number>(n).fill(e.fill) : e.values!.map((v) => (e.dtype === 'float32' ? Math.fround(fixtureNumber(v)) : fixtureNumber(v)));
};

/** The error names the file first, then the entry (if any) as the message's subject. */
function expectNamed(err: NpyError, file: string, entry: string | null) {
  expect(err.file).toBe(file);
  expect(err.message.startsWith(`${file}: `)).toBe(true);
  if (entry !== null) expect(err.message.startsWith(`${file}: entry '${entry}'`)).toBe(true);
}

const bytesOf = (d: NpyData) => Buffer.from(d.buffer, d.byteOffset, d.byteLength);

/** writeNpz then readNpz gives the same keys in the same order, and the same arrays bit for bit. */
async function expectRoundTrip(file: string, arrays: Record<string, { data: NpyData; shape: number[] }>, compress: boolean) {
  await writeNpz(file, arrays, { compress });
  const back = await readNpz(file);
  expect([...back.keys()]).toEqual(Object.keys(arrays));
  for (const [key, a] of Object.entries(arrays)) {
    const b = back.get(key)!;
    expect(b.shape, key).toEqual(a.shape);
    expect(b.data.constructor, key).toBe(a.data.constructor);
    expect(bytesOf(b.data).equals(bytesOf(a.data)), key).toBe(true);
  }
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-npz-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('.npz fixtures written by NumPy and by hand (scripts/npz_fixtures.py)', () => {
  it('lists every fixture file', () => {
    expect(fs.readdirSync(FIX).filter((f) => f.endsWith('.npz')).sort()).toEqual([...new Set(manifest.map((e) => e.name))].sort());
  });

  for (const c of manifest) {
    const opts = c.options ? ` with ${JSON.stringify(c.options)}` : '';
    if (c.ok) {
      it(`reads ${c.name}${opts}`, async () => {
        const file = path.join(FIX, c.name);
        const arrays = await readNpz(file, c.options);
        expect([...arrays.keys()].sort()).toEqual(Object.keys(c.arrays).sort());
        const headers = await readNpzHeaders(file, c.options);
        expect([...headers.keys()]).toEqual([...arrays.keys()]);
        for (const [key, e] of Object.entries(c.arrays)) {
          const a = arrays.get(key)!;
          expect(a.shape, key).toEqual(e.shape);
          expect(a.dtype, key).toBe(e.dtype);
          expect(a.data, key).toBeInstanceOf(e.dtype === 'float32' ? Float32Array : e.dtype === 'int32' ? Int32Array : Uint8Array);
          expect([...a.data], key).toEqual(expectedValues(e));
          const h = headers.get(key)!;
          expect(h.shape, key).toEqual(e.shape);
          expect(h.dtype.descr, key).toBe(e.descr);
          expect(h.fortranOrder, key).toBe(e.fortran);
          expect(h.file, key).toBe(`${file}: entry '${key}.npy'`);
        }
      });
    } else {
      it(`refuses ${c.name}${opts} with ${c.code}`, async () => {
        const file = path.join(FIX, c.name);
        const err = await npyError(readNpz(file, c.options));
        expect(err.code).toBe(c.code);
        expectNamed(err, file, c.entry);
        if (c.contains) expect(err.message).toContain(c.contains);
        if (c.headerCode === null) {
          await expect(readNpzHeaders(file, c.options)).resolves.toBeInstanceOf(Map);
        } else {
          const herr = await npyError(readNpzHeaders(file, c.options));
          expect(herr.code).toBe(c.headerCode);
          expectNamed(herr, file, c.headerCode === c.code ? c.entry : null);
        }
      });
    }
  }

  it('says what an entry holds when its .npy content is refused, as for a .npy file', async () => {
    const file = path.join(FIX, 'pickled.npz');
    expect((await npyError(readNpz(file))).message).toBe(
      `${file}: entry 'objects.npy': dtype '|O' (Python objects (pickled)) is not supported: layerspec reads bool, int8-64, uint8-64, float16/32/64`,
    );
  });

  it('reads the honest 8 MB zip bomb under the default limit, and refuses it under a lower one before inflating', async () => {
    const file = path.join(FIX, 'bomb_honest.npz');
    expect(fs.statSync(file).size).toBeLessThan(20_000);
    const h = await readNpzHeaders(file, { maxTotalBytes: 8_000_128 });
    expect(h.get('zeros')).toMatchObject({ shape: [2_000_000], dataOffset: 128 });
    const err = await npyError(readNpzHeaders(file, { maxTotalBytes: 8_000_127 }));
    expect(err.code).toBe('npz/too-large');
  });

  it('reads integers and bools as float32 on request', async () => {
    const arrays = await readNpz(path.join(FIX, 'savez.npz'), { as: 'float32' });
    expect(arrays.get('mask')!.data).toBeInstanceOf(Float32Array);
    expect([...arrays.get('mask')!.data]).toEqual([1, 0, 1, 0, 0, 1]);
    expect([...arrays.get('i8')!.data]).toEqual([-(2 ** 31), Math.fround(2 ** 31 - 1), 0, -5]);
    const err = await npyError(readNpz(path.join(FIX, 'savez.npz'), { as: 'int32' }));
    expect(err.code).toBe('npy/dtype');
    expect(err.message).toMatch(/^.*savez\.npz: entry 'f2\.npy': float16/);
  });

  it('refuses a missing file with npy/io', async () => {
    const file = path.join(tmp, 'missing.npz');
    const err = await npyError(readNpz(file));
    expect(err.code).toBe('npy/io');
    expect(err.file).toBe(file);
  });
});

describe('writeNpz', () => {
  const arrays = {
    weights: { data: Float32Array.from([1.5, -0, NaN, Infinity, -3e38, 1e-45]), shape: [2, 3] },
    labels: { data: Int32Array.from([-2147483648, 2147483647, 0, 5]), shape: [4] },
    mask: { data: Uint8Array.from([1, 0, 1, 1, 0, 0, 1, 0]), shape: [2, 2, 2] },
    scalar: { data: Float32Array.from([2.5]), shape: [] },
    empty: { data: new Int32Array(0), shape: [3, 0] },
    'größe': { data: Uint8Array.from([1]), shape: [] },
  };

  for (const compress of [false, true]) {
    it(`round-trips every dtype, 0-d and empty arrays (${compress ? 'deflated' : 'stored'})`, async () => {
      const file = path.join(tmp, `rt-${compress}.npz`);
      await expectRoundTrip(file, arrays, compress);
      const headers = await readNpzHeaders(file);
      expect(headers.get('weights')).toMatchObject({ shape: [2, 3], fortranOrder: false, dataBytes: 24 });
      // stored entries are the bytes writeNpy writes, as numpy.savez stores them
      const raw = fs.readFileSync(file);
      expect(raw.includes(Buffer.from(encodeNpy(arrays.weights)))).toBe(!compress);
    });
  }

  it('accepts a Map, and layer/weight keys that read back with allowNestedKeys', async () => {
    const file = path.join(tmp, 'nested.npz');
    await writeNpz(file, new Map([['conv1/kernel', { data: new Float32Array(4), shape: [1, 1, 2, 2] }], ['conv1/bias', { data: new Float32Array(2), shape: [2] }]]));
    expect([...(await readNpz(file, { allowNestedKeys: true })).keys()]).toEqual(['conv1/kernel', 'conv1/bias']);
    expect((await npyError(readNpz(file))).code).toBe('npz/entry-name');
  });

  it('writes the same bytes for the same arrays', async () => {
    await writeNpz(path.join(tmp, 'same-1.npz'), arrays, { compress: true });
    await writeNpz(path.join(tmp, 'same-2.npz'), arrays, { compress: true });
    expect(fs.readFileSync(path.join(tmp, 'same-1.npz')).equals(fs.readFileSync(path.join(tmp, 'same-2.npz')))).toBe(true);
  });

  it('writes zip64 records where they are needed (forced here by a zero limit), and reads them back', async () => {
    const file = path.join(tmp, 'zip64.npz');
    const entries = Object.entries(arrays).map(([k, a]) => ({ name: `${k}.npy`, data: encodeNpy(a) }));
    await writeFileAtomic(file, zipArchive(entries, { compress: true, zip64Limit: 0 }));
    const bytes = fs.readFileSync(file);
    expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    const back = await readNpz(file);
    expect([...back.get('labels')!.data]).toEqual([...arrays.labels.data]);
    expect((await readNpzHeaders(file)).get('mask')!.shape).toEqual([2, 2, 2]);
  });

  it('refuses keys that are not plain names, before writing anything', async () => {
    for (const key of ['../x', '/abs', 'a\\b', 'a//b', 'x\0y', '', 'dir/']) {
      const file = path.join(tmp, 'badkey.npz');
      const err = await npyError(writeNpz(file, { [key]: arrays.scalar }));
      expect(err.code, key).toBe('npz/entry-name');
      expect(fs.existsSync(file)).toBe(false);
    }
  });

  it('refuses an array whose data does not match its shape, naming the entry, and leaves no file', async () => {
    const file = path.join(tmp, 'mismatch.npz');
    const err = await npyError(writeNpz(file, { ok: arrays.scalar, bad: { data: new Float32Array(5), shape: [2, 3] } }));
    expect(err.code).toBe('npy/shape');
    expectNamed(err, file, 'bad.npy');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('leaves no temporary file and keeps the old target when the write fails', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'w-'));
    const target = path.join(dir, 'a-directory.npz');
    fs.mkdirSync(target);
    expect((await npyError(writeNpz(target, arrays))).code).toBe('npy/write');
    expect(fs.readdirSync(dir)).toEqual(['a-directory.npz']);
    expect((await npyError(writeNpz(path.join(dir, 'missing', 'x.npz'), arrays))).code).toBe('npy/write');
    expect(fs.readdirSync(dir)).toEqual(['a-directory.npz']);
    const file = path.join(dir, 'kept.npz');
    await writeNpz(file, { a: arrays.scalar });
    await npyError(writeNpz(file, { a: { data: new Float32Array(2), shape: [3] } }));
    expect([...(await readNpz(file)).keys()]).toEqual(['a']);
    expect(fs.readdirSync(dir).sort()).toEqual(['a-directory.npz', 'kept.npz']);
  });
});

describe('safety', () => {
  it('inflates only the beginning of a deflated entry for its header', async () => {
    // 64 MB of one value deflates to ~64 KB; a header read must not inflate it all (nor take long)
    const file = path.join(tmp, 'big.npz');
    await writeNpz(file, { big: { data: new Float32Array(16 * 2 ** 20).fill(1), shape: [2 ** 20, 16] } }, { compress: true });
    expect(fs.statSync(file).size).toBeLessThan(2 ** 20);
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    const h = await readNpzHeaders(file);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
    expect(h.get('big')).toMatchObject({ shape: [2 ** 20, 16], dataBytes: 64 * 2 ** 20 });
    const a = await readNpz(file);
    expect(a.get('big')!.data.every((v) => v === 1)).toBe(true);
  });

  it('computes CRC-32 as zip does, natively and portably, whole or in pieces', () => {
    const check = new TextEncoder().encode('123456789');
    for (const f of [crc32, crc32Portable]) {
      expect(f(check)).toBe(0xcbf43926);
      expect(f(check.subarray(4), f(check.subarray(0, 4)))).toBe(0xcbf43926);
      expect(f(new Uint8Array(0))).toBe(0);
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => crc32Portable(b) === crc32(b)));
  });

  it('knows which entry names are plain', () => {
    for (const ok of ['x.npy', 'arr_0.npy', 'données.npy', 'a b.npy', '..npy', 'x.npy.npy']) expect(entryNameProblem(ok), ok).toBeUndefined();
    for (const bad of ['', '.npy', 'x', 'x.NPY', 'x.txt', '../x.npy', '/x.npy', 'a/b.npy', 'a\\b.npy', 'x\0.npy', 'x\n.npy', 'd/', './x.npy']) {
      expect(entryNameProblem(bad), bad).toBeDefined();
    }
    expect(entryNameProblem('dense/kernel.npy', true)).toBeUndefined();
    for (const bad of ['../x.npy', 'a/../b.npy', 'a//b.npy', './x.npy', 'a/.npy', '/a/b.npy', 'a\\b/c.npy']) expect(entryNameProblem(bad, true), bad).toBeDefined();
  });

  it('random damage to an archive never throws anything but NpyError, nor hangs', async () => {
    const file = path.join(tmp, 'fuzz-src.npz');
    await writeNpz(file, { a: { data: Float32Array.from([1, 2, 3]), shape: [3] }, b: { data: Int32Array.from([4, 5]), shape: [2] } }, { compress: true });
    const good = fs.readFileSync(file);
    const damaged = path.join(tmp, 'fuzz.npz');
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat(good.length), async (edits, cut) => {
        const bytes = Uint8Array.from(good);
        for (const [at, v] of edits) bytes[at] = v;
        fs.writeFileSync(damaged, k++ % 5 === 0 ? bytes.subarray(0, cut) : bytes);
        for (const read of [readNpz, readNpzHeaders]) {
          try {
            await read(damaged);
          } catch (e) {
            if (!(e instanceof NpyError)) throw e;
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('properties', () => {
  // shape first, then a typed array of exactly that many elements (float32 includes NaN, -0, +-Infinity)
  const arrayArb = fc.array(fc.nat(3), { maxLength: 3 }).chain((shape) => {
    const n = shape.reduce((x, y) => x * y, 1);
    const len = { minLength: n, maxLength: n };
    const data: fc.Arbitrary<NpyData> = fc.oneof(fc.float32Array(len), fc.int32Array(len), fc.uint8Array({ ...len, max: 1 }));
    return data.map((d) => ({ data: d, shape }));
  });

  it('random archives round-trip, stored and deflated', async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), arrayArb, { maxKeys: 4 }), fc.boolean(), async (arrays, compress) => {
        await expectRoundTrip(path.join(tmp, `prop-${k++ % 3}.npz`), arrays, compress);
      }),
      { numRuns: 100 },
    );
  });
});
