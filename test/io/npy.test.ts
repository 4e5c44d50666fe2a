import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halfToNumber, parseDescr } from '../../src/io/dtypes.js';
import { NpyError } from '../../src/io/npy-error.js';
import { MAX_HEADER_BYTES, parseNpyHeader, parsePyLiteral } from '../../src/io/npy-header.js';
import { decodeNpy, type NpyData, openNpy, readNpy, readNpyHeader } from '../../src/io/npy-read.js';
import { encodeNpy, writeNpy } from '../../src/io/npy-write.js';
import { fixtureNumber, npyError } from '../support/io-expect.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/npy');
type Entry =
  | { name: string; ok: true; shape: number[]; dtype: string; values: (number | string)[] }
  | { name: string; ok: false; code: string; contains?: string; headerOk: boolean };
const manifest = JSON.parse(fs.readFileSync(path.join(FIX, 'manifest.json'), 'utf8')) as Entry[];

const expected = (e: Extract<Entry, { ok: true }>) => e.values.map((v) => (e.dtype === 'float32' ? Math.fround(fixtureNumber(v)) : fixtureNumber(v)));

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-npy-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('.npy fixtures written by NumPy (scripts/npy_fixtures.py)', () => {
  it('covers every dtype, byte order and memory order', () => {
    const names = new Set(manifest.map((e) => e.name));
    for (const code of ['i2', 'i4', 'i8', 'u2', 'u4', 'u8', 'f2', 'f4', 'f8']) for (const bo of ['le', 'be']) for (const o of 'CF') expect(names).toContain(`${code}_${bo}_${o}.npy`);
    for (const code of ['b1', 'i1', 'u1']) for (const o of 'CF') expect(names).toContain(`${code}_na_${o}.npy`);
    expect(fs.readdirSync(FIX).filter((f) => f.endsWith('.npy')).sort()).toEqual([...names].sort());
  });

  for (const e of manifest) {
    if (e.ok) {
      it(`reads ${e.name}`, async () => {
        const a = await readNpy(path.join(FIX, e.name));
        expect(a.shape).toEqual(e.shape);
        expect(a.dtype).toBe(e.dtype);
        expect(a.data).toBeInstanceOf(e.dtype === 'float32' ? Float32Array : e.dtype === 'int32' ? Int32Array : Uint8Array);
        expect([...a.data]).toEqual(expected(e));
        const h = await readNpyHeader(path.join(FIX, e.name));
        expect(h.shape).toEqual(e.shape);
        // the same bytes decoded in memory give the same array
        expect([...decodeNpy(fs.readFileSync(path.join(FIX, e.name)), e.name).data]).toEqual(expected(e));
      });
    } else {
      it(`refuses ${e.name} with ${e.code}`, async () => {
        const file = path.join(FIX, e.name);
        const err = await npyError(readNpy(file));
        expect(err.code).toBe(e.code);
        expect(err.file).toBe(file);
        expect(err.message.startsWith(`${file}: `)).toBe(true);
        if (e.contains) expect(err.message).toContain(e.contains);
        if (e.headerOk) await expect(readNpyHeader(file)).resolves.toBeDefined();
        else expect((await npyError(readNpyHeader(file))).code).toBe(e.code);
        expect(() => decodeNpy(fs.readFileSync(file), e.name)).toThrow(NpyError);
      });
    }
  }

  it('says what is supported when it refuses a dtype', async () => {
    const err = await npyError(readNpy(path.join(FIX, 'unicode.npy')));
    expect(err.message).toBe(`${path.join(FIX, 'unicode.npy')}: dtype '<U5' (unicode strings) is not supported: layerspec reads bool, int8-64, uint8-64, float16/32/64`);
  });

  it('names the first offending index of an out-of-range int64', async () => {
    const err = await npyError(readNpy(path.join(FIX, 'i8_range.npy')));
    expect(err.message).toContain('int64 value 2147483648 at index (1, 1) does not fit int32');
  });
});

