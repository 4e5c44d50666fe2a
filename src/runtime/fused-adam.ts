import type * as tfTypes from '@tensorflow/tfjs';
import { wasmBackend, type Tf } from './kernels/patches.js';
import { adamUpdate, simdKernels, type AdamScalars } from './kernels/simd/simd-kernels.js';

/** The parts of tfjs 4.22's AdamOptimizer its applyGradients uses (not in its public types). */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tfTypes.Variable;
  accBeta2: tfTypes.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tfTypes.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tfTypes.Variable } | undefined)[];
  applyGradients(gradients: tfTypes.NamedTensorMap | { name: string; tensor: tfTypes.Tensor }[]): void;
  incrementIterations(): void;
}

/**
 * `optimizer` (tfjs's AdamOptimizer) with its update done in one wasm SIMD pass per variable
 * (kernels/simd: `adam`) instead of twelve tfjs ops, on the wasm backend: ~5 → ~1 ms a step of the
 * reference CNN. It is tfjs's applyGradients, step for step, with the same variables (so
 * checkpoints and getWeights/setWeights are unchanged) and the same float32 results bit for bit
 * (test/runtime/fused-adam.test.ts); elsewhere, or when a variable is not a non-empty float32 one,
 * tfjs's own applyGradients runs.
 */
export function withFusedAdam<O extends tfTypes.Optimizer>(tf: Tf, optimizer: O): O {
  const adam = optimizer as unknown as AdamInternals;
  const tfjsApply = adam.applyGradients.bind(adam);
  adam.applyGradients = (gradients) => {
    const named = Array.isArray(gradients) ? gradients : Object.entries(gradients).map(([name, tensor]) => ({ name, tensor }));
    const wasm = wasmBackend(tf);
    const fits = ({ name, tensor }: { name: string; tensor: tfTypes.Tensor | null }) => {
      const value = tf.engine().registeredVariables[name];
      return value?.dtype === 'float32' && value.size > 0 && (tensor == null || tensor.dtype === 'float32');
    };
    if (!wasm || !simdKernels(wasm) || !named.every(fits)) {
      tfjsApply(gradients);
      return;
    }
    tf.tidy(() => {
      const scalar = (t: tfTypes.Tensor) => t.dataSync()[0];
      const k: AdamScalars = {
        beta1: Math.fround(adam.beta1),
        oneMinusBeta1: Math.fround(1 - adam.beta1),
        beta2: Math.fround(adam.beta2),
        oneMinusBeta2: Math.fround(1 - adam.beta2),
        oneMinusAccBeta1: scalar(tf.sub(1, adam.accBeta1)),
        oneMinusAccBeta2: scalar(tf.sub(1, adam.accBeta2)),
        epsilon: Math.fround(adam.epsilon),
        negativeLearningRate: Math.fround(-adam.learningRate),
      };
      named.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name];
        adam.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        adam.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        if (gradient == null) return;
        const m = adam.accumulatedFirstMoment[i]!.variable;
        const v = adam.accumulatedSecondMoment[i]!.variable;
        const fused = adamUpdate(wasm, value, m, v, gradient, k)!;
        const tensor = (info: tfTypes.TensorInfo) => tf.engine().makeTensorFromTensorInfo(info) as tfTypes.Tensor;
        m.assign(tensor(fused.m));
        v.assign(tensor(fused.v));
        value.assign(tensor(fused.value));
      });
      adam.accBeta1.assign(tf.mul(adam.accBeta1, adam.beta1));
      adam.accBeta2.assign(tf.mul(adam.accBeta2, adam.beta2));
    });
    adam.incrementIterations();
  };
  return optimizer;
}
