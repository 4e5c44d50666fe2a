import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf, useBackend, type Tf } from '../support/tf.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let tf: Tf;

beforeAll(async () => {
  tf = await loadTf();
});

/** [shape, min, max, dtype, seed] */
type Case = [number[], number, number, 'float32' | 'int32', number | string | undefined];
const CASES: Case[] = [
  [[5], 0, 1, 'float32', 1],
  [[3, 4], -0.05, 0.05, 'float32', 42],
  [[2304, 16], -0.0494, 0.0494, 'float32', 7.5],
  [[7, 1, 3], -3, 3, 'float32', 'a seed string'],
  [[0, 4], 0, 1, 'float32', 3],
  [[10], -10, 10, 'int32', 9],
  [[6], 0, 1, 'float32', undefined],
];

let stock: number[][] | undefined;

/** tfjs-core's own randomUniform, in a process of its own (where nothing replaced it), Math.random drawing 0.123 then 0.456. */
function stockValues(): number[][] {
  const script = `
    const tf = require('@tensorflow/tfjs-core'); require('@tensorflow/tfjs-backend-cpu'); tf.env().set('PROD', true);
    const draws = [0.123, 0.456]; Math.random = () => draws.shift();
    tf.setBackend('cpu').then(() => console.log(JSON.stringify(${JSON.stringify(CASES)}.map(([s, a, b, d, seed]) => Array.from(tf.randomUniform(s, a, b, d, seed ?? undefined).dataSync())))));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as number[][];
}

describe('randomUniform (initializers, dropout masks)', () => {
  it.each(['cpu', 'wasm'] as const)("gives tfjs's values bit for bit on %s: seeds as numbers and strings, ranges, shapes, int32, and Math.random for no seed", async (backend) => {
    expect(await useBackend(tf, backend)).toBe(true);
    const random = Math.random;
    const draws = [0.123, 0.456];
    Math.random = () => draws.shift()!;
    let ours: number[][];
    try {
      ours = CASES.map(([s, a, b, d, seed]) => Array.from(tf.randomUniform(s, a, b, d, seed as number).dataSync()));
    } finally {
      Math.random = random;
    }
    expect(draws, 'one Math.random draw for the one case without a seed').toEqual([0.456]);
    expect(ours).toEqual(stock ??= stockValues());
  });

  it('is the one tfjs-layers calls: a seeded initializer gives the same weights twice, from tfjs-core\'s own exports', () => {
    const init = () => tf.initializers.glorotUniform({ seed: 5 }).apply([40, 30]).dataSync();
    expect(Array.from(init())).toEqual(Array.from(init()));
    expect(Array.from(init()).slice(0, 4)).toEqual(Array.from(tf.randomUniform([40, 30], -Math.sqrt(6 / 70), Math.sqrt(6 / 70), 'float32', 5).dataSync()).slice(0, 4));
  });
});
