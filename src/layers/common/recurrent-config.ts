import type { TfModule } from '../define.js';
import * as K from '../../runtime/keras-config.js';
import type { ActivationName } from './activations.js';
import type { InitializerSpec } from './initializers.js';

interface RecurrentBuildParams {
  units: number;
  activation: ActivationName | null;
  use_bias: boolean;
  kernel_initializer: InitializerSpec;
  recurrent_initializer: InitializerSpec;
  bias_initializer: InitializerSpec;
  kernel_regularizer: K.RegularizerSpec;
  recurrent_regularizer: K.RegularizerSpec;
  bias_regularizer: K.RegularizerSpec;
  kernel_constraint: K.ConstraintSpec;
  recurrent_constraint: K.ConstraintSpec;
  bias_constraint: K.ConstraintSpec;
  dropout: number;
  recurrent_dropout: number;
  return_sequences: boolean;
  go_backwards: boolean;
}

/** The tfjs arguments SimpleRNN, LSTM and GRU share, Keras's values always passed. */
export function recurrentConfig(tf: TfModule, p: RecurrentBuildParams) {
  return {
    units: p.units,
    activation: K.activation(p.activation),
    useBias: p.use_bias,
    kernelInitializer: K.initializer(tf, p.kernel_initializer),
    recurrentInitializer: K.initializer(tf, p.recurrent_initializer),
    biasInitializer: K.initializer(tf, p.bias_initializer),
    kernelRegularizer: K.regularizer(tf, p.kernel_regularizer),
    recurrentRegularizer: K.regularizer(tf, p.recurrent_regularizer),
    biasRegularizer: K.regularizer(tf, p.bias_regularizer),
    kernelConstraint: K.constraint(tf, p.kernel_constraint),
    recurrentConstraint: K.constraint(tf, p.recurrent_constraint),
    biasConstraint: K.constraint(tf, p.bias_constraint),
    dropout: p.dropout,
    recurrentDropout: p.recurrent_dropout,
    returnSequences: p.return_sequences,
    goBackwards: p.go_backwards,
    stateful: false,
    // unroll is not passed: tfjs ignores it and warns on the console when it is true.
  };
}
