/**
 * The tfjs evaluator against NumPy: every case of test/fixtures/expr/cases.json (written by
 * scripts/expr_fixtures.py) is parsed, bound and run on tfjs, on the cpu backend and on wasm,
 * and must equal NumPy's output; its static shape must be the shape tfjs produced; float results
 * must have finite gradients; nothing may leak.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Program } from '../../src/expr/ast.js';
import { bindNames, type Binding } from '../../src/expr/bindings.js';
import { evaluateProgram } from '../../src/expr/evaluate.js';
import { parseProgram } from '../../src/expr/parser.js';
import { inferExpression } from '../../src/expr/shapes.js';
import type { Constant } from '../../src/expr/static.js';
import { readNpy, type NpyArray } from '../support/npy.js';

import { loadTf, useBackend, type Tf } from '../support/tf.js';
type Tensor = import('@tensorflow/tfjs').Tensor;

interface Case {
  name: string;
  expr: string;
  arguments: Record<string, Constant>;
  inputs: string[];
  output: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures', 'expr');
const cases: Case[] = JSON.parse(readFileSync(join(fixtures, 'cases.json'), 'utf8'));

/**
 * Cases valid in NumPy that the static rules refuse on purpose (shapes.ts): they still run here,
 * so the evaluator's NumPy semantics are pinned even where `check` is stricter.
 */
const STATICALLY_REJECTED = new Map([
  ['sum_all', 'shape/batch-axis'], // reduces the batch axis
  ['dot_batched_pair', 'shape/batch-axis'], // pairs every sample with every other
  ['dot_2d_3d', 'shape/batch-axis'],
  ['reshape_batch_and_inferred', undefined], // -1 for the batch and another -1
  ['slice_empty_reversed_bounds', undefined], // selects nothing
  ['slice_empty_past_end', undefined],
  ['slice_empty_equal_bounds', undefined],
  ['slice_empty_negative_step', undefined],
]);
const TOLERANCE = 1e-5;

function compile(c: Pick<Case, 'expr' | 'arguments'>, inputCount: number): { program: Program; names: Map<string, Binding> } {
  const parsed = parseProgram(c.expr);
  if (!parsed.ok) throw new Error(`${c.expr}: ${parsed.error.message}`);
  const inputNames = inputCount === 1 ? ['x'] : Array.from({ length: inputCount }, (_, i) => `in${i}`);
  const bound = bindNames(parsed.program, inputNames, c.arguments);
  if (!bound.ok) throw new Error(`${c.expr}: ${bound.error.message}`);
  return { program: parsed.program, names: bound.names };
}

function toTensor(tf: Tf, a: NpyArray): Tensor {
  return tf.tensor(a.data, a.shape, a.dtype);
}

function expectClose(actual: number[], expected: number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tolerance = TOLERANCE + TOLERANCE * Math.abs(expected[i]);
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) {
      expect.fail(`${label}: element ${i} is ${actual[i]}, NumPy gives ${expected[i]}`);
    }
  }
}


