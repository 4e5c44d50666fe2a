/**
 * PAM and CAM (src/layers/pam.ts, cam.ts) against NumPy transcriptions of DANet's PyTorch modules
 * (scripts/danet_fixtures.py, channels_first `bmm` form), on the cpu backend and on wasm: the
 * forward pass of `call` matches to 1e-5 and every weight gets a gradient.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import CAM from '../../src/layers/cam.js';
import type { AnyLayerDef } from '../../src/layers/define.js';
import PAM from '../../src/layers/pam.js';
import { loadTf, type Tf } from '../../src/runtime/backend.js';
import { readNpy } from '../support/npy.js';
import { parseParams, staticLayer } from '../layers/harness.js';

type Tensor = import('@tensorflow/tfjs').Tensor;

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(here, '..', 'fixtures', 'danet');
const DEFS: Record<string, AnyLayerDef> = { PAM, CAM };

interface FixtureCase {
  name: string;
  layer: 'PAM' | 'CAM';
  x: string;
  weights: Record<string, string>;
  out: string;
  /** CAM only: DANet's own formula (softmax of max - energy), which CAM does not follow. */
  danet_out?: string;
}

const CASES: FixtureCase[] = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8'));

function tensorOf(tf: Tf, file: string): Tensor {
  const a = readNpy(join(FIXTURES, file));
  return tf.tensor(a.data as Float32Array, a.shape, 'float32');
}

/** The largest |actual - expected|, element by element (same shapes required). */
function worstDifference(actual: Tensor, expected: Tensor): number {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  return Math.max(...Array.from(e, (v, k) => Math.abs(v - a[k])));
}

/** The layer's defaults, as `check` parses them. */
function defaultParams(def: AnyLayerDef): Record<string, unknown> {
  const parsed = parseParams(def, {});
  if (!parsed.success) throw new Error(`${def.type}: its defaults do not parse`);
  return parsed.data as Record<string, unknown>;
}

describe('the DANet layer modules', () => {
  for (const file of ['pam.ts', 'cam.ts', join('common', 'danet.ts')]) {
    it(`${file} imports only the types of tfjs, so \`check\` never loads it`, () => {
      const text = readFileSync(join(here, '..', '..', 'src', 'layers', file), 'utf8');
      expect(text).not.toMatch(/^import (?!type )[^;]*'@tensorflow\//m);
      expect(text).not.toMatch(/import\(\s*'@tensorflow/);
    });
  }

  it('the fixtures hold the weights the static rules declare (the .npz weight contract)', () => {
    for (const c of CASES) {
      const x = readNpy(join(FIXTURES, c.x));
      const { weights } = staticLayer(DEFS[c.layer], {}, [[null, ...x.shape.slice(1)]]);
      const fixture = Object.entries(c.weights).map(([name, file]) => [name, readNpy(join(FIXTURES, file)).shape]);
      expect(fixture, c.name).toEqual(weights.map((w) => [w.name, w.shape]));
    }
  });
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`PAM and CAM call() on tfjs (${backend})`, () => {
    let tf: Tf;
    let available = false;
    beforeAll(async () => {
      // The commands' loader (its tf is the type `call` takes); a backend that cannot load here is skipped, said once.
      try {
        tf = (await loadTf({ backend })).tf;
        available = true;
      } catch (error) {
        console.warn(`${backend} backend skipped: ${String(error)}`);
      }
    });

    for (const c of CASES) {
      it(`${c.name}: matches DANet's formula (NumPy) to 1e-5`, (ctx) => {
        if (!available) ctx.skip();
        const def = DEFS[c.layer];
        const x = tensorOf(tf, c.x);
        const weights = Object.fromEntries(Object.entries(c.weights).map(([name, file]) => [name, tensorOf(tf, file)]));
        const expected = tensorOf(tf, c.out);
        const y = tf.tidy(() => def.call!(tf, [x], weights, defaultParams(def)));
        expect(worstDifference(y, expected)).toBeLessThan(1e-5);
        if (c.danet_out) {
          // CAM follows softmax(A·Aᵀ), as cam.ts documents, not DANet's softmax(max - A·Aᵀ).
          const danet = tensorOf(tf, c.danet_out);
          expect(worstDifference(y, danet)).toBeGreaterThan(0.05);
          danet.dispose();
        }
        tf.dispose([x, y, expected, ...Object.values(weights)]);
      });

      it(`${c.name}: every weight gets a non-zero gradient`, (ctx) => {
        if (!available) ctx.skip();
        const def = DEFS[c.layer];
        const x = tensorOf(tf, c.x);
        const names = Object.keys(c.weights);
        const values = names.map((name) => tensorOf(tf, c.weights[name]));
        const params = defaultParams(def);
        // A loss that depends on every output element unevenly (a plain sum would cancel in the softmax).
        const target = tf.randomNormal(x.shape, 0, 1, 'float32', 7);
        const grads = tf.grads((...ws: Tensor[]) =>
          tf.sum(tf.square(tf.sub(def.call!(tf, [x], Object.fromEntries(names.map((n, k) => [n, ws[k]])), params), target))),
        )(values);
        for (const [k, g] of grads.entries()) {
          expect(g.shape, names[k]).toEqual(values[k].shape);
          const magnitude = tf.max(tf.abs(g)).dataSync()[0];
          expect(Number.isFinite(magnitude) && magnitude > 1e-6, `${c.name}: gradient of ${names[k]} is ${magnitude}`).toBe(true);
        }
        tf.dispose([x, target, ...values, ...grads]);
      });
    }
  });
}