describe('header-only reading', () => {
  it('gives the header of a file whose data is truncated, without reading the data; readRows then fails clearly', async () => {
    const file = path.join(FIX, 'data_truncated.npy');
    const h = await readNpyHeader(file);
    expect(h).toMatchObject({ shape: [1000, 4], fortranOrder: false, version: 1, dataBytes: 16000 });
    expect(h.dtype).toMatchObject({ name: 'float32', descr: '<f4' });
    const r = await openNpy(file);
    try {
      expect(r.rows).toBe(1000);
      const err = await npyError(r.readRows(0, 1));
      expect(err.code).toBe('npy/truncated');
      expect(err.message).toContain('needs 16000 data bytes, only 400 present');
    } finally {
      await r.close();
    }
  });

  it('reads a header in front of data it never looks at (a sparse 4 GB file)', async () => {
    const file = path.join(tmp, 'sparse.npy');
    const head = encodeNpy({ data: new Float32Array(0), shape: [0] }).subarray(0, 64);
    const text = "{'descr': '<f8', 'fortran_order': False, 'shape': (65536, 8192), }";
    const bytes = new Uint8Array(128);
    bytes.set(head.subarray(0, 8));
    new DataView(bytes.buffer).setUint16(8, 118, true);
    bytes.set(new TextEncoder().encode(text.padEnd(117) + '\n'), 10);
    fs.writeFileSync(file, bytes);
    fs.truncateSync(file, 128 + 65536 * 8192 * 8);
    const h = await readNpyHeader(file);
    expect(h.shape).toEqual([65536, 8192]);
    expect(h.dataOffset).toBe(128);
    const r = await openNpy(file);
    try {
      const a = await r.readRows(65535, 65536);
      expect(a.shape).toEqual([1, 8192]);
      expect(a.data.every((v) => v === 0)).toBe(true);
    } finally {
      await r.close();
      fs.rmSync(file);
    }
  });

  it('refuses a header longer than NumPy allows before reading it', () => {
    const b = new Uint8Array(12);
    b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]);
    new DataView(b.buffer).setUint32(8, MAX_HEADER_BYTES + 1, true);
    expect(() => parseNpyHeader(b, 'h.npy')).toThrow(/more than the 10000 allowed/);
  });
});

describe('readRows', () => {
  const N = 100_000;
  const D = 16;
  let file: string;
  beforeAll(async () => {
    file = path.join(tmp, 'big.npy');
    const data = new Float32Array(N * D);
    for (let i = 0; i < data.length; i++) data[i] = i * 0.5 - 7;
    await writeNpy(file, { data, shape: [N, D] });
  });

  it('returns the right slices of a 100 000 x 16 float32 file', async () => {
    expect(fs.statSync(file).size).toBe(128 + N * D * 4);
    const r = await openNpy(file);
    try {
      expect(r.rows).toBe(N);
      for (const [s, e] of [[0, 1], [0, 32], [31_337, 31_400], [N - 5, N], [500, 500]]) {
        const a = await r.readRows(s, e);
        expect(a.shape).toEqual([e - s, D]);
        expect(a.data.length).toBe((e - s) * D);
        for (let k = 0; k < a.data.length; k++) {
          if (a.data[k] !== Math.fround((s * D + k) * 0.5 - 7)) throw new Error(`rows [${s}, ${e}) element ${k}: ${a.data[k]}`);
        }
      }
      let total = 0;
      for (let s = 0; s < N; s += 4096) total += (await r.readRows(s, Math.min(N, s + 4096))).shape[0];
      expect(total).toBe(N);
      for (const [s, e] of [[-1, 2], [5, 4], [0, N + 1], [0.5, 2]]) expect((await npyError(r.readRows(s, e))).code).toBe('npy/rows');
    } finally {
      await r.close();
    }
  });

  it('gathers rows of a Fortran-order file', async () => {
    const r = await openNpy(path.join(FIX, 'i4_be_F.npy'));
    try {
      const all = [...(await readNpy(path.join(FIX, 'i4_be_F.npy'))).data];
      const a = await r.readRows(1, 2);
      expect(a.shape).toEqual([1, 3, 2]);
      expect([...a.data]).toEqual(all.slice(6));
    } finally {
      await r.close();
    }
  });

  it('has no rows for a 0-d array', async () => {
    const r = await openNpy(path.join(FIX, 'zero_d_f8.npy'));
    try {
      expect(() => r.rows).toThrow(/0-d/);
      expect([...(await r.readAll()).data]).toEqual([3.25]);
    } finally {
      await r.close();
    }
  });

  it('reads integers and bools as float32 on request, and refuses floats as int32', async () => {
    expect([...(await readNpy(path.join(FIX, 'b1_na_C.npy'), { as: 'float32' })).data].slice(0, 4)).toEqual([1, 0, 0, 1]);
    expect((await readNpy(path.join(FIX, 'u8_le_C.npy'), { as: 'float32' })).data).toBeInstanceOf(Float32Array);
    expect((await npyError(readNpy(path.join(FIX, 'f4_le_C.npy'), { as: 'int32' }))).code).toBe('npy/dtype');
    expect((await npyError(readNpy(path.join(tmp, 'missing.npy')))).code).toBe('npy/io');
  });
});

