import { Box, Static, Text } from 'ink';
import type { TrainBatch, TrainEpoch, TrainStart, TrainStop } from '../runtime/train-events.js';
import { NOT_FINITE, sparkline } from './sparkline.js';
import { batchText, epochLine, formatValue, startLine, stopLine } from './train-text.js';

export interface TrainProgressProps {
  start: TrainStart;
  /** The epochs that have finished, in order. */
  finished: readonly TrainEpoch[];
  /** The latest batch of the running epoch; absent between epochs and once stopped. */
  current?: TrainBatch;
  stop?: TrainStop;
  /** Terminal width, for the bar and the sparklines. */
  columns?: number;
}

const STOP_COLOR: Record<TrainStop['reason'], string> = { completed: 'green', 'early-stopping': 'yellow', nan: 'red', interrupted: 'red' };

/**
 * `train` on a terminal: the start line and one line per finished epoch (written once, above the
 * rest, so a long run scrolls like a log), then a live bar for the running epoch, a sparkline of the
 * loss (and val_loss) over the finished epochs, and why training stopped.
 */
export function TrainProgress({ start, finished, current, stop, columns = 80 }: TrainProgressProps) {
  // <Static> writes each line once: a run of 500 epochs never redraws 500 lines per batch.
  const lines: { text: string; best?: boolean }[] = [{ text: startLine(start) }, ...finished.map((e) => ({ text: epochLine(e, start), best: e.best === true }))];
  // An epoch without the value (no validation that epoch) is left out, not drawn as a NaN.
  const series = ['loss', 'val_loss']
    .map((name) => ({ name, values: finished.filter((e) => name in e.logs).map((e) => e.logs[name]) }))
    .filter((s) => s.values.length > 0);

  return (
    <Box flexDirection="column">
      <Static items={lines}>
        {(line, i) => (
          <Text key={i} color={line.best ? 'green' : undefined}>
            {line.text}
          </Text>
        )}
      </Static>
      {current && !stop ? <EpochBar start={start} batch={current} columns={columns} /> : null}
      {finished.length >= 2 ? <LossSparklines series={series} columns={columns} /> : null}
      {stop ? <Text color={STOP_COLOR[stop.reason]}>{stopLine(stop)}</Text> : null}
    </Box>
  );
}

function EpochBar({ start, batch, columns }: { start: TrainStart; batch: TrainBatch; columns: number }) {
  const label = `Epoch ${batch.epoch}/${start.epochs} `;
  const text = ` ${batchText(batch, start)}`;
  // The bar takes what the line leaves, within 10..30 cells; a long metric list wraps below it.
  const width = Math.max(10, Math.min(30, columns - label.length - text.length - 1));
  const fraction = batch.stepsPerEpoch > 0 ? Math.min(1, batch.step / batch.stepsPerEpoch) : 1;
  const filled = Math.round(fraction * width);
  return (
    <Text>
      {label}
      <Text color="cyan">{'█'.repeat(filled)}</Text>
      <Text dimColor>{'░'.repeat(width - filled)}</Text>
      {text}
    </Text>
  );
}

function LossSparklines({ series, columns }: { series: { name: string; values: number[] }[]; columns: number }) {
  const nameWidth = Math.max(...series.map((s) => s.name.length));
  return (
    <Box flexDirection="column">
      {series.map(({ name, values }) => {
        const ends = `${formatValue(values[0])} → ${formatValue(values[values.length - 1])}`;
        const width = Math.max(8, columns - nameWidth - ends.length - 3);
        const line = sparkline(values, width);
        return (
          <Text key={name}>
            {name.padEnd(nameWidth)} <Text color={line.includes(NOT_FINITE) ? 'red' : 'cyan'}>{line}</Text> {ends}
          </Text>
        );
      })}
    </Box>
  );
}
