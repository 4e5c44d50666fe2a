import type * as tfTypes from '@tensorflow/tfjs';
import type { TfLayer, TfModule } from '../layers/define.js';
import { formatShape, type Shape } from '../shape/shape.js';

/**
 * A plugin's `call` and `inferShape` are separate functions that can disagree, and tfjs never runs
 * `call` while building a model (it asks the static rule). So a plugin layer is run once when the
 * model is built: on zeros with batch 1 (unknown sizes as 1), its output must have the static shape.
 * Returns the problem, or undefined. Built-in layers are covered by the layer harness instead.
 */
export function callShapeProblem(tf: TfModule, layer: TfLayer, inputs: readonly tfTypes.SymbolicTensor[], expected: Shape): string | undefined {
  const concrete = inputs.map((t) => t.shape.map((d) => d ?? 1));
  let got: number[] | undefined;
  tf.tidy(() => {
    const zeros = inputs.map((t, i) => tf.zeros(concrete[i], t.dtype));
    const out = layer.call(zeros, {}) as tfTypes.Tensor | tfTypes.Tensor[];
    got = Array.isArray(out) ? undefined : [...out.shape];
  });
  const fits = got !== undefined && got.length === expected.length && got.every((d, i) => (i === 0 ? d === 1 : expected[i] === null || expected[i] === d));
  if (fits) return undefined;
  const input = concrete.map((s) => formatShape(s)).join(', ');
  return `call returns a tensor of shape ${got ? formatShape(got) : '(a list)'} for input ${input}, but inferShape gives ${formatShape(expected)}; make the two agree`;
}
