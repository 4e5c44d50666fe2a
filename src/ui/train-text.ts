/**
 * `train` progress as plain text: one line per event for CI logs (Keras-like), one JSON object per
 * line for machines. Pure functions of the events in src/runtime/train-events.ts; the ink view
 * (TrainProgress) shows the same epoch lines.
 */
import { plural } from '../diagnostics/formatters/types.js';
import type { Logs, TrainBatch, TrainEpoch, TrainStart, TrainStop } from '../runtime/train-events.js';

/** A loss or metric value as Keras's progress bar prints it: 4 decimals, tiny values in `1.2346e-05` form, `nan`/`inf` as Python spells them. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0 || Math.abs(value) >= 1e-3) return value.toFixed(4);
  // Python pads the exponent to two digits; JavaScript does not.
  return value.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** `2.1s` under a minute, `3m05s` under an hour, `1h02m` beyond. */
export function formatDuration(ms: number): string {
  if (!(ms >= 0)) return '?';
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Whole samples per second once it is worth it, one decimal below 10 (a slow model on the cpu backend). */
function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return '?';
  return perSecond >= 10 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}

const kerasRank = (name: string) => (name === 'loss' ? 0 : name === 'val_loss' ? 2 : name.startsWith('val_') ? 3 : 1);

/** Names in Keras's order, whatever order the logs were built in: loss, the metrics, val_loss, the val_ metrics. */
function kerasOrder(names: readonly string[]): string[] {
  return names
    .map((name, i) => ({ name, i }))
    .sort((a, b) => kerasRank(a.name) - kerasRank(b.name) || a.i - b.i)
    .map((n) => n.name);
}

/** The logs' names in display order: the start event's order, then (in Keras's order) any name it did not announce. */
function orderedNames(logs: Logs, metrics: readonly string[]): string[] {
  const announced = metrics.filter((name) => name in logs);
  return [...announced, ...kerasOrder(Object.keys(logs).filter((name) => !metrics.includes(name)))];
}

/** `loss: 0.4521 - accuracy: 0.8730 - ...`, in the start event's order. */
function logsText(logs: Logs, metrics: readonly string[]): string {
  return orderedNames(logs, metrics)
    .map((name) => `${name}: ${formatValue(logs[name])}`)
    .join(' - ');
}

/** `Training on 1024 samples, validating on 128 (wasm backend), epochs 1-10, batch 64` */
export function startLine(start: TrainStart): string {
  const validating = start.validationSamples > 0 ? `, validating on ${start.validationSamples}` : '';
  const epochs =
    start.firstEpoch > start.epochs
      ? `no epochs left (${start.epochs} done)`
      : start.firstEpoch === start.epochs
        ? `epoch ${start.epochs}`
        : `epochs ${start.firstEpoch}-${start.epochs}`;
  return `Training on ${plural(start.samples, 'sample')}${validating} (${start.backend} backend), ${epochs}, batch ${start.batchSize}`;
}

/** `Epoch 3/10 - 1024 samples - 2.1s - 488 samples/s - loss: 0.4521 - val_loss: 0.5012 (best)`: one line per finished epoch. */
export function epochLine(e: TrainEpoch, start: TrainStart): string {
  const logs = logsText(e.logs, start.metrics);
  const parts = [`Epoch ${e.epoch}/${e.epochs}`, plural(start.samples, 'sample'), formatDuration(e.elapsedMs), `${formatRate(e.samplesPerSecond)} samples/s`];
  return `${[...parts, ...(logs ? [logs] : [])].join(' - ')}${e.best ? ' (best)' : ''}`;
}

/** What the live view shows for the running epoch besides the bar: `8/16 - ETA 1.0s - 512 samples/s - loss: 0.4521`. */
export function batchText(b: TrainBatch, start: TrainStart): string {
  const parts = [`${b.step}/${b.stepsPerEpoch}`];
  if (b.elapsedMs > 0 && b.step > 0) {
    if (b.step < b.stepsPerEpoch) parts.push(`ETA ${formatDuration(((b.stepsPerEpoch - b.step) * b.elapsedMs) / b.step)}`);
    parts.push(`${formatRate((b.samplesDone * 1000) / b.elapsedMs)} samples/s`);
  }
  const logs = logsText(b.logs, start.metrics);
  return [...parts, ...(logs ? [logs] : [])].join(' - ');
}

