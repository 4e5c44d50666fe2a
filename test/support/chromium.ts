import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Headless Chromium for the rendering tests. Without the networking flags it tries the network
 * (component updates, field trials) and can hang where there is none; every call has a timeout
 * and a fresh profile directory.
 */

export function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

function run(binary: string, args: string[]): string {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-chromium-'));
  try {
    const r = spawnSync(
      binary,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${profile}`, ...args],
      { encoding: 'utf8', timeout: 60000, maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.error || r.status !== 0) throw new Error(`chromium ${args.join(' ')} failed: ${r.error?.message ?? `exit ${r.status}`}\n${r.stderr}`);
    return r.stdout;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** A PNG of `file` at the given window size. */
export function screenshot(binary: string, file: string, png: string, width: number, height: number): Buffer {
  run(binary, [`--screenshot=${png}`, `--window-size=${width},${height}`, `file://${file}`]);
  return fs.readFileSync(png);
}

/** The DOM of `file` after Chromium parsed it, serialised. */
export function dumpDom(binary: string, file: string): string {
  return run(binary, ['--dump-dom', `file://${file}`]);
}
