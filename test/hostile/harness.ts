/**
 * The hostile-input catalogue's runner. A case is data: the files it writes into its own
 * temporary directory, the command line, the exit code, and what the output must say (the file,
 * the place: line:col, flag or entry name, and what to do). Every case also checks what no case may
 * do: print a stack trace or an internal error, leave a new file behind (a partial output, a
 * temporary file, a created directory) when it fails, or take longer than a hang guard.
 *
 * Cases run in-process through `main(argv, io)` (the same function bin/layerspec.js awaits, with
 * stdout/stderr captured), which keeps 150+ cases within seconds; `spawn: true` runs the real bin
 * in a child process, for what only a process shows (crashes, unhandled rejections, exit codes
 * as the shell sees them).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ROOT, runCli } from '../cli/run-cli.js';
import { runMain } from '../support/run-main.js';

export interface HostileCase {
  name: string;
  /** Files written into the case's directory (the command's cwd) first: relative path -> content. */
  files?: Record<string, string | Uint8Array | (() => string | Uint8Array)>;
  /**
   * A layerspec command run in the case's directory after `files` and before `setup`, which must
   * succeed: a `train` that leaves a checkpoint to resume from. Slow, so faithful.test skips such cases.
   */
  runFirst?: string[];
  /** Anything else to prepare in the case's directory (symlinks, directories). */
  setup?: (dir: string) => void | Promise<void>;
  /** Arguments after `layerspec`; relative paths resolve in the case's directory, `@/x` in the repository. */
  args: string[];
  exit: 0 | 1 | 2;
  /** What the output (stderr + stdout) must name: the file and the place (line:col, flag, entry, layer). */
  where: (string | RegExp)[];
  /** What it must say to do about it. */
  hint: RegExp;
  /** Paths (relative to the case's directory) the command may create; all others must stay absent. */
  creates?: string[];
  /** Run the real bin in a child process instead of main() in this process. */
  spawn?: boolean;
}

export interface CaseRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  dir: string;
}

/** Generous: this guards against hangs (exponential parsing, unbounded reads), not for speed. */
export const HANG_GUARD_MS = 20000;

const resolveArg = (arg: string) => (arg.startsWith('@/') ? path.join(ROOT, arg.slice(2)) : arg);

function listTree(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    out.push(path.relative(dir, path.join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

export async function prepareCase(c: HostileCase, parent: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(parent, `${c.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}-`));
  for (const [name, content] of Object.entries(c.files ?? {})) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'function' ? content() : content);
  }
  if (c.runFirst) {
    const r = await runMain(c.runFirst, dir);
    if (r.code !== 0) throw new Error(`${c.name}: runFirst exited ${r.code}: ${r.stderr}`);
  }
  await c.setup?.(dir);
  return dir;
}

export async function runCase(c: HostileCase, dir: string): Promise<CaseRun> {
  const args = c.args.map(resolveArg);
  const start = performance.now();
  if (c.spawn) {
    const r = runCli(args, { cwd: dir });
    return { ...r, ms: performance.now() - start, dir };
  }
  const r = await runMain(args, dir);
  return { ...r, ms: performance.now() - start, dir };
}

/** Node's or a library's own error dumps, which a user error must never show. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;
const ERROR_DUMP = /^(Uncaught )?(Error|TypeError|RangeError|SyntaxError|ReferenceError|AssertionError)( \[[A-Z_]+\])?: /m;

export function expectHandled(c: HostileCase, r: CaseRun, before: readonly string[]): void {
  const output = `${r.stderr}${r.stdout}`;
  const say = `${c.name}\n--- exit ${r.code}\n${output}`;
  expect(r.code, say).toBe(c.exit);
  for (const w of c.where) {
    if (typeof w === 'string') expect(output, say).toContain(w);
    else expect(output, say).toMatch(w);
  }
  expect(output, say).toMatch(c.hint);
  expect(output, say).not.toMatch(STACK_FRAME);
  expect(output, say).not.toMatch(ERROR_DUMP);
  expect(output, say).not.toContain('layerspec: internal error');
  // Text from a hostile file must not drive the terminal (NO_COLOR is set, so no escape is ours).
  expect(output, `${say}\n(raw control characters)`).not.toMatch(/[\u001b\u0007\u202a-\u202e\u2066-\u2069]/);
  const created = listTree(r.dir).filter((f) => !before.includes(f) && !(c.creates ?? []).some((allowed) => f === allowed || f.startsWith(`${allowed}${path.sep}`)));
  expect(created, `${c.name}: files left behind`).toEqual([]);
  expect(r.ms, `${c.name}: took ${Math.round(r.ms)} ms`).toBeLessThan(HANG_GUARD_MS);
}

/** One test per case; the case names must be unique, so a failure names its case. */
export function catalogueTests(cases: readonly HostileCase[], minimum: number): void {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-hostile-'));
  afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));
  it(`has at least ${minimum} cases, uniquely named`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(minimum);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = await prepareCase(c, parent);
    const before = listTree(dir);
    const r = await runCase(c, dir);
    expectHandled(c, r, before);
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
