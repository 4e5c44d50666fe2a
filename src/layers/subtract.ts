import { elementwiseMergeLayer } from './common/merge.js';
import { EXACTLY_TWO } from './define.js';

/** keras.layers.Subtract: `inputs[0] - inputs[1]`, elementwise, with broadcasting. */
export default elementwiseMergeLayer({
  type: 'Subtract',
  description: 'Subtracts its second input from its first, elementwise (exactly two inputs, same shape or broadcastable).',
  arity: EXACTLY_TWO,
});
