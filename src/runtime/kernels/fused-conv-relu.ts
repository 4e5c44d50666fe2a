import type * as tfTypes from '@tensorflow/tfjs';
import type { Tf } from './patches.js';
import { reluBackward } from './relu-gradient.js';

/**
 * tfjs-layers' Conv2D with a bias and ReLU calls tf.fused.conv2d: on wasm one XNNPACK convolution
 * that adds the bias and applies ReLU as it writes. But while a gradient is being recorded,
 * tfjs-core 4.22 (`shouldFuse`) runs it as three ops for any activation but linear: the
 * convolution, then Add and Relu, two more passes over the output (~1.9 ms of a 32-row training
 * step of the reference CNN). Its own fused gradient handles ReLU all the same (dy * step(y), y the
 * output: y > 0 exactly where the sum before ReLU is). Here the fused kernel runs while recording
 * too, for ReLU, under a gradient registered for FusedConv2D (tfjs has none: its fused op wraps the
 * kernel in a customGrad, which would compute the input's gradient even where nothing needs it,
 * as for a model's first layer): ReLU's gradient once, in one SIMD pass on wasm, then each input's
 * gradient only if the tape asks for it, as the unfused ops' gradients compute them. Anything else
 * (other activations, NCHW, dilations, PReLU weights, not float32) goes to tfjs's own op unchanged.
 */
type FusedConv2dArgs = Parameters<Tf['fused']['conv2d']>[0];
type Tensor = tfTypes.Tensor;
interface FusedConvAttrs {
  strides: [number, number] | number;
  pad: unknown;
  dataFormat: 'NHWC';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation: string;
}

/** The `tf.fused` objects whose conv2d is ours (installing twice changes nothing). */
const installed = new WeakSet<object>();

export function installFusedConvReluGradient(tf: Tf): void {
  if (installed.has(tf.fused)) return;
  installed.add(tf.fused);
  if (!tf.getGradient('FusedConv2D')) {
    tf.registerGradient({
      kernelName: 'FusedConv2D',
      inputsToSave: ['x', 'filter'],
      outputsToSave: [true],
      gradFunc: (dy, saved, attrs) => {
        const [x, filter, y] = saved as Tensor[];
        const { strides, pad, dataFormat, dimRoundingMode, activation } = attrs as unknown as FusedConvAttrs;
        if (activation !== 'relu') throw new Error(`layerspec's FusedConv2D gradient is for relu only, not ${activation}`);
        // Computed here, once, outside the tidy of each input's gradient below.
        const dyRelu = reluBackward(tf, dy as Tensor, y);
        const conv = { strides, pad, dataFormat, dimRoundingMode };
        return {
          x: () => tf.engine().runKernel('Conv2DBackpropInput', { dy: dyRelu, filter }, { ...conv, inputShape: x.shape } as never) as Tensor,
          filter: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: dyRelu }, { ...conv, filterShape: filter.shape } as never) as Tensor,
          bias: () => tf.sum(dyRelu, [0, 1, 2]),
        };
      },
    });
  }
  const original = tf.fused.conv2d;
  const fused = (args: FusedConv2dArgs) => {
    const { x, filter, bias, strides, pad, dataFormat = 'NHWC', dilations = [1, 1], dimRoundingMode, activation, preluActivationWeights } = args;
    const ones = Array.isArray(dilations) ? dilations.every((d) => d === 1) : dilations === 1;
    const fits = tf.engine().state.gradientDepth > 0 && activation === 'relu' && dataFormat === 'NHWC' && ones && preluActivationWeights == null
      && x instanceof tf.Tensor && filter instanceof tf.Tensor && x.rank === 4 && filter.rank === 4 && x.dtype === 'float32' && filter.dtype === 'float32'
      && (bias == null || (bias instanceof tf.Tensor && bias.rank === 1 && bias.dtype === 'float32' && bias.shape[0] === filter.shape[3]));
    if (!fits) return original(args);
    const inputs = bias == null ? { x, filter } : { x, filter, bias };
    return tf.engine().runKernel('FusedConv2D', inputs as never, { strides, pad, dataFormat, dilations, dimRoundingMode, activation: 'relu' } as never) as tfTypes.Tensor4D;
  };
  tf.fused.conv2d = fused as Tf['fused']['conv2d'];
}
