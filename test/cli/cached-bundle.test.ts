import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CachedBundle, cacheFileOf } from '../../src/cli/cached-bundle.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-cached-bundle-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A two-chunk bundle the way rolldown writes one: the entry requires a chunk by './name.cjs'. */
function writeBundle(dir: string, answer: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'part-a1.cjs'), `exports.answer = () => ${answer};\n`);
  fs.writeFileSync(path.join(dir, 'entry.cjs'),
    `const part = require('./part-a1.cjs');\nconst path = require('node:path');\nexports.main = () => [part.answer(), path.basename(__filename), typeof module.exports];\n`);
  return path.join(dir, 'entry.cjs');
}

describe('CachedBundle', () => {
  it('runs chunks with CommonJS semantics, with and without caches', () => {
    const entry = writeBundle(path.join(tmp, 'plain'), '41 + 1');
    const warm = new CachedBundle(false);
    expect((warm.require(entry) as { main(): unknown }).main()).toEqual([42, 'entry.cjs', 'object']);
    expect(warm.require(entry)).toBe(warm.require(entry));
    expect(warm.writeCaches()).toBe(2);
    expect(fs.readFileSync(cacheFileOf(entry)).length).toBeGreaterThan(32);
    expect((new CachedBundle().require(entry) as { main(): unknown }).main()).toEqual([42, 'entry.cjs', 'object']);
  });

  it('ignores a cache made from other bytes, even of the same length (V8 checks only the length)', () => {
    const dir = path.join(tmp, 'stale');
    const entry = writeBundle(dir, '41 + 1');
    const warm = new CachedBundle(false);
    (warm.require(entry) as { main(): unknown }).main();
    warm.writeCaches();
    // Same length, other code: a cache used for it would run the old bytecode and answer 42.
    fs.writeFileSync(path.join(dir, 'part-a1.cjs'), 'exports.answer = () => 40 + 7;\n');
    expect((new CachedBundle().require(entry) as { main(): unknown[] }).main()[0]).toBe(47);
  });

  it('makes no cache for a chunk that calls import() (Node 20 cannot serve it from cached code)', () => {
    const dir = path.join(tmp, 'dynamic');
    const entry = writeBundle(dir, '41 + 1');
    fs.appendFileSync(path.join(dir, 'part-a1.cjs'), 'exports.later = () => import(`node:os`);\n');
    const warm = new CachedBundle(false);
    warm.require(entry);
    expect(warm.writeCaches()).toBe(1);
    expect(fs.existsSync(cacheFileOf(path.join(dir, 'part-a1.cjs')))).toBe(false);
  });

  it('runs without a cache file, and with a truncated or garbled one', () => {
    const dir = path.join(tmp, 'broken');
    const entry = writeBundle(dir, '6 * 7');
    fs.writeFileSync(cacheFileOf(entry), Buffer.alloc(10));
    fs.writeFileSync(cacheFileOf(path.join(dir, 'part-a1.cjs')), Buffer.alloc(4096, 7));
    expect((new CachedBundle().require(entry) as { main(): unknown[] }).main()[0]).toBe(42);
  });
});

describe('the built CLI bundle', () => {
  it('has a code cache that V8 accepts for every chunk `check` loads; chunks that import() ES modules still can', () => {
    // Counts, per chunk the CLI loads, whether V8 took its cache. Not a timing test: it proves the
    // build's warm-up (scripts/warm-code-cache.mjs) still covers check's path.
    const probe = `
      const vm = require('node:vm'); const Script = vm.Script; const seen = [];
      vm.Script = class extends Script { constructor(s, o) { super(s, o); seen.push([require('node:path').basename(o.filename), o.cachedData ? (this.cachedDataRejected ? 'rejected' : 'cached') : 'none']); } };
      const { CachedBundle } = require(${JSON.stringify(path.join(ROOT, 'dist/bundle/cached-bundle.cjs'))});
      const { main } = new CachedBundle().require(${JSON.stringify(path.join(ROOT, 'dist/bundle/cli.cjs'))});
      const quiet = { write: () => true };
      let table = '';
      const terminal = { write: (t) => { table += t; return true; }, isTTY: true, columns: 100 };
      (async () => {
        const code = await main(['node', 'layerspec', 'check', 'models/cnn.yaml'], { stdout: quiet, stderr: quiet, env: {}, cwd: ${JSON.stringify(ROOT)} });
        const checked = seen.splice(0);
        // On a terminal, summary draws with ink, an ES module that its chunk loads with import().
        const summary = await main(['node', 'layerspec', 'summary', 'models/cnn.yaml'], { stdout: terminal, stderr: terminal, env: { FORCE_COLOR: '1' }, cwd: ${JSON.stringify(ROOT)} });
        console.log(JSON.stringify({ code, seen: checked, summary, table }));
      })();`;
    const r = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const { code, seen, summary, table } = JSON.parse(r.stdout) as { code: number; seen: [string, string][]; summary: number; table: string };
    expect(code).toBe(0);
    expect(summary, table).toBe(0);
    expect(table).toContain('┏');
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.filter(([, state]) => state !== 'cached')).toEqual([]);
  });
});
