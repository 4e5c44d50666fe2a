import { countBySeverity, type Diagnostic } from '../diagnostic.js';
import type { Formatter } from './types.js';
import { ciPath, plural, sortResults } from './types.js';
import { printable } from './printable.js';

/** Annotations GitHub shows per step and per severity. */
const ANNOTATION_CAP = 10;

/**
 * GitHub Actions workflow commands, one `::error`/`::warning` line per problem, which the runner
 * turns into annotations on the pull request's diff.
 *
 * GitHub shows at most 10 error and 10 warning annotations per step (50 per job) and drops the
 * rest silently. Every command is printed anyway (which ones to keep is GitHub's choice), then a
 * plain summary line with the true totals, and a pointer to the plain format when the cap was
 * exceeded, so that no problem goes unmentioned.
 */
export const github: Formatter = (results, { cwd }) => {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let files = 0;
  for (const result of sortResults(results)) {
    if (result.diagnostics.length === 0) continue;
    files++;
    const counts = countBySeverity(result.diagnostics);
    errors += counts.errors;
    warnings += counts.warnings;
    const file = ciPath(result.filePath, cwd);
    for (const d of result.diagnostics) lines.push(command(d, file));
  }
  const total = errors + warnings;
  if (total === 0) return '';
  lines.push(`layerspec: ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${plural(files, 'file')}`);
  if (errors > ANNOTATION_CAP || warnings > ANNOTATION_CAP) {
    lines.push(`layerspec: GitHub annotates only ${ANNOTATION_CAP} errors and ${ANNOTATION_CAP} warnings per step; run 'layerspec check' without --format github to list every problem`);
  }
  return `${lines.join('\n')}\n`;
};

function command(d: Diagnostic, file: string): string {
  const properties: [string, string | number][] = [['file', printable(file, true)]];
  if (d.range) {
    properties.push(['line', d.range.line], ['endLine', d.range.endLine]);
    // GitHub takes columns only on an annotation within one line.
    if (d.range.endLine === d.range.line) properties.push(['col', d.range.column], ['endColumn', d.range.endColumn]);
  }
  properties.push(['title', d.code]);
  const message = printable(d.hint ? `${d.message}\nhint: ${d.hint}` : d.message, true);
  return `::${d.severity} ${properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',')}::${escapeData(message)}`;
}

/**
 * GitHub's escaping (as @actions/core does it): a newline in a message would end the command and
 * let the rest of the line start a command of its own (`\n::error::...`), so CR and LF are
 * encoded, and `%` first so that the encoding itself is unambiguous.
 */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** In a property `:` would end the property list and `,` start a new property. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
