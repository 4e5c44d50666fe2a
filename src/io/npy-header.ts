/**
 * The `.npy` preamble and header: magic, version, header length, and the header dict, parsed with a
 * small strict parser of the Python literal subset NumPy writes (strings, integers, True/False/None,
 * tuples, lists, dicts). Nothing is ever evaluated.
 */
import { type NpyDtype, parseDescr } from './dtypes.js';
import { NpyError } from './npy-error.js';

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** NumPy's own default limit (`max_header_size`) for the header text. */
export const MAX_HEADER_BYTES = 10000;
/** The most bytes a preamble + header can take: what a header-only read needs. */
export const MAX_PREFIX_BYTES = 12 + MAX_HEADER_BYTES;
/** NumPy 2's NPY_MAXDIMS. */
export const MAX_RANK = 64;

export interface NpyHeader {
  readonly file: string;
  readonly version: 1 | 2 | 3;
  readonly dtype: NpyDtype;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Number of elements (1 for a 0-d array). */
  readonly size: number;
  /** Byte offset of the data in the file. */
  readonly dataOffset: number;
  /** Declared data size in bytes. */
  readonly dataBytes: number;
}

type Py = string | bigint | boolean | null | { tuple: Py[] } | { list: Py[] } | { dict: Map<string, Py> };

const MAX_DEPTH = 16;

/** Parse the Python literal NumPy writes as the header. Throws NpyError 'npy/header'. */
export function parsePyLiteral(text: string, file: string): Py {
  let i = 0;
  const fail = (what: string): never => {
    throw new NpyError('npy/header', file, `the header is not the dict literal NumPy writes (${what} at character ${i}); re-save the array with numpy.save`);
  };
  const ws = () => {
    while (i < text.length && /[ \t\r\n]/.test(text[i])) i++;
  };
  const value = (depth: number): Py => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    ws();
    const c = text[i];
    if (c === undefined) return fail('unexpected end');
    if (c === "'" || c === '"') return str();
    if (c === '(' || c === '[') {
      const close = c === '(' ? ')' : ']';
      i++;
      const items: Py[] = [];
      let comma = false;
      for (;;) {
        ws();
        if (text[i] === close) {
          i++;
          break;
        }
        if (items.length && !comma) fail(`expected ',' or '${close}'`);
        items.push(value(depth + 1));
        ws();
        comma = text[i] === ',';
        if (comma) i++;
      }
      // (x) is not a tuple in Python; (x,) and () are
      if (c === '(' && items.length === 1 && !comma) return items[0];
      return c === '(' ? { tuple: items } : { list: items };
    }
    if (c === '{') {
      i++;
      const dict = new Map<string, Py>();
      let comma = false;
      for (;;) {
        ws();
        if (text[i] === '}') {
          i++;
          break;
        }
        if (dict.size && !comma) fail("expected ',' or '}'");
        const key = value(depth + 1);
        if (typeof key !== 'string') fail('a dict key that is not a string');
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        if (dict.has(key as string)) fail(`duplicate key '${key as string}'`);
        dict.set(key as string, value(depth + 1));
        ws();
        comma = text[i] === ',';
        if (comma) i++;
      }
      return { dict };
    }
    const m = /^(?:([+-]?\d+)L?|True|False|None)(?![A-Za-z0-9_])/.exec(text.slice(i, i + 400));
    if (!m) return fail(`unexpected ${JSON.stringify(c)}`);
    i += m[0].length;
    if (m[1] !== undefined) return BigInt(m[1]);
    return m[0] === 'True' ? true : m[0] === 'False' ? false : null;
  };
  const str = (): string => {
    const q = text[i++];
    let out = '';
    for (;;) {
      const c = text[i++];
      if (c === undefined || c === '\n') return fail('unterminated string');
      if (c === q) return out;
      if (c === '\\') {
        const e = text[i++];
        const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', '0': '\0' };
        if (e !== undefined && e in simple) out += simple[e];
        else fail('an unsupported string escape');
      } else out += c;
    }
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail('text after the literal');
  return v;
}

const describe = (v: Py): string =>
  typeof v === 'string' ? `'${v}'` : typeof v === 'bigint' ? String(v) : v === null ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : 'tuple' in v ? 'a tuple' : 'list' in v ? 'a list' : 'a dict';

/**
 * Parse the preamble and header from the first bytes of a file (`bytes` may hold more, e.g. the whole
 * file, or fewer than the header needs: then 'npy/truncated'). `fileSize` is only used for messages.
 */