const STOP_LABEL: Record<TrainStop['reason'], string> = {
  completed: 'Training finished',
  'early-stopping': 'Early stopping',
  nan: 'Training stopped (NaN)',
  interrupted: 'Training interrupted',
};

/** `Early stopping after epoch 7: val_loss did not improve for 3 epochs` */
export function stopLine(stop: TrainStop): string {
  const where = stop.epoch > 0 ? `after epoch ${stop.epoch}` : stop.reason === 'completed' ? 'with no epoch to run' : 'before the first epoch finished';
  const message = stop.message ?? (stop.reason === 'nan' ? 'the loss is NaN' : undefined);
  return `${STOP_LABEL[stop.reason]} ${where}${message ? `: ${message}` : ''}`;
}

/** The events that have a JSON line; batches have none (a log of every step is noise, and slow). */
export type JsonTrainEvent = TrainStart | TrainEpoch | TrainStop;

const JSON_RESERVED = new Set(['event', 'epoch', 'epochs', 'elapsed_ms', 'samples_per_second', 'best', 'checkpoint']);

/**
 * One JSON object and a newline per event, keys always in this order (absent keys are left out):
 *
 *   {"event":"start","epochs":10,"first_epoch":1,"samples":1024,"validation_samples":128,"batch_size":64,
 *    "steps_per_epoch":16,"backend":"wasm","metrics":["loss","val_loss"]}
 *   {"event":"epoch","epoch":3,"epochs":10,"loss":0.45,"val_loss":0.5,"elapsed_ms":2100,
 *    "samples_per_second":487.6,"best":true,"checkpoint":"runs/pam/epoch-3"}
 *   {"event":"stop","reason":"completed"|"early-stopping"|"nan"|"interrupted","epoch":10,"message":"..."}
 *
 * Epoch lines carry the logs flat by their Keras names (as Keras's CSVLogger does), in Keras's order
 * (loss, metrics, val_loss, val_ metrics, whatever order the runtime built them in); a value that
 * is not finite (NaN, Infinity) is `null`, as JSON has neither. `best` is there only with early
 * stopping; `message` only when the runtime gave one.
 */
export function jsonLine(event: JsonTrainEvent): string {
  return `${JSON.stringify(jsonObject(event))}\n`;
}

function jsonObject(event: JsonTrainEvent): Record<string, unknown> {
  switch (event.kind) {
    case 'start':
      return {
        event: 'start',
        epochs: event.epochs,
        first_epoch: event.firstEpoch,
        samples: event.samples,
        validation_samples: event.validationSamples,
        batch_size: event.batchSize,
        steps_per_epoch: event.stepsPerEpoch,
        backend: event.backend,
        metrics: [...event.metrics],
      };
    case 'epoch': {
      const out: Record<string, unknown> = { event: 'epoch', epoch: event.epoch, epochs: event.epochs };
      // A metric named like one of our keys cannot shadow it; Keras's names never are.
      for (const name of kerasOrder(Object.keys(event.logs))) if (!JSON_RESERVED.has(name)) out[name] = Number.isFinite(event.logs[name]) ? event.logs[name] : null;
      out.elapsed_ms = Math.round(event.elapsedMs);
      out.samples_per_second = Number.isFinite(event.samplesPerSecond) ? Math.round(event.samplesPerSecond * 10) / 10 : null;
      if (event.best !== undefined) out.best = event.best;
      out.checkpoint = event.checkpoint;
      return out;
    }
    case 'stop':
      return { event: 'stop', reason: event.reason, epoch: event.epoch, ...(event.message === undefined ? {} : { message: event.message }) };
  }
}
