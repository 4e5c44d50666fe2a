/** Stable codes for everything that can be wrong with a `.npy` file (or with writing one). */
export type NpyErrorCode =
  | 'npy/io' // the file cannot be opened or read
  | 'npy/magic' // not a .npy file
  | 'npy/version' // a format version other than 1.0, 2.0, 3.0
  | 'npy/header' // the header is too long, not a dict literal, or has missing/extra/ill-typed keys
  | 'npy/dtype' // a dtype layerspec does not read (object, structured, strings, complex, datetime, ...)
  | 'npy/shape' // negative, non-integer or overflowing dimensions; data that does not match a shape
  | 'npy/truncated' // the file ends before the header or the declared data does
  | 'npy/trailing' // bytes after the declared data
  | 'npy/range' // a value that does not fit the output type (int64 beyond int32, float64 beyond float32, ...)
  | 'npy/rows' // a row range outside the first axis, or rows of a 0-d array
  | 'npy/write' // writing failed (nothing is left behind)
  // .npz archives (src/io/npz.ts, zip-*.ts); problems of an entry's .npy content keep their 'npy/...' code
  | 'npz/not-zip' // not a zip archive at all
  | 'npz/corrupt' // a damaged or inconsistent zip: truncated, records that disagree or overlap, invalid deflate data
  | 'npz/crc' // an entry's CRC-32 does not match its data
  | 'npz/encrypted' // an encrypted entry
  | 'npz/method' // a compression method other than stored or deflate
  | 'npz/multi-disk' // a split/spanned archive
  | 'npz/zip64' // zip64 markers without valid zip64 records
  | 'npz/too-many-entries' // more entries than the limit
  | 'npz/too-large' // declared decompressed sizes above the limit
  | 'npz/entry-name' // an entry name that is not a plain NAME.npy (a path, a non-.npy file, undecodable bytes)
  | 'npz/duplicate'; // two entries with the same name

/** Every failure of src/io/npy-*, npz and zip-*: a stable `code`, the file name, and a message that says what to do. */
export class NpyError extends Error {
  override readonly name = 'NpyError';
  constructor(
    readonly code: NpyErrorCode,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
  }
}

const RESAVE = 're-save the array with numpy.save(path, a)';

/** What to do about an error of this kind, where its message does not say it already (the npz/ ones do). */
const HINTS: Partial<Record<NpyErrorCode, string>> = {
  'npy/io': 'check the path',
  'npy/magic': RESAVE,
  'npy/version': RESAVE,
  'npy/header': RESAVE,
  'npy/shape': RESAVE,
  'npy/truncated': `the file is incomplete: ${RESAVE}`,
  'npy/trailing': `bytes were appended: ${RESAVE}`,
  'npy/dtype': 'convert it to a numeric type first, e.g. numpy.save(path, a.astype(numpy.float32))',
  'npy/write': 'choose another place for the output (one you can write to)',
  'npy/range': 'convert the values to a type that holds them, e.g. a.astype(numpy.float32)',
};

export function npyErrorHint(error: NpyError): string | undefined {
  return HINTS[error.code];
}
