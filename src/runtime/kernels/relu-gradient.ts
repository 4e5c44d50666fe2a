import type * as tfTypes from '@tensorflow/tfjs';
import { wasmBackend, type Tf } from './patches.js';
import { reluGrad } from './simd/simd-kernels.js';

type GradConfig = NonNullable<ReturnType<Tf['getGradient']>>;

/**
 * dy * step(x), ReLU's gradient at x (or at its output y: y > 0 exactly where x is), in one SIMD
 * pass on wasm; tfjs's Step and Multiply elsewhere or where the pass does not apply.
 */
export function reluBackward(tf: Tf, dy: tfTypes.Tensor, x: tfTypes.Tensor): tfTypes.Tensor {
  const wasm = wasmBackend(tf);
  const fused = wasm && reluGrad(wasm, dy, x);
  return fused ? (tf.engine().makeTensorFromTensorInfo(fused) as tfTypes.Tensor) : tf.mul(dy, tf.step(x));
}

/** The ReLU gradient registered here, to recognise it (registering twice is a no-op). */
const ours = new WeakSet<object>();

/**
 * ReLU's gradient on wasm in one SIMD pass (simd/simd-kernels.ts) instead of tfjs's Step, Cast and
 * Multiply, with the same values bit for bit; tfjs's own elsewhere, and wherever the pass does not
 * apply. Gradients are global in tfjs, so the backend is asked at each call.
 */
export function registerReluGradient(tf: Tf): void {
  const original = tf.getGradient('Relu');
  if (!original || ours.has(original.gradFunc)) return;
  const tfjsGradient = original.gradFunc;
  const gradFunc: GradConfig['gradFunc'] = (dy, saved, attrs) => {
    const wasm = wasmBackend(tf);
    if (!wasm || Array.isArray(dy)) return tfjsGradient(dy, saved, attrs);
    return {
      x: () => {
        const fused = reluGrad(wasm, dy, saved[0]);
        return fused ? (tf.engine().makeTensorFromTensorInfo(fused) as tfTypes.Tensor) : (tfjsGradient(dy, saved, attrs).x() as tfTypes.Tensor);
      },
    };
  };
  ours.add(gradFunc);
  tf.registerGradient({ ...original, gradFunc });
}
