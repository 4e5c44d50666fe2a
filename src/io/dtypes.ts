import { NpyError } from './npy-error.js';

/** What layerspec reads, for messages. */
export const SUPPORTED_DTYPES = 'bool, int8-64, uint8-64, float16/32/64';

export type NpyKind = 'b' | 'i' | 'u' | 'f';
/** The element types layerspec produces: Float32Array, Int32Array, Uint8Array (0/1). */
export type OutputDtype = 'float32' | 'int32' | 'bool';

export interface NpyDtype {
  /** The descr string as the file wrote it, e.g. '<f8'. */
  readonly descr: string;
  readonly kind: NpyKind;
  readonly itemsize: 1 | 2 | 4 | 8;
  readonly littleEndian: boolean;
  /** NumPy's name, e.g. 'float64'. */
  readonly name: string;
  /** What reading it produces by default: bool -> bool, integers -> int32 (range-checked), floats -> float32. */
  readonly output: OutputDtype;
}

/** Whether this machine stores numbers little-endian (every platform Node runs on in practice). */
export const NATIVE_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const REFUSED: Record<string, string> = {
  c: 'complex numbers',
  m: 'timedelta64',
  M: 'datetime64',
  O: 'Python objects (pickled)',
  S: 'byte strings',
  a: 'byte strings',
  U: 'unicode strings',
  V: 'raw void/structured records',
};

const NAMES: Record<NpyKind, string> = { b: 'bool', i: 'int', u: 'uint', f: 'float' };

/** Parse a NumPy descr string (the simple, non-structured form NumPy writes). Throws NpyError 'npy/dtype'. */
export function parseDescr(descr: string, file: string): NpyDtype {
  const refuse = (what: string): never => {
    throw new NpyError('npy/dtype', file, `dtype '${descr}' (${what}) is not supported: layerspec reads ${SUPPORTED_DTYPES}`);
  };
  const m = /^([<>|=]?)([a-zA-Z])(\d*)(\[[^\]]*\])?$/.exec(descr);
  if (!m) return refuse('not a dtype string NumPy writes');
  const [, order, kind, sizeText, unit] = m;
  if (kind in REFUSED) return refuse(REFUSED[kind]);
  if (!/^[biuf]$/.test(kind) || unit !== undefined || sizeText === '') return refuse('not a dtype string NumPy writes');
  const size = Number(sizeText);
  const ok = kind === 'b' ? size === 1 : kind === 'f' ? size === 2 || size === 4 || size === 8 : size === 1 || size === 2 || size === 4 || size === 8;
  if (!ok) return refuse(kind === 'f' ? `float${size * 8}/longdouble` : `${size}-byte ${NAMES[kind as NpyKind]}`);
  const k = kind as NpyKind;
  return {
    descr,
    kind: k,
    itemsize: size as 1 | 2 | 4 | 8,
    littleEndian: order === '<' ? true : order === '>' ? false : NATIVE_LITTLE, // '|' and '=' (and none) mean native
    name: k === 'b' ? 'bool' : `${NAMES[k]}${size * 8}`,
    output: k === 'b' ? 'bool' : k === 'f' ? 'float32' : 'int32',
  };
}

/** The descr layerspec writes for each output dtype (always little-endian). */
export const WRITE_DESCR: Record<OutputDtype, string> = { float32: '<f4', int32: '<i4', bool: '|b1' };

/** IEEE half -> number, exact (subnormals, +-0, +-inf, nan). */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}