describe('writing', () => {
  const cases: { name: string; data: NpyData; shape: number[] }[] = [
    { name: 'f32', data: Float32Array.from([1.5, -0, NaN, Infinity, -3e38, 1e-45]), shape: [2, 3] },
    { name: 'i32', data: Int32Array.from([-2147483648, 2147483647, 0, 5]), shape: [4] },
    { name: 'bool', data: Uint8Array.from([1, 0, 1, 1, 0, 0, 1, 0]), shape: [2, 2, 2] },
    { name: 'f32-0d', data: Float32Array.from([2.5]), shape: [] },
    { name: 'i32-0d', data: Int32Array.from([-9]), shape: [] },
    { name: 'bool-0d', data: Uint8Array.from([1]), shape: [] },
    { name: 'f32-empty', data: new Float32Array(0), shape: [0, 7] },
    { name: 'i32-empty', data: new Int32Array(0), shape: [3, 0] },
    { name: 'bool-empty', data: new Uint8Array(0), shape: [0] },
  ];
  for (const c of cases) {
    it(`round-trips ${c.name}`, async () => {
      const file = path.join(tmp, `${c.name}.npy`);
      await writeNpy(file, c);
      const a = await readNpy(file);
      expect(a.shape).toEqual(c.shape);
      expect(a.data.constructor).toBe(c.data.constructor);
      expect([...a.data]).toEqual([...c.data]);
      expect(fs.statSync(file).size % 64).toBe(a.data.length * a.data.BYTES_PER_ELEMENT % 64);
    });
  }

  it('writes the header NumPy writes', () => {
    const b = encodeNpy({ data: new Int32Array(6), shape: [2, 3] });
    expect(new TextDecoder('latin1').decode(b.subarray(0, 128 - 24)).slice(10).trimEnd()).toBe("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }");
    expect(b[6]).toBe(1);
    expect(b.length).toBe(128 + 24);
  });

  it('needs only version 1 for the largest header it can write; reads long version 2 headers', async () => {
    const shape = Array.from({ length: 64 }, () => Number.MAX_SAFE_INTEGER);
    shape[63] = 0;
    const big = encodeNpy({ data: new Float32Array(0), shape });
    expect(big[6]).toBe(1);
    expect(big.length).toBeGreaterThan(1100);
    expect(decodeNpy(big, 'rank64.npy').shape).toEqual(shape);
    expect((await npyError(writeNpy(path.join(tmp, 'rank65.npy'), { data: new Float32Array(1), shape: Array.from({ length: 65 }, () => 1) }))).code).toBe('npy/shape');
    const text = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }".padEnd(9000) + '\n';
    const b = new Uint8Array(12 + text.length + 4);
    b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]);
    new DataView(b.buffer).setUint32(8, text.length, true);
    b.set(new TextEncoder().encode(text), 12);
    expect(decodeNpy(b, 'v2.npy').shape).toEqual([1]);
  });

  it('refuses data that does not match the shape, and leaves no file', async () => {
    const file = path.join(tmp, 'mismatch.npy');
    expect((await npyError(writeNpy(file, { data: new Float32Array(5), shape: [2, 3] }))).code).toBe('npy/shape');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('leaves no temporary or partial file when the directory is missing', async () => {
    const err = await npyError(writeNpy(path.join(tmp, 'no-such-dir', 'x.npy'), { data: new Float32Array(3), shape: [3] }));
    expect(err.code).toBe('npy/write');
    expect(fs.existsSync(path.join(tmp, 'no-such-dir'))).toBe(false);
  });

  it('leaves no temporary file and keeps the old target when the rename fails', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'w-'));
    const target = path.join(dir, 'a-directory.npy');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'keep'), 'x');
    expect((await npyError(writeNpy(target, { data: new Float32Array(3), shape: [3] }))).code).toBe('npy/write');
    expect(fs.readdirSync(dir)).toEqual(['a-directory.npy']);
  });

  it.skipIf(process.getuid?.() === 0)('leaves nothing behind in an unwritable directory', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'ro-'));
    fs.chmodSync(dir, 0o555);
    try {
      expect((await npyError(writeNpy(path.join(dir, 'x.npy'), { data: new Float32Array(3), shape: [3] }))).code).toBe('npy/write');
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  });

  it('replaces an existing file atomically', async () => {
    const file = path.join(tmp, 'replace.npy');
    await writeNpy(file, { data: Float32Array.from([1]), shape: [1] });
    await writeNpy(file, { data: Int32Array.from([2, 3]), shape: [2] });
    expect([...(await readNpy(file)).data]).toEqual([2, 3]);
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('pieces', () => {
  it('converts float16 exactly', () => {
    expect(halfToNumber(0x0001)).toBe(2 ** -24);
    expect(halfToNumber(0x03ff)).toBe(1023 * 2 ** -24);
    expect(halfToNumber(0x0400)).toBe(2 ** -14);
    expect(halfToNumber(0x7bff)).toBe(65504);
    expect(halfToNumber(0x3c00)).toBe(1);
    expect(halfToNumber(0xc000)).toBe(-2);
    expect(Object.is(halfToNumber(0x8000), -0)).toBe(true);
    expect(halfToNumber(0x7c00)).toBe(Infinity);
    expect(halfToNumber(0xfc00)).toBe(-Infinity);
    expect(halfToNumber(0x7e00)).toBeNaN();
  });

  it('parses the Python literal subset and nothing else', () => {
    expect(parsePyLiteral("{'a': (1,), \"b\": [True, None], 'c': (), 'd': (2, 3,)}", 'h')).toEqual({
      dict: new Map<string, unknown>([['a', { tuple: [1n] }], ['b', { list: [true, null] }], ['c', { tuple: [] }], ['d', { tuple: [2n, 3n] }]]),
    });
    expect(parsePyLiteral('(7)', 'h')).toBe(7n);
    for (const bad of ['{', "{'a' 1}", '{1: 2}', "{'a': 1 'b': 2}", 'os.system', "{'a': 1}}", "'abc", "{'a': f(1)}", "{'a': 1e3}", '(1 2)', '[' .repeat(100)]) {
      expect(() => parsePyLiteral(bad, 'h'), bad).toThrow(NpyError);
    }
  });

  it('parses descr strings', () => {
    expect(parseDescr('>u2', 'f')).toMatchObject({ kind: 'u', itemsize: 2, littleEndian: false, name: 'uint16', output: 'int32' });
    expect(parseDescr('|b1', 'f')).toMatchObject({ kind: 'b', name: 'bool', output: 'bool' });
    for (const bad of ['<f16', '<i3', '<b2', 'float32', '<M8[ns]', '<c8', '|O', '<U5', '|S3', '|V8', '<f', '']) expect(() => parseDescr(bad, 'f'), bad).toThrow(NpyError);
  });
});

describe('properties', () => {
  const arrays = fc
    .record({ dtype: fc.constantFrom('float32', 'int32', 'bool'), shape: fc.array(fc.nat(4), { maxLength: 4 }) })
    .chain(({ dtype, shape }) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const values =
        dtype === 'float32'
          ? fc.array(fc.float({ noDefaultInfinity: false }), { minLength: n, maxLength: n }).map((v) => Float32Array.from(v))
          : dtype === 'int32'
            ? fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: n, maxLength: n }).map((v) => Int32Array.from(v))
            : fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((v) => Uint8Array.from(v, Number));
      return values.map((data) => ({ data: data as NpyData, shape }));
    });

  it('random shapes, dtypes and values round-trip through the writer and the reader', async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(arrays, async (a) => {
        const file = path.join(tmp, `prop-${k++ % 4}.npy`);
        await writeNpy(file, a);
        const b = await readNpy(file);
        expect(b.shape).toEqual(a.shape);
        expect(b.data.constructor).toBe(a.data.constructor);
        expect(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength).equals(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength))).toBe(true);
        if (a.shape.length) {
          const r = await openNpy(file);
          try {
            const s = Math.floor(a.shape[0] / 2);
            const rows = await r.readRows(s, a.shape[0]);
            const rowSize = a.shape.slice(1).reduce((x, y) => x * y, 1);
            expect([...rows.data]).toEqual([...b.data.slice(s * rowSize)]);
          } finally {
            await r.close();
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('random bytes after a valid magic never throw anything but NpyError', () => {
    const onlyNpyError = (bytes: Uint8Array) => {
      try {
        decodeNpy(bytes, 'fuzz.npy');
      } catch (e) {
        if (!(e instanceof NpyError)) throw e;
      }
    };
    const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (rest) => onlyNpyError(Uint8Array.from([...magic, ...rest]))),
      { numRuns: 2000 },
    );
    // the same, but with a plausible preamble and a header made of the characters headers use
    const chars = fc.constantFrom(...`{}()[],:'" \n0123456789-TrueFalseNonedescrfortran_ordershape<>|=biufcOSUVL`.split(''));
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3), fc.array(chars, { maxLength: 120 }), fc.uint8Array({ maxLength: 64 }), (v, hs, data) => {
        const text = hs.join('');
        const pre = v === 1 ? 10 : 12;
        const b = new Uint8Array(pre + text.length + data.length);
        b.set([...magic, v, 0]);
        if (v === 1) new DataView(b.buffer).setUint16(8, text.length, true);
        else new DataView(b.buffer).setUint32(8, text.length, true);
        b.set(new TextEncoder().encode(text), pre);
        b.set(data, pre + text.length);
        onlyNpyError(b);
      }),
      { numRuns: 2000 },
    );
  });
});
