import fs from 'node:fs';
import path from 'node:path';
import { analyzeSource, type Analysis, type AnalysisBudgets } from '../analyze.js';
import type { Registry } from '../layers/registry.js';
import { MAX_FILE_BYTES, tooLargeDiagnostic } from '../spec/load-yaml.js';
import { UsageError } from './io.js';

/** Reads and analyses one model file; an unreadable path is a usage error (exit 2). */
export function analyzeFile(file: string, cwd: string, registry?: Registry, budgets?: AnalysisBudgets): Analysis {
  return readModelFile(file, cwd, registry, budgets).analysis;
}

/** analyzeFile, with the bytes it analysed (none when the file was too large to read). */
export function readModelFile(file: string, cwd: string, registry?: Registry, budgets?: AnalysisBudgets): { analysis: Analysis; bytes?: Uint8Array } {
  if (file.trim() === '') throw new UsageError("an empty path ('') was given for the model file", 'check the variable or quoting that should hold the file name');
  const absolute = path.resolve(cwd, file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    throw new UsageError(`cannot read '${file}': no such file`, 'check the path');
  }
  if (stat.isDirectory()) throw new UsageError(`'${file}' is a directory, not a model file`, 'name a .yaml file');
  // A FIFO would block the read forever and a device (/dev/zero) never ends.
  if (!stat.isFile()) throw new UsageError(`'${file}' is not a regular file (a pipe, device or socket)`, 'name a saved .yaml file');
  if (stat.size > MAX_FILE_BYTES) return { analysis: { file: absolute, diagnostics: [tooLargeDiagnostic(absolute, stat.size)] } };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(absolute);
  } catch (error) {
    throw new UsageError(`cannot read '${file}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return { analysis: analyzeSource(bytes, absolute, registry, budgets), bytes };
}