export function parseNpyHeader(bytes: Uint8Array, file: string): NpyHeader {
  const n = Math.min(bytes.length, 6);
  for (let k = 0; k < n; k++) {
    if (bytes[k] !== NPY_MAGIC[k]) throw new NpyError('npy/magic', file, 'not a .npy file (it does not start with \\x93NUMPY); save arrays with numpy.save');
  }
  if (bytes.length < 10) throw new NpyError('npy/truncated', file, `the file ends inside the .npy preamble (${bytes.length} bytes)`);
  const major = bytes[6];
  const minor = bytes[7];
  if (!(minor === 0 && (major === 1 || major === 2 || major === 3))) {
    throw new NpyError('npy/version', file, `.npy format version ${major}.${minor} is not supported: layerspec reads versions 1.0, 2.0 and 3.0`);
  }
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) throw new NpyError('npy/truncated', file, 'the file ends inside the .npy preamble');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  if (headerLen > MAX_HEADER_BYTES) {
    throw new NpyError('npy/header', file, `the header is ${headerLen} bytes, more than the ${MAX_HEADER_BYTES} allowed (NumPy's limit too); this is not a plain numeric array`);
  }
  const start = 8 + lenBytes;
  const dataOffset = start + headerLen;
  if (bytes.length < dataOffset) throw new NpyError('npy/truncated', file, `the file ends inside the header (it declares ${headerLen} header bytes, ${bytes.length - start} present)`);
  const raw = bytes.subarray(start, dataOffset);
  let text: string;
  try {
    text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(raw);
  } catch (e) {
    throw new NpyError('npy/header', file, 'the version 3 header is not valid UTF-8', { cause: e });
  }
  const lit = parsePyLiteral(text, file);
  if (lit === null || typeof lit !== 'object' || !('dict' in lit)) throw new NpyError('npy/header', file, `the header is ${describe(lit)}, not a dict`);
  const keys = [...lit.dict.keys()].sort();
  if (keys.join() !== 'descr,fortran_order,shape') {
    const want = ['descr', 'fortran_order', 'shape'];
    const missing = want.filter((k) => !lit.dict.has(k));
    const extra = keys.filter((k) => !want.includes(k));
    throw new NpyError('npy/header', file, `the header must have exactly the keys 'descr', 'fortran_order', 'shape'${missing.length ? `; missing ${missing.map((k) => `'${k}'`).join(', ')}` : ''}${extra.length ? `; unexpected ${extra.map((k) => `'${k}'`).join(', ')}` : ''}`);
  }
  const descr = lit.dict.get('descr')!;
  const fortran = lit.dict.get('fortran_order')!;
  const shapeLit = lit.dict.get('shape')!;
  if (typeof fortran !== 'boolean') throw new NpyError('npy/header', file, `'fortran_order' is ${describe(fortran)}, not True or False`);
  if (typeof descr !== 'string') {
    const what = descr !== null && typeof descr === 'object' && 'list' in descr ? 'a structured dtype (a list of fields)' : `a descr that is ${describe(descr)}`;
    throw new NpyError('npy/dtype', file, `${what} is not supported: layerspec reads plain arrays of bool, int8-64, uint8-64, float16/32/64`);
  }
  if (shapeLit === null || typeof shapeLit !== 'object' || !('tuple' in shapeLit)) throw new NpyError('npy/shape', file, `'shape' is ${describe(shapeLit)}, not a tuple of integers`);
  const dtype = parseDescr(descr, file);
  const shape: number[] = [];
  let size = 1n;
  for (const d of shapeLit.tuple) {
    if (typeof d !== 'bigint') throw new NpyError('npy/shape', file, `'shape' holds ${describe(d)}, not an integer`);
    if (d < 0n) throw new NpyError('npy/shape', file, `'shape' holds a negative dimension (${d})`);
    if (d > BigInt(Number.MAX_SAFE_INTEGER)) throw new NpyError('npy/shape', file, `'shape' holds a dimension (${d}) larger than 2^53`);
    size *= d; // exact (bigint): an empty array may have huge other dimensions, as in NumPy
    shape.push(Number(d));
  }
  if (size * BigInt(dtype.itemsize) > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new NpyError('npy/shape', file, `the shape ${formatShape(shape)} declares more data than any file can hold`);
  }
  if (shape.length > MAX_RANK) throw new NpyError('npy/shape', file, `the array has ${shape.length} dimensions, more than NumPy's ${MAX_RANK}`);
  return { file, version: major as 1 | 2 | 3, dtype, fortranOrder: fortran, shape, size: Number(size), dataOffset, dataBytes: Number(size) * dtype.itemsize };
}

/** '(10, 4)' / '(3,)' / '()' as Python prints shapes. */
export const formatShape = (shape: readonly number[]): string => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
