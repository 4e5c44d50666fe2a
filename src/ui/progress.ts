/**
 * A one-line progress bar for long batch jobs on a terminal (`predict`), redrawn in place with
 * `\r`. A pure function of its props: the command decides when and where to draw it.
 */

export interface ProgressProps {
  label: string;
  done: number;
  total: number;
  elapsedMs: number;
  /** Terminal width in columns. */
  columns?: number;
}

const formatDuration = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};

export function progressLine({ label, done, total, elapsedMs, columns = 80 }: ProgressProps): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta = rate > 0 && done < total ? ` eta ${formatDuration(((total - done) / rate) * 1000)}` : '';
  const stats = ` ${String(Math.floor(fraction * 100)).padStart(3)}% ${done}/${total} ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s${eta}`;
  const width = Math.max(10, Math.min(40, columns - label.length - stats.length - 3));
  const filled = Math.round(fraction * width);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${stats}`;
}
