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
  | 'npy/write'; // writing failed (nothing is left behind)

/** Every failure of src/io/npy-*: a stable `code`, the file name, and a message that says what to do. */
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
