import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutputDtype } from '../../src/io/dtypes.js';
import { NpyError } from '../../src/io/npy-error.js';
import { NPY_MAGIC } from '../../src/io/npy-header.js';
import { decodeNpy, type NpyArray, type NpyData } from '../../src/io/npy-read.js';
import { encodeNpy, type NpyWritable } from '../../src/io/npy-write.js';
import { readNpz, writeNpz } from '../../src/io/npz.js';
import { fuzzParams, fuzzTimeout } from './arbitraries.js';

/**
 * .npy/.npz: what is written reads back bit for bit (NaN, ±Inf, -0, int32 extremes, 0-d and
 * empty arrays), and damaged or hostile bytes fail with NpyError only, never a RangeError,
 * TypeError or an allocation of what a forged header declares.
 */
const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });

const float32 = fc.oneof(fc.float(), fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, 3.4028234663852886e38, -1.401298464324817e-45));
const int32 = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(-(2 ** 31), 2 ** 31 - 1, 0, -1));

/** A random array of every output dtype; the data length always matches the shape. */
const arrayArb: fc.Arbitrary<NpyWritable & { dtype: OutputDtype }> = fc
  .tuple(shapeArb, fc.constantFrom<OutputDtype>('float32', 'int32', 'bool'))
  .chain(([shape, dtype]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = fc.array(dtype === 'float32' ? float32 : dtype === 'int32' ? int32 : fc.constantFrom(0, 1), { minLength: size, maxLength: size });
    return values.map((v) => ({
      shape,
      dtype,
      data: (dtype === 'float32' ? Float32Array.from(v) : dtype === 'int32' ? Int32Array.from(v) : Uint8Array.from(v)) as NpyData,
    }));
  });

function expectSameArray(got: NpyArray, want: NpyWritable & { dtype: OutputDtype }): void {
  expect(got.shape).toEqual([...want.shape]);
  expect(got.dtype).toBe(want.dtype);
  expect(got.data.constructor).toBe(want.data.constructor);
  expect(got.data.length).toBe(want.data.length);
  // Object.is tells -0 from 0 and NaN from NaN.
  for (let k = 0; k < want.data.length; k++) if (!Object.is(got.data[k], want.data[k])) expect(got.data[k], `element ${k}`).toBe(want.data[k]);
}

/** Runs a decoder on hostile input: it may succeed or throw NpyError, nothing else. */
function onlyNpyError(decode: () => NpyArray | undefined): void {
  let result: NpyArray | undefined;
  try {
    result = decode();
  } catch (e) {
    if (!(e instanceof NpyError)) throw e;
    expect(e.code).toMatch(/^np[yz]\/[a-z0-9-]+$/);
    return;
  }
  if (result) {
    const size = result.shape.reduce((a, b) => a * b, 1);
    expect(result.data.length).toBe(size);
  }
}

/** Byte edits: overwrite, insert, delete, truncate. */
const editsArb = fc.array(fc.record({ kind: fc.constantFrom('set', 'insert', 'delete', 'truncate'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 5 });

function applyEdits(bytes: Uint8Array, edits: readonly { kind: string; at: number; byte: number }[], focus: number): Uint8Array {
  let out = Array.from(bytes);
  for (const { kind, at, byte } of edits) {
    // Most edits hit the header (the interesting part); some anywhere.
    const i = out.length === 0 ? 0 : at % 3 ? at % Math.min(out.length, focus) : at % out.length;
    if (kind === 'set' && out.length) out[i] = byte;
    else if (kind === 'insert') out.splice(i, 0, byte);
    else if (kind === 'delete') out.splice(i, 1);
    else out = out.slice(0, i);
  }
  return Uint8Array.from(out);
}

/** A version 1.0 file around any header text (padded with spaces, as NumPy does) and some data bytes. */
function withHeader(text: string, data: Uint8Array): Uint8Array {
  const body = new TextEncoder().encode(text);
  const len = Math.min(body.length, 0xffff);
  const out = new Uint8Array(10 + len + data.length);
  out.set(NPY_MAGIC, 0);
  out[6] = 1;
  new DataView(out.buffer).setUint16(8, len, true);
  out.set(body.subarray(0, len), 10);
  out.set(data, 10 + len);
  return out;
}

const descr = fc.constantFrom("'<f4'", "'<i4'", "'|b1'", "'<f8'", "'>f8'", "'<i8'", "'<u8'", "'<f2'", "'|u1'", "'|i1'", "'<c8'", "'|O'", "'<U3'", "'<M8'", "[('a', '<f4')]", "'f4'", "''", '1', 'None');
const dim = fc.oneof(fc.nat(5), fc.constantFrom(-1, 2 ** 31, 2 ** 53, 2 ** 64, 1e400, 0.5), fc.constantFrom('True', "'3'", 'None', '3L', '1_0', '0x10'));
const shapeText = fc.oneof(
  fc.array(dim, { maxLength: 5 }).map((d) => `(${d.join(', ')}${d.length === 1 ? ',' : ''})`),
  fc.constantFrom('()', '(,)', '[2, 3]', '(2 3)', '((2,),)', '(' + '1,'.repeat(70) + ')', '('.repeat(200)),
);
const headerText = fc
  .tuple(
    fc.shuffledSubarray(["'descr'", "'fortran_order'", "'shape'", "'extra'", '"descr"', "'descr'"], { minLength: 0 }),
    descr,
    fc.constantFrom('False', 'True', '0', "'False'", 'None'),
    shapeText,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('{', '}', ':', ',', "'", '"', '\\', '\n', ' ', '\0', 'é', '#', 'lambda', '__import__')), { maxLength: 3 }),
  )
  .map(([keys, d, fortran, shape, junk]) => {
    const values: Record<string, string> = { "'descr'": d, '"descr"': d, "'fortran_order'": fortran, "'shape'": shape, "'extra'": '1' };
    let text = `{${keys.map((k) => `${k}: ${values[k]}`).join(', ')}, }`;
    for (const [at, s] of junk) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + s + text.slice(i);
    }
    return text.padEnd(Math.ceil((text.length + 11) / 64) * 64 - 11) + '\n';
  });

