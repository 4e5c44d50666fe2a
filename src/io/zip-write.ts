/**
 * Writing a zip archive in memory, as the chunks of the file: what numpy.savez (stored) and
 * numpy.savez_compressed (deflate, zlib's default level 6) write, readable by Python's zipfile and by
 * zip-read.ts. Zip64 records are added where a size, offset or count needs them, with the limits
 * Python's zipfile uses (sizes and offsets above 2^31 - 1, more than 65535 entries).
 * Timestamps are fixed (1980-01-01 00:00, the zip epoch) so that the same arrays give the same bytes.
 */
import { deflateSync } from 'fflate';
import {
  crc32,
  FLAG_UTF8,
  MAX16,
  MAX32,
  METHOD_DEFLATE,
  METHOD_STORED,
  SIG_CENTRAL,
  SIG_END,
  SIG_END64,
  SIG_LOCAL,
  SIG_LOCATOR64,
  ZIP64_EXTRA_ID,
} from './zip-format.js';

export interface ZipWriteEntry {
  readonly name: string;
  readonly data: Uint8Array;
}
export interface ZipWriteOptions {
  readonly compress: boolean;
  /** Sizes and offsets above this get zip64 records (Python's ZIP64_LIMIT); lower it to test zip64. */
  readonly zip64Limit?: number;
}

const ZIP64_LIMIT = 2 ** 31 - 1;
const VERSION_DEFAULT = 20; // 2.0: deflate
const VERSION_ZIP64 = 45; // 4.5: zip64
const MADE_BY_UNIX = 3 << 8;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const EXTERNAL_ATTR_FILE_0644 = (0o100644 << 16) >>> 0;

/** A little-endian record built field by field. */
class Record {
  private readonly bytes: Uint8Array;
  private readonly dv: DataView;
  private at = 0;
  constructor(length: number) {
    this.bytes = new Uint8Array(length);
    this.dv = new DataView(this.bytes.buffer);
  }
  u16(v: number): this {
    this.dv.setUint16(this.at, v, true);
    this.at += 2;
    return this;
  }
  u32(v: number): this {
    this.dv.setUint32(this.at, v >>> 0, true);
    this.at += 4;
    return this;
  }
  u64(v: number): this {
    this.dv.setBigUint64(this.at, BigInt(v), true);
    this.at += 8;
    return this;
  }
  raw(b: Uint8Array): this {
    this.bytes.set(b, this.at);
    this.at += b.length;
    return this;
  }
  done(): Uint8Array {
    if (this.at !== this.bytes.length) throw new Error(`zip record: ${this.at} of ${this.bytes.length} bytes written`);
    return this.bytes;
  }
}

/** The zip64 extra field holding `values` (those fields whose 32-bit copy is the 0xFFFFFFFF marker). */
const zip64Extra = (values: readonly number[]): Uint8Array => {
  if (!values.length) return new Uint8Array(0);
  const r = new Record(4 + 8 * values.length).u16(ZIP64_EXTRA_ID).u16(8 * values.length);
  for (const v of values) r.u64(v);
  return r.done();
};

/** The archive's bytes, as chunks to write in order. */
export function zipArchive(entries: readonly ZipWriteEntry[], opts: ZipWriteOptions): Uint8Array[] {
  const limit = opts.zip64Limit ?? ZIP64_LIMIT;
  const method = opts.compress ? METHOD_DEFLATE : METHOD_STORED;
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = new TextEncoder().encode(name);
    const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : FLAG_UTF8;
    const crc = crc32(data);
    const body = opts.compress ? deflateSync(data, { level: 6 }) : data;
    // as Python's zipfile does: both sizes go to zip64 as soon as either needs it
    const bigSizes = data.length > limit || body.length > limit;
    const bigOffset = offset > limit;
    const version = bigSizes || bigOffset ? VERSION_ZIP64 : VERSION_DEFAULT;
    const localExtra = zip64Extra(bigSizes ? [data.length, body.length] : []);
    const local = new Record(30 + nameBytes.length + localExtra.length)
      .u32(SIG_LOCAL).u16(version).u16(flags).u16(method).u16(0).u16(DOS_DATE_1980_01_01)
      .u32(crc).u32(bigSizes ? MAX32 : body.length).u32(bigSizes ? MAX32 : data.length)
      .u16(nameBytes.length).u16(localExtra.length).raw(nameBytes).raw(localExtra)
      .done();
    const centralExtra = zip64Extra([...(bigSizes ? [data.length, body.length] : []), ...(bigOffset ? [offset] : [])]);
    central.push(
      new Record(46 + nameBytes.length + centralExtra.length)
        .u32(SIG_CENTRAL).u16(MADE_BY_UNIX | version).u16(version).u16(flags).u16(method).u16(0).u16(DOS_DATE_1980_01_01)
        .u32(crc).u32(bigSizes ? MAX32 : body.length).u32(bigSizes ? MAX32 : data.length)
        .u16(nameBytes.length).u16(centralExtra.length).u16(0).u16(0).u16(0).u32(EXTERNAL_ATTR_FILE_0644)
        .u32(bigOffset ? MAX32 : offset).raw(nameBytes).raw(centralExtra)
        .done(),
    );
    chunks.push(local, body);
    offset += local.length + body.length;
  }
  const cdOffset = offset;
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  chunks.push(...central);
  const count = entries.length;
  if (count > MAX16 || cdOffset > limit || cdSize > limit) {
    const end64Offset = cdOffset + cdSize;
    chunks.push(
      new Record(56).u32(SIG_END64).u64(44).u16(MADE_BY_UNIX | VERSION_ZIP64).u16(VERSION_ZIP64).u32(0).u32(0)
        .u64(count).u64(count).u64(cdSize).u64(cdOffset).done(),
      new Record(20).u32(SIG_LOCATOR64).u32(0).u64(end64Offset).u32(1).done(),
    );
  }
  chunks.push(
    new Record(22).u32(SIG_END).u16(0).u16(0).u16(Math.min(count, MAX16)).u16(Math.min(count, MAX16))
      .u32(Math.min(cdSize, MAX32)).u32(Math.min(cdOffset, MAX32)).u16(0).done(),
  );
  return chunks;
}