describe('the evaluator module', () => {
  it('imports only the types of tfjs, so `check` never loads it', () => {
    const sources = ['evaluate.ts', ...readdirSync(join(here, '..', '..', 'src', 'expr', 'evaluate')).map((f) => `evaluate/${f}`)];
    expect(sources.length).toBeGreaterThan(1);
    for (const file of sources) {
      const text = readFileSync(join(here, '..', '..', 'src', 'expr', file), 'utf8');
      const tfImports = [...text.matchAll(/^import (.*) from '@tensorflow\/[^']+';$/gm)].map((m) => m[1]);
      expect(tfImports.every((what) => what.startsWith('type ')), file).toBe(true);
      expect(text, file).not.toMatch(/import\(\s*'@tensorflow/);
    }
  });
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`Lambda expressions on tfjs (${backend})`, () => {
    let tf: Tf;
    let available = false;
    beforeAll(async () => {
      tf = await loadTf();
      available = await useBackend(tf, backend);
    });

    describe.each(cases)('$name: $expr', (c) => {
      const load = () => c.inputs.map((file) => toTensor(tf, readNpy(join(fixtures, file))));

      it('equals NumPy, has the static shape and does not leak', (ctx) => {
        if (!available) return ctx.skip();
        const { program, names } = compile(c, c.inputs.length);
        const expected = readNpy(join(fixtures, c.output));
        const inputs = load();
        const before = tf.memory().numTensors;
        const out = evaluateProgram(tf, program, names, inputs);
        expect(tf.memory().numTensors, 'only the result is left').toBe(before + 1);
        expect(out.shape).toEqual(expected.shape);
        expect(out.dtype).toBe(expected.dtype);
        expectClose(Array.from(out.dataSync()), Array.from(expected.data), c.name);

        const inferred = inferExpression(program, names, inputs.map((t) => [null, ...t.shape.slice(1)]), inputs.map((t) => t.dtype as 'float32'));
        if (STATICALLY_REJECTED.has(c.name)) {
          expect(inferred.ok, 'the static rules refuse it').toBe(false);
          const code = STATICALLY_REJECTED.get(c.name);
          if (code && !inferred.ok) expect(inferred.error.code).toBe(code);
        } else {
          if (!inferred.ok) expect.fail(`static rules reject it: ${inferred.error.message}`);
          expect([out.shape[0], ...inferred.shape.slice(1)], 'static shape with the batch size').toEqual(out.shape);
          expect(inferred.shape[0], 'static batch axis').toBeNull();
          expect(inferred.dtype).toBe(out.dtype);
        }
        tf.dispose([out, ...inputs]);
      });

      // Comparisons, argmax and integer arithmetic give bool/int32: nothing to differentiate.
      const differentiable = readNpy(join(fixtures, c.output)).dtype === 'float32';
      if (differentiable) it('has finite gradients for every input', (ctx) => {
        if (!available) return ctx.skip();
        const { program, names } = compile(c, c.inputs.length);
        const inputs = load();
        const before = tf.memory().numTensors;
        const grads = tf.tidy(() => tf.grads((...xs: Tensor[]) => tf.sum(evaluateProgram(tf, program, names, xs)))(inputs));
        expect(tf.memory().numTensors).toBe(before + grads.length);
        grads.forEach((g, i) => {
          expect(g.shape, `gradient ${i}`).toEqual(inputs[i].shape);
          const values = g.dataSync();
          expect(values.every((v) => Number.isFinite(v)), `gradient ${i} is finite`).toBe(true);
        });
        tf.dispose([...grads, ...inputs]);
      });
    });

    it('differentiates strided and reversed slices and stack exactly', (ctx) => {
      if (!available) return ctx.skip();
      const v = tf.tensor2d([[1, 2, 3, 4, 5, 6, 7]]);
      const grad = (expr: string) => {
        const { program, names } = compile({ expr, arguments: {} }, 1);
        // d/dx sum(w * f(x)) with distinct weights shows which element went where.
        return tf.tidy(() => Array.from(tf.grad((x: Tensor) => {
          const y = evaluateProgram(tf, program, names, [x]);
          return tf.sum(tf.mul(y, tf.range(1, y.size + 1).reshape(y.shape)));
        })(v).dataSync()));
      };
      expect(grad('x[:, ::2]')).toEqual([1, 0, 2, 0, 3, 0, 4]);
      expect(grad('x[:, ::-3]')).toEqual([3, 0, 0, 2, 0, 0, 1]);
      expect(grad('x[:, 5:0:-2]')).toEqual([0, 3, 0, 2, 0, 1, 0]);
      expect(grad('x[:, 3:1]')).toEqual([0, 0, 0, 0, 0, 0, 0]);
      expect(grad('stack([x, x * 2], axis=1)')).toEqual([1 + 16, 2 + 18, 3 + 20, 4 + 22, 5 + 24, 6 + 26, 7 + 28]);
      v.dispose();
    });

    it("runs the tutorial's slice/concat model Lambdas (models/slice-concat.yaml)", (ctx) => {
      if (!available) return ctx.skip();
      const model = parseYaml(readFileSync(join(here, '..', '..', 'models', 'slice-concat.yaml'), 'utf8'));
      const a = tf.tensor3d([[[1, 2], [2, 3], [3, 4], [4, 5]]]);
      const run = (layer: { expr: string; arguments: Record<string, Constant> }) => {
        const { program, names } = compile(layer, 1);
        return evaluateProgram(tf, program, names, [a]);
      };
      const x1 = run(model.layers.x1);
      const x2 = run(model.layers.x2);
      expect(x1.arraySync()).toEqual([[[1], [2], [3], [4]]]);
      expect(x2.arraySync()).toEqual([[[2], [3], [4], [5]]]);
      tf.dispose([a, x1, x2]);
    });
  });
}
