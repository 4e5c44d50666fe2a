import fs from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import type { TrainBatch, TrainEpoch, TrainEvent, TrainStart, TrainStop } from '../../src/runtime/train-events.js';
import { BATCH_REDRAW_MS, trainRenderer, type TrainRenderMode } from '../../src/ui/train-renderer.js';
import { TrainProgress } from '../../src/ui/TrainProgress.js';
import { epochLine, startLine } from '../../src/ui/train-text.js';

// In CI (CI or CONTINUOUS_INTEGRATION set when ink loads) ink draws only the final frame; these
// tests are about live redraws, so ink runs here as on a developer's terminal.
const ciEnv = vi.hoisted(() => {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
  process.env.CI = 'false';
  process.env.CONTINUOUS_INTEGRATION = 'false';
  return saved;
});
afterAll(() => {
  for (const [key, value] of Object.entries(ciEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const start: TrainStart = {
  kind: 'start',
  epochs: 10,
  firstEpoch: 1,
  samples: 256,
  validationSamples: 64,
  batchSize: 32,
  stepsPerEpoch: 8,
  backend: 'wasm',
  metrics: ['loss', 'mae', 'val_loss'],
};

const epoch = (n: number, loss: number, valLoss: number, best?: boolean): TrainEpoch => ({
  kind: 'epoch',
  epoch: n,
  epochs: 10,
  logs: { loss, mae: loss / 2, val_loss: valLoss },
  elapsedMs: 800,
  samplesPerSecond: 320,
  checkpoint: `runs/m/epoch-${n}`,
  ...(best === undefined ? {} : { best }),
});

const batch: TrainBatch = { kind: 'batch', epoch: 3, step: 4, stepsPerEpoch: 8, samplesDone: 128, logs: { loss: 0.5, mae: 0.25 }, elapsedMs: 400 };

// With nothing live below them, the written-once lines end in a newline: no line of its own.
const frameLines = (element: ReactElement) => stripVTControlCharacters(render(element).lastFrame() ?? '').replace(/\n$/, '').split('\n');

describe('TrainProgress', () => {
  it('mid-epoch: the finished epochs, the live bar, the loss sparklines', () => {
    const finished = [epoch(1, 0.9, 1.0), epoch(2, 0.6, 0.7)];
    expect(frameLines(<TrainProgress start={start} finished={finished} current={batch} columns={100} />)).toEqual([
      'Training on 256 samples, validating on 64 (wasm backend), epochs 1-10, batch 32',
      'Epoch 1/10 - 256 samples - 0.8s - 320 samples/s - loss: 0.9000 - mae: 0.4500 - val_loss: 1.0000',
      'Epoch 2/10 - 256 samples - 0.8s - 320 samples/s - loss: 0.6000 - mae: 0.3000 - val_loss: 0.7000',
      `Epoch 3/10 ${'█'.repeat(14)}${'░'.repeat(14)} 4/8 - ETA 0.4s - 320 samples/s - loss: 0.5000 - mae: 0.2500`,
      'loss     █▁ 0.9000 → 0.6000',
      'val_loss █▁ 1.0000 → 0.7000',
    ]);
  });

  it('fits the bar to the width it is given', () => {
    const narrow = frameLines(<TrainProgress start={start} finished={[]} current={{ ...batch, epoch: 1, step: 2 }} columns={60} />);
    expect(narrow).toEqual([startLine(start), `Epoch 1/10 ${'█'.repeat(3)}${'░'.repeat(7)} 2/8 - ETA 1.2s - 320 samples/s - loss: 0.5000 - mae: 0.2500`]);
  });

  it('a finished run: every epoch line, no bar, the sparklines and the stop line', () => {
    const finished = [1.0, 0.8, 0.5, 0.4, 0.35].map((loss, i) => epoch(i + 1, loss, loss + 0.1));
    const lines = frameLines(<TrainProgress start={start} finished={finished} current={batch} stop={{ kind: 'stop', reason: 'completed', epoch: 5 }} />);
    expect(lines).toEqual([
      'Training on 256 samples, validating on 64 (wasm backend), epochs 1-10, batch 32',
      ...finished.map((e) => epochLine(e, start)),
      'loss     █▆▃▂▁ 1.0000 → 0.3500',
      'val_loss █▆▃▂▁ 1.1000 → 0.4500',
      'Training finished after epoch 5',
    ]);
    expect(lines[1]).toBe('Epoch 1/10 - 256 samples - 0.8s - 320 samples/s - loss: 1.0000 - mae: 0.5000 - val_loss: 1.1000');
  });

  it('early stopping: the best epochs marked, why it stopped', () => {
    const lossOnly = (n: number, loss: number, valLoss: number, best: boolean): TrainEpoch => ({ ...epoch(n, loss, valLoss, best), logs: { loss, val_loss: valLoss } });
    const finished = [lossOnly(1, 0.9, 0.8, true), lossOnly(2, 0.7, 0.6, true), lossOnly(3, 0.6, 0.65, false), lossOnly(4, 0.5, 0.72, false)];
    const lines = frameLines(
      <TrainProgress start={{ ...start, metrics: ['loss', 'val_loss'] }} finished={finished} stop={{ kind: 'stop', reason: 'early-stopping', epoch: 4, message: 'val_loss did not improve for 2 epochs; best was epoch 2' }} />,
    );
    expect(lines.slice(1)).toEqual([
      'Epoch 1/10 - 256 samples - 0.8s - 320 samples/s - loss: 0.9000 - val_loss: 0.8000 (best)',
      'Epoch 2/10 - 256 samples - 0.8s - 320 samples/s - loss: 0.7000 - val_loss: 0.6000 (best)',
      'Epoch 3/10 - 256 samples - 0.8s - 320 samples/s - loss: 0.6000 - val_loss: 0.6500',
      'Epoch 4/10 - 256 samples - 0.8s - 320 samples/s - loss: 0.5000 - val_loss: 0.7200',
      'loss     █▄▃▁ 0.9000 → 0.5000',
      'val_loss █▁▃▅ 0.8000 → 0.7200',
      'Early stopping after epoch 4: val_loss did not improve for 2 epochs; best was epoch 2',
    ]);
  });

  it('a NaN stop: nan in the epoch line, ! in the sparkline, the bar gone', () => {
    const finished = [epoch(1, 0.9, 1.0), epoch(2, 0.6, 0.7), epoch(3, NaN, NaN)];
    const lines = frameLines(
      <TrainProgress start={start} finished={finished} current={{ ...batch, epoch: 4, logs: { loss: NaN } }} stop={{ kind: 'stop', reason: 'nan', epoch: 3, message: 'loss is NaN at epoch 4, step 4' }} />,
    );
    expect(lines.slice(3)).toEqual([
      'Epoch 3/10 - 256 samples - 0.8s - 320 samples/s - loss: nan - mae: nan - val_loss: nan',
      'loss     █▁! 0.9000 → nan',
      'val_loss █▁! 1.0000 → nan',
      'Training stopped (NaN) after epoch 3: loss is NaN at epoch 4, step 4',
    ]);
  });

  it('shows no sparkline before two epochs, and none for val_loss without validation', () => {
    const trainOnly: TrainStart = { ...start, validationSamples: 0, metrics: ['loss'] };
    const one = (n: number, loss: number): TrainEpoch => ({ ...epoch(n, loss, 0), logs: { loss } });
    expect(frameLines(<TrainProgress start={trainOnly} finished={[one(1, 2)]} />)).toEqual([startLine(trainOnly), epochLine(one(1, 2), trainOnly)]);
    expect(frameLines(<TrainProgress start={trainOnly} finished={[one(1, 2), one(2, 1)]} />).slice(3)).toEqual(['loss █▁ 2.0000 → 1.0000']);
  });

  it('keeps the epoch lines already written when it is drawn again with more', () => {
    const instance = render(<TrainProgress start={start} finished={[epoch(1, 0.9, 1.0)]} current={batch} />);
    instance.rerender(<TrainProgress start={start} finished={[epoch(1, 0.9, 1.0), epoch(2, 0.6, 0.7)]} />);
    const lines = stripVTControlCharacters(instance.lastFrame() ?? '').split('\n');
    expect(lines.filter((l) => l.startsWith('Epoch 1/10 -'))).toHaveLength(1);
    expect(lines.slice(0, 3)).toEqual([startLine(start), epochLine(epoch(1, 0.9, 1.0), start), epochLine(epoch(2, 0.6, 0.7), start)]);
    expect(lines.some((l) => l.includes('░'))).toBe(false);
  });
});

// trainRenderer: what reaches stdout and stderr in each mode, for a three-epoch run.

const runStart: TrainStart = {
  kind: 'start',
  epochs: 3,
  firstEpoch: 1,
  samples: 64,
  validationSamples: 16,
  batchSize: 32,
  stepsPerEpoch: 2,
  backend: 'cpu',
  metrics: ['loss', 'accuracy', 'val_loss'],
};
const runBatch = (epoch: number, step: number, loss: number): TrainBatch => ({
  kind: 'batch',
  epoch,
  step,
  stepsPerEpoch: 2,
  samplesDone: step * 32,
  logs: { loss, accuracy: 0.5 },
  elapsedMs: step * 250,
});
const runEpoch = (n: number, loss: number, accuracy: number, valLoss: number): TrainEpoch => ({
  kind: 'epoch',
  epoch: n,
  epochs: 3,
  logs: { loss, accuracy, val_loss: valLoss },
  elapsedMs: 500,
  samplesPerSecond: 128,
  checkpoint: `runs/m/epoch-${n}`,
});
const completed: TrainStop = { kind: 'stop', reason: 'completed', epoch: 3 };
const run = (stop: TrainStop = completed): TrainEvent[] => [
  runStart,
  runBatch(1, 1, 0.9),
  runBatch(1, 2, 0.8),
  runEpoch(1, 0.8, 0.6, 0.85),
  runBatch(2, 1, 0.7),
  runBatch(2, 2, 0.6),
  runEpoch(2, 0.55, 0.7, 0.6),
  runBatch(3, 1, 0.5),
  runBatch(3, 2, 0.4),
  runEpoch(3, 0.4, 0.8, 0.45),
  stop,
];

function fakeIO(options: { tty: boolean; env?: NodeJS.ProcessEnv; columns?: number }) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIO = {
    stdout: { write: (text: string) => stdout.push(text), isTTY: options.tty, columns: options.columns ?? 100 },
    stderr: { write: (text: string) => stderr.push(text), isTTY: options.tty },
    env: options.env ?? {},
    cwd: '/',
  };
  return { io, stdout, stderr };
}

/** Feeds the events to a renderer in this mode and lets it finish. */
async function replay(io: CliIO, mode: TrainRenderMode, events: TrainEvent[]) {
  const renderer = trainRenderer(io, mode);
  for (const e of events) renderer.onEvent(e);
  await renderer.finish();
  return renderer;
}

/**
 * What a terminal shows after these writes: text, newlines, and the few escapes ink's redraw uses
 * (erase line, cursor up, cursor to column); the others (colours, cursor visibility) move no text.
 */
function screen(output: string): string[] {
  const lines = [''];
  let row = 0;
  let col = 0;
  for (const m of output.matchAll(/\x1b\[([?\d;]*)([A-Za-z])|\x1b\][^\x07]*\x07|([\s\S])/gu)) {
    const [, arg, command, char] = m;
    if (char === '\n') {
      row += 1;
      col = 0;
      if (row === lines.length) lines.push('');
    } else if (char === '\r') col = 0;
    else if (char !== undefined) {
      const line = lines[row].padEnd(col);
      lines[row] = line.slice(0, col) + char + line.slice(col + 1);
      col += 1;
    } else if (command === 'K') lines[row] = arg === '2' ? '' : lines[row].slice(0, col);
    else if (command === 'A') row = Math.max(0, row - Number(arg || 1));
    else if (command === 'G') col = Number(arg || 1) - 1;
  }
  return lines;
}

describe('trainRenderer', () => {
  it('plain lines when stdout is not a terminal: start, one per epoch, stop; nothing per batch', async () => {
    const { io, stdout, stderr } = fakeIO({ tty: false });
    await replay(io, 'auto', run());
    expect(stdout.join('')).toBe(
      [
        'Training on 64 samples, validating on 16 (cpu backend), epochs 1-3, batch 32',
        'Epoch 1/3 - 64 samples - 0.5s - 128 samples/s - loss: 0.8000 - accuracy: 0.6000 - val_loss: 0.8500',
        'Epoch 2/3 - 64 samples - 0.5s - 128 samples/s - loss: 0.5500 - accuracy: 0.7000 - val_loss: 0.6000',
        'Epoch 3/3 - 64 samples - 0.5s - 128 samples/s - loss: 0.4000 - accuracy: 0.8000 - val_loss: 0.4500',
        'Training finished after epoch 3',
        '',
      ].join('\n'),
    );
    expect(stderr).toEqual([]);
  });

  it('plain lines on a terminal too when colour is off (NO_COLOR, TERM=dumb) or its width unknown', async () => {
    for (const options of [{ env: { NO_COLOR: '1' } }, { env: { TERM: 'dumb' } }, { columns: 0 }]) {
      const { io, stdout } = fakeIO({ tty: true, ...options });
      await replay(io, 'auto', run());
      expect(stdout).toHaveLength(5);
      expect(stdout.join('')).not.toContain('\x1b');
    }
  });

  it('--json: one object per start, epoch and stop on stdout, and nothing else anywhere', async () => {
    const { io, stdout, stderr } = fakeIO({ tty: true });
    await replay(io, 'json', run({ kind: 'stop', reason: 'nan', epoch: 3, message: 'loss is NaN' }));
    expect(stdout.join('')).toBe(
      [
        '{"event":"start","epochs":3,"first_epoch":1,"samples":64,"validation_samples":16,"batch_size":32,"steps_per_epoch":2,"backend":"cpu","metrics":["loss","accuracy","val_loss"]}',
        '{"event":"epoch","epoch":1,"epochs":3,"loss":0.8,"accuracy":0.6,"val_loss":0.85,"elapsed_ms":500,"samples_per_second":128,"checkpoint":"runs/m/epoch-1"}',
        '{"event":"epoch","epoch":2,"epochs":3,"loss":0.55,"accuracy":0.7,"val_loss":0.6,"elapsed_ms":500,"samples_per_second":128,"checkpoint":"runs/m/epoch-2"}',
        '{"event":"epoch","epoch":3,"epochs":3,"loss":0.4,"accuracy":0.8,"val_loss":0.45,"elapsed_ms":500,"samples_per_second":128,"checkpoint":"runs/m/epoch-3"}',
        '{"event":"stop","reason":"nan","epoch":3,"message":"loss is NaN"}',
        '',
      ].join('\n'),
    );
    expect(stdout.map((line) => JSON.parse(line).event)).toEqual(['start', 'epoch', 'epoch', 'epoch', 'stop']);
    expect(stderr).toEqual([]);
  });

  it('--quiet: silent on success, the stop line on stderr when the run ends badly', async () => {
    for (const [stop, expected] of [
      [completed, []],
      [{ kind: 'stop', reason: 'early-stopping', epoch: 2, message: 'val_loss did not improve' }, []],
      [{ kind: 'stop', reason: 'nan', epoch: 2, message: 'loss is NaN at epoch 3, step 1' }, ['Training stopped (NaN) after epoch 2: loss is NaN at epoch 3, step 1\n']],
      [{ kind: 'stop', reason: 'interrupted', epoch: 1 }, ['Training interrupted after epoch 1\n']],
    ] as const) {
      const { io, stdout, stderr } = fakeIO({ tty: true });
      await replay(io, 'quiet', run(stop));
      expect(stdout).toEqual([]);
      expect(stderr).toEqual(expected);
    }
  });

  it('on a terminal: a live view that ends with every epoch line, the sparklines and the stop line on screen', async () => {
    const { io, stdout, stderr } = fakeIO({ tty: true });
    const renderer = await replay(io, 'auto', run());
    // A second finish() (a command's finally after its own) changes nothing and returns.
    await renderer.finish();
    expect(screen(stdout.join(''))).toEqual([
      startLine(runStart),
      ...run().flatMap((e) => (e.kind === 'epoch' ? [epochLine(e, runStart)] : [])),
      'loss     █▄▁ 0.8000 → 0.4000',
      'val_loss █▄▁ 0.8500 → 0.4500',
      'Training finished after epoch 3',
      '',
    ]);
    expect(stderr).toEqual([]);
    // Written once each, however often the view was redrawn.
    expect(stdout.join('').split('Epoch 2/3 - ').length - 1).toBe(1);
  });

  it('on a terminal: batches redraw the bar at most every 100 ms, the newest one drawn last', async () => {
    const { io, stdout } = fakeIO({ tty: true });
    const renderer = trainRenderer(io, 'auto');
    const steps = 300;
    const tick = () => new Promise((resolve) => setTimeout(resolve, 1));
    renderer.onEvent({ ...runStart, stepsPerEpoch: steps });
    // ink loads on the first event; then the start line is on screen.
    while (stdout.length === 0) await tick();
    const began = performance.now();
    for (let step = 1; step <= steps; step += 1) {
      renderer.onEvent({ ...runBatch(1, step, 1 / step), stepsPerEpoch: steps });
      await tick();
    }
    const spent = performance.now() - began;
    await new Promise((resolve) => setTimeout(resolve, BATCH_REDRAW_MS + 50));
    const bars = stdout.filter((text) => text.includes(`/${steps} - `));
    // One draw per 100 ms at most (ink alone would draw 30 a second), the newest batch last.
    expect(bars.length).toBeGreaterThanOrEqual(2);
    expect(bars.length).toBeLessThanOrEqual(2 + Math.floor(spent / BATCH_REDRAW_MS));
    expect(screen(stdout.join('')).find((line) => line.startsWith('Epoch 1/3 '))).toContain(` ${steps}/${steps} - `);
    renderer.onEvent({ kind: 'stop', reason: 'interrupted', epoch: 0 });
    await renderer.finish();
    expect(screen(stdout.join('')).filter((line) => line !== '')).toEqual([startLine(runStart), 'Training interrupted before the first epoch finished']);
  });

  it('loads ink and react only for the live view: the plain, json and quiet paths import neither', () => {
    const valueImports = (file: string) =>
      [...fs.readFileSync(new URL(`../../src/ui/${file}`, import.meta.url), 'utf8').matchAll(/^import (?!type )[^;]*? from '([^']+)';/gm)].map((m) => m[1]);
    for (const file of ['train-renderer.ts', 'train-text.ts', 'sparkline.ts']) {
      expect(valueImports(file).filter((spec) => /^(ink|react)(\/|$)|TrainProgress/.test(spec))).toEqual([]);
    }
    expect(valueImports('TrainProgress.tsx')).toContain('ink');
  });

  it('on a terminal, stopped before the start event: still says why', async () => {
    const { io, stdout } = fakeIO({ tty: true });
    const renderer = trainRenderer(io, 'auto');
    renderer.onEvent({ kind: 'stop', reason: 'interrupted', epoch: 0, message: 'SIGINT while reading the data' });
    await renderer.finish();
    expect(stdout.join('')).toBe('Training interrupted before the first epoch finished: SIGINT while reading the data\n');
  });
});
