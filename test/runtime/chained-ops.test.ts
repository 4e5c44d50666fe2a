import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf, useBackend, type Tf } from '../support/tf.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let tf: Tf;

beforeAll(async () => {
  tf = await loadTf();
  await useBackend(tf, 'cpu');
});

/** The Tensor methods a process has after requiring `modules` (a child process: the umbrella is never loaded here). */
function tensorMethods(modules: string[]): string[] {
  const script = `${modules.map((m) => `require('${m}');`).join('')}const core = require('@tensorflow/tfjs-core');` +
    'console.log(JSON.stringify(Object.getOwnPropertyNames(core.Tensor.prototype).sort()))';
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as string[];
}

describe('chained tensor methods without the @tensorflow/tfjs umbrella', () => {
  it("are the umbrella's, every one", () => {
    const umbrella = tensorMethods(['@tensorflow/tfjs']);
    const bare = tensorMethods(['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers']);
    const ours = Object.getOwnPropertyNames(tf.Tensor.prototype).sort();
    expect(umbrella.length - bare.length).toBeGreaterThan(100);
    expect(ours).toEqual(umbrella);
  });

  it('each calls an op the namespace has', () => {
    const source = fs.readFileSync(path.join(ROOT, 'src', 'runtime', 'chained-ops.ts'), 'utf8');
    const paths = new Set([...source.matchAll(/\btf\.([\w.]+)\(/g)].map((m) => m[1]));
    expect(paths.size).toBeGreaterThan(100);
    for (const p of paths) {
      const value = p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], tf);
      expect(typeof value, `tf.${p}`).toBe('function');
    }
  });

  it('compute what the ops compute (a few, with arguments, defaults, lists and the image namespace)', () => {
    const x = tf.tensor2d([[1, -2], [3, -4]]);
    const close = (a: import('@tensorflow/tfjs').Tensor, b: import('@tensorflow/tfjs').Tensor) => expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    close(x.abs(), tf.abs(x));
    close(x.add(x).sign(), tf.sign(tf.add(x, x)));
    close(x.concat([x, x], 1), tf.concat([x, x, x], 1));
    close(x.stack(x), tf.stack([x, x]));
    close(tf.tensor1d([0, 2], 'int32').oneHot(3, 1, 0), tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3));
    close(x.reshape([1, 2, 2, 1]).resizeBilinear([4, 4]), tf.image.resizeBilinear(x.reshape([1, 2, 2, 1]) as import('@tensorflow/tfjs').Tensor4D, [4, 4]));
    expect(() => x.asScalar()).toThrow('The array must have only 1 element.');
    expect(x.toFloat().dtype).toBe('float32');
  });

  it('the committed file is generated from the installed tfjs-core', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'gen-chained-ops.mjs'), '--check'], { cwd: ROOT, stdio: 'pipe' });
  });
});
