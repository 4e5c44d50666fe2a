import { SUMMARY_HEADERS, summaryRows, totalsLines, type SummaryRow } from './table.js';
import type { ModelSummary } from './summary.js';

/**
 * The summary as plain text (stdout not a TTY: logs, pipes, CI). Same columns as the ink table,
 * ruled with ASCII so every terminal and log viewer shows it the same.
 */
export function summaryText(summary: ModelSummary): string {
  const rows = summaryRows(summary);
  const showConnected = summary.form === 'functional';
  const cells = (r: SummaryRow) => [r.type ? `${r.layer} (${r.type})` : r.layer, r.outputShape, r.params, ...(showConnected ? [r.connectedTo] : [])];
  const header = cells(SUMMARY_HEADERS);
  const body = rows.map(cells);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (c: string[]) => c.map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('   ').trimEnd();
  const width = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1);
  const out = [`Model: "${summary.name}"`, '='.repeat(width), line(header), '='.repeat(width)];
  body.forEach((b, i) => {
    out.push(line(b));
    out.push(i === body.length - 1 ? '='.repeat(width) : '-'.repeat(width));
  });
  if (body.length === 0) out.push('='.repeat(width));
  out.push(...totalsLines(summary).map((l) => ` ${l}`));
  return `${out.join('\n')}\n`;
}
