import path from 'node:path';
import { countBySeverity } from '../diagnostic.js';
import { styles } from './ansi.js';
import { printable } from './printable.js';
import type { Formatter } from './types.js';

/**
 * ESLint's default look: the file, then one aligned row per problem (line:column, severity,
 * message, code) with the hint below it, then a total. Empty when there is nothing to say.
 */
export const stylish: Formatter = (results, { color, cwd }) => {
  const s = styles(color);
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    if (result.diagnostics.length === 0) continue;
    const counts = countBySeverity(result.diagnostics);
    errors += counts.errors;
    warnings += counts.warnings;
    out.push('', s.underline(printable(displayPath(result.filePath, cwd))));
    const rows = result.diagnostics.map((d) => ({
      position: d.range ? `${d.range.line}:${d.range.column}` : '-', // a whole-file problem (a data file, a file too large)
      severity: d.severity,
      message: printable(d.message),
      code: d.code,
      hint: d.hint === undefined ? undefined : printable(d.hint),
    }));
    // (reduce, not Math.max(...): a file can have more problems than a call takes arguments)
    const width = rows.reduce((w, r) => Math.max(w, r.position.length), 0);
    const severityWidth = rows.reduce((w, r) => Math.max(w, r.severity.length), 0);
    for (const r of rows) {
      const severity = r.severity === 'error' ? s.red(r.severity.padEnd(severityWidth)) : s.yellow(r.severity.padEnd(severityWidth));
      out.push(`  ${s.dim(r.position.padStart(width))}  ${severity}  ${r.message}  ${s.dim(r.code)}`);
      if (r.hint) out.push(`  ${' '.repeat(width)}  ${' '.repeat(severityWidth)}  ${s.dim(`hint: ${r.hint}`)}`);
    }
  }
  const total = errors + warnings;
  if (total === 0) return '';
  const summary = `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
  out.push('', errors > 0 ? s.red(s.bold(summary)) : s.yellow(s.bold(summary)), '');
  return out.join('\n');
};

function displayPath(filePath: string, cwd: string): string {
  const relative = path.relative(cwd, filePath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : filePath;
}
