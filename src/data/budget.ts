import { formatShape } from '../io/npy-header.js';
import type { DataProblem } from './contract.js';
import type { GivenData } from './sources.js';

/**
 * The input-bytes budget (budget/defaults.ts says why): the sizes the data files of one command
 * declare in their headers, summed and checked before a single row is read.
 */

export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} bytes` : `${value.toFixed(1)} ${units[unit]} (${n} bytes)`;
}

/** One problem, at the largest file, when the files together declare more than `maxBytes`. */
export function inputBudgetProblems(given: readonly GivenData[], maxBytes: number): DataProblem[] {
  if (given.length === 0) return [];
  const total = given.reduce((n, g) => n + g.header.dataBytes, 0);
  if (total <= maxBytes) return [];
  const largest = given.reduce((a, b) => (b.header.dataBytes > a.header.dataBytes ? b : a));
  const what = `${largest.header.dtype.name} ${formatShape(largest.header.shape)}`;
  const declared = given.length > 1
    ? `the data files declare ${formatBytes(total)} together (the largest, ${largest.file}: ${formatBytes(largest.header.dataBytes)}, ${what})`
    : `${largest.file} declares ${formatBytes(total)} (${what})`;
  return [{
    code: 'data/too-large',
    input: largest.input,
    file: largest.file,
    message: `${declared}, more than the budget of ${formatBytes(maxBytes)}`,
    hint: 'give fewer samples (a slice of the array), or raise the budget with --max-input-bytes N',
  }];
}
