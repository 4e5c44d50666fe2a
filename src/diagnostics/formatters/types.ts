import path from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../diagnostic.js';

/** The problems of one checked file. */
export interface FileResult {
  /** Absolute path of the file. */
  filePath: string;
  diagnostics: Diagnostic[];
}

export interface FormatOptions {
  /** ANSI colour (only on a TTY, never under NO_COLOR). */
  color: boolean;
  /** Paths are shown relative to this directory where a format wants relative paths. */
  cwd: string;
}

/** A formatter is a pure function from results to the text printed on stdout. */
export type Formatter = (results: readonly FileResult[], options: FormatOptions) => string;

/** Message and hint as one sentence pair, for formats that have a single message field. */
export function fullMessage(d: Diagnostic): string {
  if (!d.hint) return d.message;
  const hint = d.hint.charAt(0).toUpperCase() + d.hint.slice(1);
  return `${d.message}. ${hint}${/[.?!]$/.test(hint) ? '' : '.'}`;
}

/**
 * The path CI tools want: relative to `cwd` (the repository root in CI), with forward slashes on
 * every platform. Undefined for a file outside `cwd`, which no repository-relative path can name.
 */
export function repositoryPath(filePath: string, cwd: string): string | undefined {
  const relative = path.relative(cwd, filePath);
  if (!relative || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** The path a CI format prints: repository-relative when it can be, else absolute (forward slashes). */
export function ciPath(filePath: string, cwd: string): string {
  return repositoryPath(filePath, cwd) ?? filePath.split(path.sep).join('/');
}

/**
 * Files by path, each file's problems by position then code, so that the same problems always
 * give the same bytes whatever order the files were found or the checks ran in. Paths compare by
 * code unit, not by locale, for the same reason.
 */
export function sortResults(results: readonly FileResult[]): FileResult[] {
  return [...results]
    .sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0))
    .map((r) => ({ filePath: r.filePath, diagnostics: sortDiagnostics(r.diagnostics) }));
}

/** "1 error", "2 warnings": the counts in summaries. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
