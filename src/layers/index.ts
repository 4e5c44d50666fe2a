import type { AnyLayerDef } from './define.js';
import Activation from './activation.js';
import Add from './add.js';
import Average from './average.js';
import AveragePooling1D from './average-pooling1d.js';
import AveragePooling2D from './average-pooling2d.js';
import BatchNormalization from './batch-normalization.js';
import Bidirectional from './bidirectional.js';
import CAM from './cam.js';
import Concatenate from './concatenate.js';
import Conv1D from './conv1d.js';
import Conv2D from './conv2d.js';
import Conv2DTranspose from './conv2d-transpose.js';
import Cropping2D from './cropping2d.js';
import Dense from './dense.js';
import DepthwiseConv2D from './depthwise-conv2d.js';
import Dot from './dot.js';
import Dropout from './dropout.js';
import ELU from './elu.js';
import Embedding from './embedding.js';
import Flatten from './flatten.js';
import GlobalAveragePooling1D from './global-average-pooling1d.js';
import GlobalAveragePooling2D from './global-average-pooling2d.js';
import GlobalMaxPooling1D from './global-max-pooling1d.js';
import GlobalMaxPooling2D from './global-max-pooling2d.js';
import GRU from './gru.js';
import KernelDot from './kernel-dot.js';
import Lambda from './lambda.js';
import LayerNormalization from './layer-normalization.js';
import LeakyReLU from './leaky-relu.js';
import LocallyConnected2D from './locally-connected2d.js';
import LSTM from './lstm.js';
import Masking from './masking.js';
import MaxPooling1D from './max-pooling1d.js';
import MaxPooling2D from './max-pooling2d.js';
import Maximum from './maximum.js';
import Minimum from './minimum.js';
import Multiply from './multiply.js';
import PAM from './pam.js';
import Permute from './permute.js';
import PReLU from './prelu.js';
import ReLU from './relu.js';
import RepeatVector from './repeat-vector.js';
import Reshape from './reshape.js';
import Scale from './scale.js';
import SeparableConv2D from './separable-conv2d.js';
import SimpleRNN from './simple-rnn.js';
import Softmax from './softmax.js';
import SpatialDropout1D from './spatial-dropout1d.js';
import Subtract from './subtract.js';
import TimeDistributed from './time-distributed.js';
import UpSampling2D from './up-sampling2d.js';
import ZeroPadding2D from './zero-padding2d.js';
import { Registry } from './registry.js';

/** Every built-in layer type, sorted by name. Adding a type = one file + one line here. */
export const BUILTIN_LAYERS: readonly AnyLayerDef[] = [
  Activation,
  Add,
  Average,
  AveragePooling1D,
  AveragePooling2D,
  BatchNormalization,
  Bidirectional,
  CAM,
  Concatenate,
  Conv1D,
  Conv2D,
  Conv2DTranspose,
  Cropping2D,
  Dense,
  DepthwiseConv2D,
  Dot,
  Dropout,
  ELU,
  Embedding,
  Flatten,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  GRU,
  KernelDot,
  Lambda,
  LayerNormalization,
  LeakyReLU,
  LocallyConnected2D,
  LSTM,
  Masking,
  Maximum,
  MaxPooling1D,
  MaxPooling2D,
  Minimum,
  Multiply,
  PAM,
  Permute,
  PReLU,
  ReLU,
  RepeatVector,
  Reshape,
  Scale,
  SeparableConv2D,
  SimpleRNN,
  Softmax,
  SpatialDropout1D,
  Subtract,
  TimeDistributed,
  UpSampling2D,
  ZeroPadding2D,
];

export function builtinRegistry(): Registry {
  return new Registry(BUILTIN_LAYERS);
}
