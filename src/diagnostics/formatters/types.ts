import type { Diagnostic } from '../diagnostic.js';

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
