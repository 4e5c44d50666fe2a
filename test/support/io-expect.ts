/** Shared by the .npy and .npz reader tests: fixture values and the error a read must fail with. */
import { expect } from 'vitest';
import { NpyError } from '../../src/io/npy-error.js';

/** A fixture manifest's value: a number, or 'nan' / 'inf' / '-inf' (JSON has none of these). */
export const fixtureNumber = (v: number | string): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : (v as number));

/** The NpyError `p` rejects with (fails the test if it resolves or throws anything else). */
export async function npyError(p: Promise<unknown>): Promise<NpyError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(NpyError);
    return e as NpyError;
  }
  throw new Error('expected an NpyError');
}
