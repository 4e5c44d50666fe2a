import { Box, Text } from 'ink';
import type { ModelSummary } from '../summary/summary.js';
import { SUMMARY_HEADERS, summaryRows, totalsLines, type SummaryRow } from '../summary/table.js';

export interface SummaryTableProps {
  summary: ModelSummary;
}

/** Keras 3's summary table, drawn with box characters; layer types dimmed, counts right-aligned. */
export function SummaryTable({ summary }: SummaryTableProps) {
  const rows = summaryRows(summary);
  const connected = summary.form === 'functional';
  const firstColumn = (r: SummaryRow) => (r.type ? `${r.layer} (${r.type})` : r.layer);
  const columns = connected ? 4 : 3;
  const cell = (r: SummaryRow) => [firstColumn(r), r.outputShape, r.params, r.connectedTo].slice(0, columns);
  const widths = cell(SUMMARY_HEADERS).map((h, i) => Math.max(h.length, ...rows.map((r) => cell(r)[i].length)));
  const rule = (left: string, mid: string, right: string, fill: string) => left + widths.map((w) => fill.repeat(w + 2)).join(mid) + right;
  const pad = (text: string, i: number) => (i === 2 ? text.padStart(widths[i]) : text.padEnd(widths[i]));

  return (
    <Box flexDirection="column">
      <Text>
        Model: <Text bold>"{summary.name}"</Text>
      </Text>
      <Text>{rule('┏', '┳', '┓', '━')}</Text>
      <Text>
        {'┃ '}
        {cell(SUMMARY_HEADERS).map((h, i) => (
          <Text key={i}>
            <Text bold>{pad(h, i)}</Text>
            {i < columns - 1 ? ' ┃ ' : ' ┃'}
          </Text>
        ))}
      </Text>
      <Text>{rule('┡', '╇', '┩', '━')}</Text>
      {rows.map((r, row) => (
        <Box key={row} flexDirection="column">
          <Text>
            {'│ '}
            <Text>{r.layer}</Text>
            {r.type ? <Text dimColor>{` (${r.type})`}</Text> : null}
            {' '.repeat(widths[0] - firstColumn(r).length)}
            {cell(r)
              .slice(1)
              .map((text, i) => (
                <Text key={i}>
                  {' │ '}
                  {i === 1 ? <Text color="cyan">{pad(text, i + 1)}</Text> : pad(text, i + 1)}
                </Text>
              ))}
            {' │'}
          </Text>
          <Text>{row === rows.length - 1 ? rule('└', '┴', '┘', '─') : rule('├', '┼', '┤', '─')}</Text>
        </Box>
      ))}
      {totalsLines(summary).map((line, i) => (
        <Text key={i} bold={i === 0}>
          {' '}
          {line}
        </Text>
      ))}
    </Box>
  );
}
