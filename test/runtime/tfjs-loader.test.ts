import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireWithCodeCache } from '../../src/runtime/tfjs-loader.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe("tfjs's bundles loaded with the code cache", () => {
  it("are Node's own module instances: a later require gets the same tfjs-core", () => {
    const core = requireWithCodeCache(import.meta.url, '@tensorflow/tfjs-core');
    expect(core).toBe(createRequire(import.meta.url)('@tensorflow/tfjs-core'));
    expect(requireWithCodeCache(import.meta.url, '@tensorflow/tfjs-core')).toBe(core);
  });

  it('use the caches the build made: V8 takes each one, and tfjs works (a fresh process, as a job starts)', () => {
    // Counts, per script compiled, whether V8 took its cache. Not a timing test: it proves the
    // build's warm-up (scripts/warm-code-cache.mjs) still makes the caches and they still fit.
    const probe = `
      const vm = require('node:vm'); const Script = vm.Script; const seen = [];
      vm.Script = class extends Script { constructor(s, o) { super(s, o); seen.push([require('node:path').basename(o.filename), o.cachedData ? (this.cachedDataRejected ? 'rejected' : 'cached') : 'none']); } };
      import(${JSON.stringify(path.join(ROOT, 'dist/runtime/backend.js'))}).then(async ({ loadTf }) => {
        const { tf, backend } = await loadTf({ backend: 'wasm' });
        const sum = tf.add(tf.tensor1d([1, 2]), 1).dataSync();
        console.log(JSON.stringify({ seen, backend, sum: Array.from(sum), chained: tf.tensor1d([-2]).abs().dataSync()[0] }));
      });`;
    const run = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const { seen, backend, sum, chained } = JSON.parse(run.stdout) as { seen: [string, string][]; backend: string; sum: number[]; chained: number };
    expect(Object.fromEntries(seen)).toEqual({ 'tf-core.node.js': 'cached', 'tf-layers.node.js': 'cached', 'tf-backend-wasm.node.js': 'cached' });
    expect([backend, sum, chained]).toEqual(['wasm', [2, 3], 2]);
  });
});
