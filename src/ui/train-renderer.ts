/**
 * Shows `train`'s events as the run goes. Where the output goes:
 *
 * - Progress is the report of the run, so it goes to **stdout**, as Keras prints it: `train > log`
 *   and `train | tee log` keep it, and whether stdout is a terminal decides live view vs plain lines.
 * - `json`: stdout gets only the JSON lines (one per start, epoch and stop), so it can be piped to a
 *   parser; the command's own errors stay on stderr.
 * - `quiet`: nothing on stdout; a run that ends badly (NaN, interrupted) says so on **stderr**.
 *
 * The command must call `finish()` before it writes anything else to stdout: on a terminal the live
 * view owns the lines below its last output until then.
 */
import { EventEmitter } from 'node:events';
import type { Instance } from 'ink';
import type { CliIO } from '../cli/io.js';
import { wantsColor } from '../diagnostics/formatters/ansi.js';
import type { TrainBatch, TrainEpoch, TrainEvent, TrainStart, TrainStop } from '../runtime/train-events.js';
import { epochLine, jsonLine, startLine, stopLine } from './train-text.js';

export type TrainRenderMode = 'auto' | 'json' | 'quiet';

export interface TrainRenderer {
  onEvent(e: TrainEvent): void;
  /** Draws the last state and lets go of the terminal; resolves once everything is written. */
  finish(): Promise<void>;
}

/** Batch events redraw the live view at most this often: a small model runs thousands of steps a second. */
export const BATCH_REDRAW_MS = 100;

export function trainRenderer(io: CliIO, mode: TrainRenderMode): TrainRenderer {
  if (mode === 'json') return jsonRenderer(io);
  if (mode === 'quiet') return quietRenderer(io);
  // NO_COLOR or TERM=dumb on a terminal also get the plain lines: the live view needs cursor movement.
  // So does a terminal of no known width (a pty some CI containers allocate): ink would lay out in 0 columns.
  if (io.stdout.isTTY === true && wantsColor(io.stdout, io.env) && (io.stdout.columns ?? 0) > 0) return liveRenderer(io);
  return plainRenderer(io);
}

function jsonRenderer(io: CliIO): TrainRenderer {
  return {
    onEvent(e) {
      if (e.kind !== 'batch') io.stdout.write(jsonLine(e));
    },
    finish: async () => {},
  };
}

function quietRenderer(io: CliIO): TrainRenderer {
  return {
    onEvent(e) {
      if (e.kind === 'stop' && (e.reason === 'nan' || e.reason === 'interrupted')) io.stderr.write(`${stopLine(e)}\n`);
    },
    finish: async () => {},
  };
}

/** A CI log: the start line, a line per epoch, the stop line; nothing per batch. */
function plainRenderer(io: CliIO): TrainRenderer {
  let start: TrainStart | undefined;
  return {
    onEvent(e) {
      if (e.kind === 'start') {
        start = e;
        io.stdout.write(`${startLine(e)}\n`);
      } else if (e.kind === 'epoch' && start) io.stdout.write(`${epochLine(e, start)}\n`);
      else if (e.kind === 'stop') io.stdout.write(`${stopLine(e)}\n`);
    },
    finish: async () => {},
  };
}

/** The state TrainProgress draws; one run per renderer. */
interface LiveState {
  start?: TrainStart;
  finished: TrainEpoch[];
  current?: TrainBatch;
  stop?: TrainStop;
}

/** ink on the terminal, loaded only here: a CI log never pays for ink and react. */
function liveRenderer(io: CliIO): TrainRenderer {
  const state: LiveState = { finished: [] };
  const stream = inkStream(io.stdout);
  const loading = Promise.all([import('ink'), import('react'), import('./TrainProgress.js')]);
  // A failed import is reported by finish(); until then it must not be an unhandled rejection.
  loading.catch(() => {});
  let instance: Instance | undefined;
  let lastDraw = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  let queued: Promise<void> | undefined;
  let done = false;
  let finishing: Promise<void> | undefined;

  const draw = async () => {
    const [{ render }, React, { TrainProgress }] = await loading;
    queued = undefined;
    if (!state.start || done) return;
    const element = React.createElement(TrainProgress, { ...state, start: state.start, columns: io.stdout.columns ?? 80 });
    if (instance) instance.rerender(element);
    else
      instance = render(element, {
        stdout: stream,
        stderr: inkStream(io.stderr),
        // Ctrl+C is the runtime's to turn into an 'interrupted' stop, not ink's.
        exitOnCtrlC: false,
        // A warning logged mid-run (tfjs has some) is written above the view instead of through it.
        // patch-console needs console.Console, which a test runner's stand-in console may lack.
        patchConsole: typeof console.Console === 'function',
      });
  };
  // Draws the newest state once: events that come while ink is still loading share one draw.
  const drawSoon = () => {
    clearTimeout(timer);
    timer = undefined;
    lastDraw = performance.now();
    // A draw that fails fails again in finish(), which reports it.
    queued ??= draw().catch(() => {});
  };

  return {
    onEvent(e) {
      if (done) return;
      if (e.kind === 'batch') {
        state.current = e;
        const wait = lastDraw + BATCH_REDRAW_MS - performance.now();
        if (wait <= 0) drawSoon();
        // The newest batch is drawn when the wait is over, even if the next one is slow to come.
        else timer ??= setTimeout(drawSoon, wait).unref();
        return;
      }
      if (e.kind === 'start') state.start ??= e;
      else if (e.kind === 'epoch') {
        state.finished = [...state.finished, e];
        state.current = undefined;
      } else {
        state.stop = e;
        state.current = undefined;
      }
      drawSoon();
    },
    finish() {
      // Once: a second unmount would wait for an exit that already happened.
      finishing ??= finishRun();
      return finishing;
    },
  };

  async function finishRun() {
    clearTimeout(timer);
    timer = undefined;
    await queued;
    await draw();
    done = true;
    if (!instance) {
      // Stopped before it started (interrupted while loading data): still say why.
      if (state.stop) io.stdout.write(`${stopLine(state.stop)}\n`);
      return;
    }
    const exited = instance.waitUntilExit();
    // Unmounting writes the final frame and leaves it on screen, the cursor below it.
    instance.unmount();
    await exited;
  }
}

/**
 * ink writes to a Node stream: it listens for 'resize' and reads `columns`/`rows`. process.stdout
 * is one; a CliIO a test passes in gets those from an emitter wrapped around its `write`.
 */
function inkStream(target: CliIO['stdout'] | CliIO['stderr']): NodeJS.WriteStream {
  if (typeof (target as Partial<NodeJS.WriteStream>).on === 'function') return target as NodeJS.WriteStream;
  const stream = new EventEmitter();
  Object.defineProperties(stream, {
    isTTY: { get: () => target.isTTY },
    columns: { get: () => ('columns' in target ? target.columns : undefined) },
    write: { value: (text: string) => (target.write(text), true) },
  });
  return stream as unknown as NodeJS.WriteStream;
}