describe('.npy fuzz', () => {
  it('encodeNpy -> decodeNpy round-trips every output dtype, 0-d and empty shapes, NaN, ±Inf, -0 and int32 extremes', () => {
    fc.assert(fc.property(arrayArb, (array) => expectSameArray(decodeNpy(encodeNpy(array), 'a.npy'), array)), fuzzParams(500));
  }, fuzzTimeout(500));

  it('byte edits and truncations of valid files: a value or NpyError', () => {
    fc.assert(fc.property(arrayArb, editsArb, fc.constantFrom<OutputDtype | undefined>(undefined, 'float32', 'int32', 'bool'), (array, edits, as) => {
      const bytes = applyEdits(encodeNpy(array), edits, 128);
      onlyNpyError(() => decodeNpy(bytes, 'm.npy', as ? { as } : undefined));
    }), fuzzParams(1000));
  }, fuzzTimeout(1000));

  it('forged header dict literals (wrong keys, dtypes, shapes, junk): a value or NpyError', () => {
    fc.assert(fc.property(headerText, fc.uint8Array({ maxLength: 64 }), (text, data) => {
      onlyNpyError(() => decodeNpy(withHeader(text, data), 'h.npy'));
    }), fuzzParams(1000));
  }, fuzzTimeout(1000));

  it('arbitrary bytes, with and without the magic: NpyError', () => {
    fc.assert(fc.property(fc.boolean(), fc.uint8Array({ maxLength: 200 }), (magic, rest) => {
      const bytes = magic ? Uint8Array.from([...NPY_MAGIC, ...rest]) : rest;
      onlyNpyError(() => decodeNpy(bytes, 'r.npy'));
    }), fuzzParams(500));
  }, fuzzTimeout(500));
});

describe('.npz fuzz (file I/O, fewer runs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerspec-npz-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const keysArb = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}(\/[a-z][a-z0-9_]{0,5})?$/), { minLength: 1, maxLength: 4 });
  let n = 0;

  it('writeNpz -> readNpz round-trips, stored and deflated', async () => {
    await fc.assert(fc.asyncProperty(keysArb.chain((keys) => fc.tuple(fc.constant(keys), fc.array(arrayArb, { minLength: keys.length, maxLength: keys.length }))), fc.boolean(), async ([keys, arrays], compress) => {
      const file = join(dir, `rt${n++}.npz`);
      await writeNpz(file, new Map(keys.map((k, i) => [k, arrays[i]!])), { compress });
      const back = await readNpz(file, { allowNestedKeys: true });
      expect([...back.keys()]).toEqual(keys);
      keys.forEach((k, i) => expectSameArray(back.get(k)!, arrays[i]!));
    }), fuzzParams(40));
  }, fuzzTimeout(40));

  it('byte edits and truncations of valid archives: a value or NpyError', async () => {
    await fc.assert(fc.asyncProperty(fc.array(arrayArb, { minLength: 1, maxLength: 3 }), fc.boolean(), editsArb, async (arrays, compress, edits) => {
      const file = join(dir, `m${n++}.npz`);
      await writeNpz(file, new Map(arrays.map((a, i) => [`a${i}`, a])), { compress });
      const bytes = readFileSync(file);
      writeFileSync(file, applyEdits(bytes, edits, bytes.length));
      try {
        await readNpz(file);
      } catch (e) {
        if (!(e instanceof NpyError)) throw e;
      }
    }), fuzzParams(60));
  }, fuzzTimeout(60));
});
